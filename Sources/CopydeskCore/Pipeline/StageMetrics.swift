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

        mutating func count(micros: UInt64, failed: Bool) {
            if failed { self.failed += 1 } else { processed += 1 }
            latency.record(micros: micros)
        }
    }

    private let figures = Mutex<[String: Figures]>([:])

    /// Empty metrics.
    public init() {}

    /// Records one call of a stage.
    public func record(stage: String, micros: UInt64, failed: Bool) {
        figures.withLock { f in
            // In place: a copy taken out and put back would copy the histogram's buckets every call.
            f[stage, default: Figures()].count(micros: micros, failed: failed)
        }
    }

    /// A copy of every stage's figures.
    public var snapshot: [String: Figures] { figures.withLock { $0 } }
}
