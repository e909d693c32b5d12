/// The JSON of `copydesk status --json` (DESIGN §7a): a contract; add keys, rename none.
public struct DaemonStatus: Codable, Sendable {
    public struct Articles: Codable, Sendable {
        public var received: UInt64
        public var appended: UInt64
        public var duplicates: UInt64
        public var near_duplicates: UInt64
        public var quarantined: UInt64
        public var in_flight: Int
    }

    public struct Log: Codable, Sendable {
        public var dir: String
        public var next_offset: UInt64
        public var durable_offset: UInt64
        public var records: UInt64
        public var bytes: UInt64
        public var ratio: Double
        public var stalled: String?
    }

    public struct Latency: Codable, Sendable {
        public var p50: Double
        public var p99: Double
    }

    public struct StageFigures: Codable, Sendable {
        public var processed: UInt64
        public var failed: UInt64
        public var p50_ms: Double
        public var p99_ms: Double
    }

    public struct Drop: Codable, Sendable {
        public var path: String
        public var pipeline: String
        /// Files queued in memory.
        public var pending: Int
        public var in_flight: Int
        /// True when more files wait in the folder than the in-memory queue
        /// holds (they are taken as it empties); absent otherwise.
        public var more_on_disk: Bool?
    }

    public struct Throughput: Codable, Sendable {
        /// Articles appended per second over the last five seconds.
        public var now_per_s: Double
        /// Articles appended per second since the daemon started.
        public var since_start_per_s: Double
    }

    public struct Files: Codable, Sendable {
        public var done: UInt64
        public var quarantined: UInt64
        /// Times the kernel's inotify queue overflowed (each followed by a full rescan).
        public var inotify_overflows: UInt64?
        /// Full rescans of the drop directories.
        public var rescans: UInt64?
    }

    /// `starting`, `running`, `draining`, `paused`, or `stopped` (offline view).
    public var state: String
    /// Why intake is paused, when it is.
    public var paused_reason: String?
    /// True when no daemon answered and this was read from the log and drop directories.
    public var offline: Bool
    public var pid: Int32?
    public var started: String?
    public var uptime_s: Double?
    public var updated: String
    public var articles: Articles
    public var files: Files
    public var log: Log
    public var latency_ms: Latency
    public var stages: [String: StageFigures]
    public var drops: [Drop]
    public var quarantine_by_code: [String: UInt64]
    public var last_errors: [String]
    /// Appended articles per second (absent in the offline view).
    public var throughput: Throughput?
}

import CopydeskLog
import Foundation

extension DaemonStatus {
    /// The view when no daemon runs: figures from the log and the drop
    /// directories, marked `offline`; nil when there is no log either.
    public static func offline(_ config: DaemonConfiguration) -> DaemonStatus? {
        let log = LogDirectory(config.logDirectory)
        guard log.exists, let stats = try? LogStats.compute(log) else { return nil }
        let drops = config.drops.map { d in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: d.path)) ?? []
            return Drop(path: d.path, pipeline: d.pipeline, pending: names.filter { !DropSpec.isTemporary($0) }.count, in_flight: 0)
        }
        return DaemonStatus(state: "stopped", paused_reason: nil, offline: true, pid: nil, started: nil, uptime_s: nil,
                            updated: Date().formatted(.iso8601),
                            articles: .init(received: 0, appended: 0, duplicates: 0, near_duplicates: 0, quarantined: 0, in_flight: 0),
                            files: .init(done: 0, quarantined: 0, inotify_overflows: nil, rescans: nil),
                            log: .init(dir: log.path, next_offset: stats.nextOffset, durable_offset: stats.nextOffset, records: stats.records,
                                       bytes: UInt64(stats.storedBytes), ratio: stats.ratio, stalled: nil),
                            latency_ms: .init(p50: 0, p99: 0), stages: [:], drops: drops, quarantine_by_code: [:], last_errors: [])
    }
}
