import Synchronization

/// Counters and latency histograms per stage, shared by every runner of a daemon.
public final class StageMetrics: Sendable {
    /// One stage's figures.
    public struct Figures: Sendable, Equatable {
        /// Items the stage finished (passed on or dropped).
        public var processed: UInt64 = 0
        /// Items the stage threw for.
        public var failed: UInt64 = 0
        /// Time per item.
        public var latency = LatencyHistogram()
    }

    private let figures = Mutex<[String: Figures]>([:])

    /// Empty metrics.
    public init() {}

    /// Records one call of a stage.
    public func record(stage: String, micros: UInt64, failed: Bool) {
        figures.withLock { f in
            var s = f[stage] ?? Figures()
            if failed { s.failed += 1 } else { s.processed += 1 }
            s.latency.record(micros: micros)
            f[stage] = s
        }
    }

    /// A copy of every stage's figures.
    public var snapshot: [String: Figures] { figures.withLock { $0 } }
}
