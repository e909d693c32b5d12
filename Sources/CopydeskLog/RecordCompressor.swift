#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Dispatch
import Foundation
import Logging
import Synchronization

/// When a dictionary is trained and when it replaces the current one.
public struct DictionaryTrainingPolicy: Sendable {
    /// Records to collect before training.
    public var samples = 2_000
    /// Most sample bytes kept.
    public var maxSampleBytes = 16 << 20
    /// Dictionary size in bytes.
    public var dictionaryBytes = 110 * 1024
    /// Share of samples held out to judge the candidate.
    public var heldOut = 0.2
    /// The candidate must store the held-out records in at least this much less space.
    public var minimumGain = 0.03
    /// After a training round, records to let pass before collecting again.
    public var retrainAfter = 200_000

    /// The defaults.
    public init() {}
}

/// Compresses records for the log in parallel on any thread: one prepared
/// dictionary shared by all, one zstd context per concurrent caller (pooled).
/// With a training policy it collects samples, trains a dictionary in the
/// background, and installs it only when it measurably beats the current one
/// on held-out records; a new dictionary is stored in `dicts/` (fsynced)
/// before any record uses it.
public final class RecordCompressor: Sendable {
    private let dictionaries: DictionaryRegistry
    private let level: Int32
    private let policy: DictionaryTrainingPolicy?
    private let logger: Logger
    private let current = Mutex<LogDictionary?>(nil)
    private let pool = Mutex<[PooledCompressor]>([])
    private let training = Mutex(TrainingState())

    struct TrainingState {
        var samples: [[UInt8]] = []
        var sampleBytes = 0
        var skip = 0
        var running = false
        var rounds = 0
    }

    /// A compressor for the log whose dictionaries are `dictionaries`.
    ///
    /// With an `initial` dictionary (a restart on a log that has one), the next
    /// training round comes after `retrainAfter` records, as after a round:
    /// a restart does not cost a training.
    public init(dictionaries: DictionaryRegistry, level: Int32 = 3, training: DictionaryTrainingPolicy? = DictionaryTrainingPolicy(),
                initial: LogDictionary? = nil, logger: Logger = Logger(label: "copydesk.log.compress")) {
        self.dictionaries = dictionaries
        self.level = level
        self.policy = training
        self.logger = logger
        current.withLock { $0 = initial }
        if initial != nil, let training { self.training.withLock { $0.skip = training.retrainAfter } }
    }

    /// The dictionary in use, if any.
    public var dictionary: LogDictionary? { current.withLock { $0 } }

    /// Samples collected towards the next training round, and whether one runs.
    var trainingState: (samples: Int, running: Bool) { training.withLock { ($0.samples.count, $0.running) } }

    /// Whether a dictionary training round runs now (on its own thread).
    public var isTraining: Bool { training.withLock { $0.running } }

    /// Training rounds finished so far.
    public var trainingRounds: Int { training.withLock { $0.rounds } }

    /// Stores `dictionary` in the log and uses it from now on; the next
    /// training round comes after `retrainAfter` records.
    public func install(_ dictionary: LogDictionary) throws(LogError) {
        try dictionaries.persist(dictionary)
        current.withLock { $0 = dictionary }
        if let policy {
            training.withLock { t in
                t.skip = policy.retrainAfter
                t.samples = []
                t.sampleBytes = 0
            }
        }
    }

    /// Compresses one record with the current dictionary.
    public func compress(_ raw: [UInt8], timestamp: Int64? = nil) throws(LogError) -> EncodedRecord {
        let dict = current.withLock { $0 }
        let c = pool.withLock { $0.popLast() } ?? PooledCompressor(compressor: Compressor(level: level))
        defer { pool.withLock { $0.append(c) } }
        let encoded = try c.compressor.compress(raw, dictionary: dict, timestamp: timestamp)
        if policy != nil { offer(raw) }
        return encoded
    }

    private func offer(_ raw: [UInt8]) {
        guard let policy else { return }
        let batch: [[UInt8]]? = training.withLock { t in
            if t.running { return nil }
            if t.skip > 0 { t.skip -= 1; return nil }
            if t.sampleBytes + raw.count <= policy.maxSampleBytes {
                t.samples.append(raw)
                t.sampleBytes += raw.count
            }
            guard t.samples.count >= policy.samples || t.sampleBytes + raw.count > policy.maxSampleBytes else { return nil }
            t.running = true
            defer { t.samples = []; t.sampleBytes = 0 }
            return t.samples
        }
        guard let batch else { return }
        // A thread of its own at the lowest priority: training takes about a second
        // of CPU and must only use what the pipeline leaves. (An unprivileged
        // process could not raise a pooled Dispatch thread's priority back.)
        let thread = Thread { [self] in
            setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)   // who = 0: this thread, on Linux
            trainRound(batch, policy: policy)
            training.withLock { t in
                t.running = false
                t.rounds += 1
                t.skip = policy.retrainAfter
            }
        }
        thread.name = "copydesk-dictionary-training"
        thread.start()
    }

    /// Trains a candidate on most samples and judges it on the rest.
    func trainRound(_ samples: [[UInt8]], policy: DictionaryTrainingPolicy) {
        let cut = max(1, Int(Double(samples.count) * (1 - policy.heldOut)))
        let train = Array(samples[..<cut]), test = Array(samples[cut...])
        guard let candidate = try? LogDictionary.train(samples: train, capacity: policy.dictionaryBytes, level: level) else {
            logger.notice("dictionary training produced nothing usable; keeping the current one")
            return
        }
        let old = current.withLock { $0 }
        let c = Compressor(level: level)
        func size(_ d: LogDictionary?) -> Int {
            test.reduce(0) { $0 + ((try? c.compress($1, dictionary: d))?.body.count ?? $1.count) }
        }
        let before = size(old), after = size(candidate)
        let gain = before > 0 ? 1 - Double(after) / Double(before) : 0
        if gain >= policy.minimumGain {
            do throws(LogError) {
                try install(candidate)
                logger.info("installed a new compression dictionary", metadata: [
                    "id": "\(LogDictionary.hex(candidate.id))", "held_out_gain": "\(Int(gain * 1000) / 10)%",
                    "replaces": "\(old.map { LogDictionary.hex($0.id) } ?? "none")"])
            } catch {
                logger.error("could not store the new dictionary; keeping the current one", metadata: ["error": "\(error)"])
            }
        } else {
            logger.info("trained dictionary is not better on held-out records; keeping the current one",
                        metadata: ["held_out_gain": "\(Int(gain * 1000) / 10)%"])
        }
    }

    /// Trains synchronously from `samples` and installs the result if it beats
    /// the current dictionary (used by benchmarks and tests).
    @discardableResult
    public func trainNow(samples: [[UInt8]]) -> Bool {
        let before = current.withLock { $0?.id }
        trainRound(samples, policy: policy ?? DictionaryTrainingPolicy())
        return current.withLock { $0?.id } != before
    }
}

/// A zstd context in the pool. It moves between threads but is used by one at a
/// time (taken out of the pool under the lock), which is what zstd requires.
struct PooledCompressor: @unchecked Sendable {
    let compressor: Compressor
}
