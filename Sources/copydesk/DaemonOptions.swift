import ArgumentParser
import CopydeskDaemon
import Foundation

/// `--config FILE` or `--state-dir DIR` (the embedded default rooted at DIR),
/// else `$COPYDESK_CONFIG`, else the embedded default under `$STATE_DIRECTORY`
/// or ./copydesk-data.
struct DaemonOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The configuration file (copydesk.yaml).", valueName: "FILE"))
    var config: String?

    @Option(name: .customLong("state-dir"), help: ArgumentHelp("Run the embedded default rooted at DIR: log in DIR/log, drop directory DIR/drop bound to news.", valueName: "DIR"))
    var stateDirectory: String?

    func validate() throws {
        if config != nil && stateDirectory != nil { throw ValidationError("give either --config or --state-dir, not both") }
    }

    /// Loads the configuration these options name.
    func load() throws -> DaemonConfiguration {
        if let config { return try DaemonConfiguration.load(file: config) }
        if let stateDirectory { return DaemonConfiguration.embedded(stateDirectory: stateDirectory) }
        // Deploy/install.sh sets this for login shells, so `copydesk status` finds the service.
        if let env = ProcessInfo.processInfo.environment["COPYDESK_CONFIG"], !env.isEmpty {
            return try DaemonConfiguration.load(file: env)
        }
        if let env = ProcessInfo.processInfo.environment["STATE_DIRECTORY"], !env.isEmpty {
            return DaemonConfiguration.embedded(stateDirectory: String(env.split(separator: ":").first ?? Substring(env)))
        }
        return DaemonConfiguration.embedded(stateDirectory: "./copydesk-data")
    }
}
