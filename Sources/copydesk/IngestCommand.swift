import ArgumentParser
import CopydeskCore
import CopydeskDaemon
import Foundation
import Logging

/// `copydesk ingest`.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Run files through a pipeline once and append the records (or print them with --dry-run).",
        discussion: """
        Files are read, never moved. Directories: their files. Exit status 1 when any \
        input was quarantined (the reason is printed), 0 otherwise. Needs the log to \
        itself: while the daemon runs, drop files into its drop directory instead.
        """
    )

    @OptionGroup var options: DaemonOptions

    @Flag(name: .customLong("dry-run"), help: "Print one JSON record per line; append nothing.")
    var dryRun = false

    @Option(help: "The pipeline to use.")
    var pipeline = "news"

    @Argument(help: "Files or directories.")
    var paths: [String]

    func run() throws {
        let config = try options.load()
        let ingestor: Ingestor
        do {
            ingestor = try Ingestor(configuration: config, pipeline: pipeline, dryRun: dryRun, builder: PipelineSetup.builder,
                                    logger: Logger(label: "copydesk.ingest"))
        } catch {
            FileHandleOutput.stderr("copydesk ingest: \(error)")
            throw ExitCode.failure
        }
        var failed = 0, appended = 0, duplicates = 0
        for path in paths {
            try ingestor.ingest(path: path) { outcome in
                switch outcome {
                case .printed(_, _, let record):
                    FileHandleOutput.stdout(String(decoding: record, as: UTF8.self))
                case .appended(let p, let line, let offset, _):
                    appended += 1
                    FileHandleOutput.stderr("appended \(p)\(line.map { ":\($0)" } ?? "") at offset \(offset)")
                case .duplicate(let p, let line):
                    duplicates += 1
                    FileHandleOutput.stderr("duplicate \(p)\(line.map { ":\($0)" } ?? ""): already in the log")
                case .quarantined(let p, let line, let error):
                    failed += 1
                    FileHandleOutput.stderr("refused \(p)\(line.map { ":\($0)" } ?? ""): \(error.stage): \(error.code): \(error.message)")
                }
            }
        }
        ingestor.finish(snapshot: dryRun ? nil : config.indexSnapshot)
        if !dryRun { FileHandleOutput.stderr("\(appended) appended, \(duplicates) duplicates, \(failed) refused") }
        if failed > 0 { throw ExitCode.failure }
    }
}
