import Dispatch
import Synchronization
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// How an item left a pipeline.
public enum PipelineResult: Sendable {
    /// Every stage passed: append `item.encoded` (or `item.article` when the pipeline has no compress stage).
    case record(PipelineItem)
    /// A stage dropped it (a duplicate under the drop policy): no record, no quarantine.
    case dropped(PipelineItem, stage: String, reason: DropReason)
    /// A stage threw: quarantine the item under `error.stage`.
    case quarantined(PipelineItem, StageError)
}

/// Runs items through a pipeline's stages on a concurrent Dispatch queue.
/// Stages marked `isSerial` are entered by one item at a time; the others run
/// in parallel. Each stage's time goes into `item.timings` and `StageMetrics`.
public final class PipelineRunner: Sendable {
    /// The pipeline run.
    public let pipeline: Pipeline
    private let limiter: WorkLimiter
    private let metrics: StageMetrics
    private let serialLocks: [SerialGate?]

    /// A runner on `queue` (a concurrent queue) with at most `width` items at once
    /// (default: one per core; share one limiter between runners with the other init).
    public convenience init(pipeline: Pipeline, queue: DispatchQueue, metrics: StageMetrics, width: Int? = nil) {
        let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        self.init(pipeline: pipeline, limiter: WorkLimiter(queue: queue, width: width ?? max(1, cores)), metrics: metrics)
    }

    /// A runner that shares `limiter` with others (one bound for the whole daemon).
    public init(pipeline: Pipeline, limiter: WorkLimiter, metrics: StageMetrics) {
        self.pipeline = pipeline
        self.limiter = limiter
        self.metrics = metrics
        serialLocks = pipeline.stages.map { $0.isSerial ? SerialGate() : nil }
    }

    /// Runs `item` on the work queue and calls `completion` there.
    public func submit(_ item: PipelineItem, completion: @escaping @Sendable (PipelineResult) -> Void) {
        limiter.submit { completion(self.run(item)) }
    }

    /// Runs `item` on the calling thread.
    public func run(_ item: PipelineItem) -> PipelineResult {
        var item = item
        for (i, stage) in pipeline.stages.enumerated() {
            let start = Self.nanos()
            let outcome: Result<StageOutcome, StageError>
            if let lock = serialLocks[i] {
                outcome = lock.mutex.withLock { _ in Result { () throws(StageError) in try stage.process(&item) } }
            } else {
                outcome = Result { () throws(StageError) in try stage.process(&item) }
            }
            let micros = (Self.nanos() - start) / 1000
            item.timings[stage.name] = Int(micros)
            switch outcome {
            case .success(.next):
                metrics.record(stage: stage.name, micros: micros, failed: false)
            case .success(.drop(let reason)):
                metrics.record(stage: stage.name, micros: micros, failed: false)
                return .dropped(item, stage: stage.name, reason: reason)
            case .failure(var error):
                metrics.record(stage: stage.name, micros: micros, failed: true)
                if error.stage.isEmpty { error.stage = stage.name }
                return .quarantined(item, error)
            }
        }
        return .record(item)
    }

    /// A monotonic clock in nanoseconds.
    public static func nanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}

/// One item at a time through a serial stage.
final class SerialGate: Sendable {
    let mutex = Mutex(())
}
