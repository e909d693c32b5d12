import ArgumentParser
import CopydeskCore
import CopydeskDaemon
import Foundation

/// `copydesk validate`: checks the configuration and every pipeline (systemd's ExecStartPre).
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the configuration and every pipeline; exit 1 with every problem listed.",
        discussion: "Builds every pipeline as `run` would, without touching the log or the drop directories."
    )

    @OptionGroup var options: DaemonOptions

    func run() throws {
        do {
            let config = try options.load()
            let pipelines = try PipelineSetup.validate(config)
            for drop in config.drops where !pipelines.contains(drop.pipeline) {
                throw DaemonError(.config, "drop directory \(drop.path) names pipeline '\(drop.pipeline)', which does not exist; known: \(pipelines.sorted().joined(separator: ", "))")
            }
            FileHandleOutput.stdout("ok: \(config.file ?? "embedded default (state \(config.stateDirectory))"); pipelines: \(pipelines.sorted().joined(separator: ", ")); drops: \(config.drops.map { "\($0.path) → \($0.pipeline)" }.joined(separator: ", "))")
        } catch {
            FileHandleOutput.stderr("copydesk validate: \(error)")
            throw ExitCode.failure
        }
    }
}
