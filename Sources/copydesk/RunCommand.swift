import ArgumentParser
import CopydeskDaemon
import Foundation
import Logging

/// `copydesk run`: the daemon, in the foreground.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon in the foreground (systemd runs the same).",
        discussion: """
        Watches the drop directories, runs every article through its pipeline and appends \
        it to the log; a file moves to done/ only once its records are durable, or to \
        failed/ with NAME.error.json. With no options it runs the embedded default under \
        ./copydesk-data (or $STATE_DIRECTORY): drop files into ./copydesk-data/drop. \
        SIGTERM drains and exits 0; SIGHUP reloads a validated configuration.
        """
    )

    @OptionGroup var options: DaemonOptions

    @Option(help: "Log level.")
    var logLevel: Logger.Level = .info

    func run() throws {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = level
            return h
        }
        let options = self.options
        let status = DaemonMain.run(load: { try options.load() }, builder: PipelineSetup.builder,
                                    logger: Logger(label: "copydesk"), environment: ProcessInfo.processInfo.environment)
        if status != 0 { throw ExitCode(status) }
    }
}
