import ArgumentParser
import CopydeskDaemon
import CopydeskLog
import Foundation

/// Where the log is: `--log DIR`, or `--state-dir DIR` (the log in DIR/log),
/// or the embedded default (`$STATE_DIRECTORY` or ./copydesk-data).
struct LogLocation: ParsableArguments {
    @Option(name: .customLong("state-dir"), help: ArgumentHelp("The state directory of the embedded default (the log is in DIR/log).", valueName: "DIR"))
    var stateDirectory: String?

    @Option(name: .customLong("log"), help: ArgumentHelp("The log directory itself.", valueName: "DIR"))
    var logDirectory: String?

    @Option(help: ArgumentHelp("The configuration file (copydesk.yaml) naming the log.", valueName: "FILE"))
    var config: String?

    func validate() throws {
        if [stateDirectory, logDirectory, config].compactMap({ $0 }).count > 1 {
            throw ValidationError("give one of --state-dir, --log or --config")
        }
    }

    /// The state directory in use.
    var stateDirectoryPath: String {
        if let stateDirectory { return stateDirectory }
        if let env = ProcessInfo.processInfo.environment["STATE_DIRECTORY"], !env.isEmpty {
            // systemd may pass several, colon-separated; the first is ours.
            return String(env.split(separator: ":").first ?? Substring(env))
        }
        return "./copydesk-data"
    }

    /// The log directory in use.
    var directory: LogDirectory {
        if let config, let loaded = try? DaemonConfiguration.load(file: config) { return LogDirectory(loaded.logDirectory) }
        if logDirectory == nil, stateDirectory == nil, let env = ProcessInfo.processInfo.environment["COPYDESK_CONFIG"], !env.isEmpty,
           let loaded = try? DaemonConfiguration.load(file: env) {
            return LogDirectory(loaded.logDirectory)
        }
        return LogDirectory(logDirectory ?? stateDirectoryPath + "/log")
    }

    /// The log directory, or a clear failure (exit 1) when there is no log there.
    func existingDirectory() throws -> LogDirectory {
        let dir = directory
        guard dir.exists else {
            FileHandleOutput.stderr("copydesk: no log at \(dir.path) (no segments/ folder); pass --log DIR or --state-dir DIR")
            throw ExitCode.failure
        }
        return dir
    }
}
