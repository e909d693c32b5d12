import CopydeskCore
import CopydeskLog
import CopydeskSinks
import Foundation
import Yams

/// Everything `copydesk run` needs: where state and the log live, the drop
/// directories and their pipelines, limits. Loaded strictly from
/// `copydesk.yaml` (unknown keys are errors) or built as the embedded default.
public struct DaemonConfiguration: Sendable {
    /// The state directory (log, index snapshot, status, control socket).
    public var stateDirectory: String
    /// The log directory (default `STATE/log`).
    public var logDirectory: String
    /// How the log writes.
    public var log = LogConfiguration()
    /// Which sealed segments may go.
    public var retention = RetentionPolicy()
    /// A folder of pipeline YAML files, beside the built-in ones.
    public var pipelinesDirectory: String?
    /// The drop directories.
    public var drops: [DropSpec]
    /// Most files read and not yet acknowledged.
    public var inFlightFiles = 512
    /// Paths waiting in memory at most (`limits.queued_files`); past it files
    /// wait in their folder and a rescan takes them as the queue empties.
    public var queuedFiles = 8192
    /// Most bytes read and not yet acknowledged.
    public var inFlightBytes = 16 << 20
    /// The control API's unix socket (`control.socket`; default `STATE/control.sock`).
    public var controlSocket: String?
    /// Where `/metrics` and `/health` are also served over TCP (`control.metrics_listen`, "host:port"); off when nil.
    public var metricsListen: (host: String, port: Int)?
    /// The control socket in force.
    public var controlSocketPath: String { controlSocket ?? stateDirectory + "/control.sock" }
    /// Named replay sinks (`sinks:`), run by `copydesk replay --sink NAME` and `copydesk-replay@NAME.service`.
    public var sinks: [String: SinkDefinition] = [:]
    /// The near-duplicate window (`dedup:` key): articles and age kept.
    public var nearDuplicates = NearDuplicateSettings()
    /// How often the content index is snapshotted (seconds).
    public var snapshotSeconds = 30
    /// How long SIGTERM waits for in-flight articles (seconds).
    public var drainSeconds = 30
    /// The file this configuration came from, or nil for the embedded default.
    public var file: String?

    /// The embedded default rooted at `stateDirectory`: the log in `DIR/log`,
    /// one drop directory `DIR/drop` bound to `news`.
    public static func embedded(stateDirectory: String) -> DaemonConfiguration {
        var dir = stateDirectory
        while dir.count > 1 && dir.hasSuffix("/") { dir.removeLast() }
        return DaemonConfiguration(stateDirectory: dir, logDirectory: dir + "/log",
                                   drops: [DropSpec(path: dir + "/drop", pipeline: "news")])
    }

    /// Where the status file is.
    public var statusFile: String { stateDirectory + "/status.json" }
    /// Where the content-index snapshot is.
    public var indexSnapshot: String { stateDirectory + "/content-index.bin" }

    /// Loads a configuration file strictly.
    public static func load(file: String) throws(DaemonError) -> DaemonConfiguration {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw DaemonError(.config, "\(file): cannot read the configuration file")
        }
        let node: Node
        do {
            guard let n = try Yams.compose(yaml: String(decoding: data, as: UTF8.self)) else {
                throw DaemonError(.config, "\(file): empty configuration")
            }
            node = n
        } catch let e as DaemonError {
            throw e
        } catch {
            throw DaemonError(.config, "\(file): not valid YAML: \(error)")
        }
        return try parse(node, file: file)
    }

    static func parse(_ node: Node, file: String) throws(DaemonError) -> DaemonConfiguration {
        let top = try StrictMapping(node, where: file, allowed: ["state_dir", "log", "retention", "pipelines_dir", "drops", "limits", "dedup", "control", "sinks"])
        let base = (file as NSString).deletingLastPathComponent
        func resolve(_ p: String) -> String { p.hasPrefix("/") || base.isEmpty ? p : base + "/" + p }
        let state = resolve(try top.string("state_dir") ?? "./copydesk-data")
        var config = embedded(stateDirectory: state)
        config.file = file
        config.drops = []
        if let log = try top.mapping("log", allowed: ["dir", "fsync", "segment_bytes", "segment_age_seconds", "batch_records", "batch_bytes", "linger_ms"]) {
            if let d = try log.string("dir") { config.logDirectory = resolve(d) }
            if let f = try log.string("fsync") {
                guard let p = FsyncPolicy(parsing: f) else { throw DaemonError(.config, "\(file): log.fsync must be always, never, interval or interval:NNms, not '\(f)'") }
                config.log.fsync = p
            }
            if let v = try log.int("segment_bytes") { config.log.maxSegmentBytes = Int64(v) }
            if let v = try log.int("segment_age_seconds") { config.log.maxSegmentAgeSeconds = Int64(v) }
            if let v = try log.int("batch_records") { config.log.maxBatchRecords = v }
            if let v = try log.int("batch_bytes") { config.log.maxBatchBytes = v }
            if let v = try log.int("linger_ms") { config.log.lingerMilliseconds = v }
        }
        if let r = try top.mapping("retention", allowed: ["max_age_seconds", "max_bytes"]) {
            config.retention.maxAgeSeconds = try r.int("max_age_seconds").map(Int64.init)
            config.retention.maxBytes = try r.int("max_bytes").map(Int64.init)
        }
        if let d = try top.mapping("dedup", allowed: ["window_articles", "window_days"]) {
            if let v = try d.int("window_articles") {
                guard v >= 1_000 else { throw DaemonError(.config, "\(file): dedup.window_articles must be at least 1000, not \(v)") }
                config.nearDuplicates.windowArticles = v
            }
            if let v = try d.int("window_days") {
                guard v >= 1 else { throw DaemonError(.config, "\(file): dedup.window_days must be at least 1, not \(v)") }
                config.nearDuplicates.windowSeconds = Int64(v) * 86_400
            }
        }
        if let c = try top.mapping("control", allowed: ["socket", "metrics_listen"]) {
            if let v = try c.string("socket") { config.controlSocket = resolve(v) }
            if let v = try c.string("metrics_listen") {
                guard let colon = v.lastIndex(of: ":"), let port = Int(v[v.index(after: colon)...]), (1...65535).contains(port) else {
                    throw DaemonError(.config, "\(file): control.metrics_listen must be host:port (say 127.0.0.1:9464), not '\(v)'")
                }
                var host = String(v[..<colon])
                if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
                config.metricsListen = (host.isEmpty ? "127.0.0.1" : host, port)
            }
        }
        if let sinks = top.mapping["sinks"] {
            do { config.sinks = try SinkDefinition.parseAll(sinks, file: file) } catch { throw DaemonError(.config, error.message) }
        }
        if let p = try top.string("pipelines_dir") { config.pipelinesDirectory = resolve(p) }
        if let limits = try top.mapping("limits", allowed: ["in_flight_files", "in_flight_bytes", "queued_files", "snapshot_seconds", "drain_seconds"]) {
            if let v = try limits.int("in_flight_files") { config.inFlightFiles = max(1, v) }
            if let v = try limits.int("queued_files") { config.queuedFiles = max(2, v) }
            if let v = try limits.int("in_flight_bytes") { config.inFlightBytes = max(1 << 20, v) }
            if let v = try limits.int("snapshot_seconds") { config.snapshotSeconds = max(1, v) }
            if let v = try limits.int("drain_seconds") { config.drainSeconds = max(1, v) }
        }
        for (i, d) in try top.sequence("drops").enumerated() {
            let m = try StrictMapping(d, where: "\(file): drops[\(i)]", allowed: ["path", "pipeline", "done", "failed", "on_success", "settle_ms", "max_file_bytes", "rescan_seconds", "dated_folders"])
            guard let path = try m.string("path") else { throw DaemonError(.config, "\(file): drops[\(i)] needs a path") }
            var spec = DropSpec(path: resolve(path), pipeline: try m.string("pipeline") ?? "news")
            if let v = try m.string("done") { spec.done = v.hasPrefix("/") ? v : spec.path + "/" + v }
            if let v = try m.string("failed") { spec.failed = v.hasPrefix("/") ? v : spec.path + "/" + v }
            if let v = try m.string("on_success") {
                guard let o = DropSpec.OnSuccess(rawValue: v) else { throw DaemonError(.config, "\(file): drops[\(i)].on_success must be move or delete, not '\(v)'") }
                spec.onSuccess = o
            }
            if let v = try m.int("settle_ms") { spec.settleMilliseconds = max(0, v) }
            if let v = try m.int("max_file_bytes") { spec.maxFileBytes = max(1, v) }
            if let v = try m.int("rescan_seconds") { spec.rescanSeconds = max(1, v) }
            if let v = try m.bool("dated_folders") { spec.datedFolders = v }
            config.drops.append(spec)
        }
        if config.drops.isEmpty {
            config.drops = [DropSpec(path: state + "/drop", pipeline: "news")]
        }
        let paths = config.drops.map(\.path)
        if Set(paths).count != paths.count { throw DaemonError(.config, "\(file): a drop directory is listed twice") }
        return config
    }
}

/// A YAML mapping whose keys are checked against the allowed ones.
struct StrictMapping {
    let mapping: Node.Mapping
    let place: String

    init(_ node: Node, where place: String, allowed: Set<String>) throws(DaemonError) {
        guard let m = node.mapping else { throw DaemonError(.config, "\(place): expected a mapping") }
        for key in m.keys {
            let k = key.string ?? "?"
            if !allowed.contains(k) {
                throw DaemonError(.config, "\(place): unknown key '\(k)'; known keys: \(allowed.sorted().joined(separator: ", "))")
            }
        }
        mapping = m
        self.place = place
    }

    func string(_ key: String) throws(DaemonError) -> String? {
        guard let v = mapping[key] else { return nil }
        guard let s = v.string else { throw DaemonError(.config, "\(place): \(key) must be a string") }
        return s
    }

    func int(_ key: String) throws(DaemonError) -> Int? {
        guard let v = mapping[key] else { return nil }
        guard let s = v.int else { throw DaemonError(.config, "\(place): \(key) must be a whole number") }
        return s
    }

    func bool(_ key: String) throws(DaemonError) -> Bool? {
        guard let v = mapping[key] else { return nil }
        guard let s = v.bool else { throw DaemonError(.config, "\(place): \(key) must be true or false") }
        return s
    }

    func mapping(_ key: String, allowed: Set<String>) throws(DaemonError) -> StrictMapping? {
        guard let v = mapping[key] else { return nil }
        return try StrictMapping(v, where: "\(place): \(key)", allowed: allowed)
    }

    func sequence(_ key: String) throws(DaemonError) -> [Node] {
        guard let v = mapping[key] else { return [] }
        guard let s = v.sequence else { throw DaemonError(.config, "\(place): \(key) must be a list") }
        return Array(s)
    }
}
