#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Dispatch
import Logging
import Synchronization

/// The one writer of a log directory.
///
/// `append` may be called from any thread; records are framed and written by
/// one serial queue in group commits (everything queued, up to the batch
/// bounds, goes out in one `write`), then fsynced per `FsyncPolicy`. A
/// submission's completion runs on the writer's queue once its records are
/// durable (keep it short), with the offsets they got, or with an error when
/// the records themselves are unusable. A full disk or a failing write does not
/// fail submissions: the writer reports itself stalled and retries until the
/// write succeeds, so nothing is acknowledged that is not in the log.
public final class LogWriter: Sendable {
    /// Called once a submission is durable.
    public typealias Completion = @Sendable (Result<ClosedRange<UInt64>, LogError>) -> Void

    /// The log's folder.
    public let directory: LogDirectory
    /// How this writer batches, rolls and syncs.
    public let configuration: LogConfiguration
    /// The dictionaries of this log, shared with the compressors and readers.
    public let dictionaries: DictionaryRegistry
    /// What opening the log found and repaired.
    public let recovery: RecoveryReport

    let logger: Logger
    private let lock: DirectoryLock
    private let endsStore: LogEnds
    private let queue = DispatchQueue(label: "copydesk.log.writer", qos: .userInitiated)
    private let pending = Mutex(Pending())
    private let core: Mutex<WriterCore>
    private let stall = Mutex<LogError?>(nil)
    private let syncTimer: TimerHandle?

    struct Submission {
        var records: [EncodedRecord]
        var bytes: Int
        var completion: Completion
    }

    struct Pending {
        var items: [Submission] = []
        var head = 0
        var drainScheduled = false
        var closed = false
    }

    struct WriterCore {
        var segment: ActiveSegment?
        var awaiting: [(ClosedRange<UInt64>, Completion)] = []
        var closed = false
    }

    /// Opens a log for writing: takes the lock, recovers the active segment,
    /// checks indexes, and publishes the ends.
    public init(directory: LogDirectory, configuration: LogConfiguration = LogConfiguration(),
                owner: String = "copydesk", logger: Logger = Logger(label: "copydesk.log")) throws(LogError) {
        try directory.create()
        self.directory = directory
        self.configuration = configuration
        self.logger = logger
        lock = try DirectoryLock(path: directory.lockFile, owner: "\(owner), pid \(Glibc.getpid())")
        dictionaries = DictionaryRegistry(directory: directory.dictionaries)
        let (segment, report) = try LogWriter.recover(directory: directory, dictionaries: dictionaries, logger: logger)
        recovery = report
        endsStore = try LogEnds(path: directory.endsFile, start: segment.nextOffset)
        core = Mutex(WriterCore(segment: segment))
        if case .interval(let ms) = configuration.fsync {
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now() + .milliseconds(ms), repeating: .milliseconds(ms), leeway: .milliseconds(max(1, ms / 10)))
            syncTimer = TimerHandle(source: timer)
            timer.setEventHandler { [weak self] in self?.syncNow() }
            timer.resume()
        } else {
            syncTimer = nil
        }
    }

    deinit {
        syncTimer?.source.cancel()
    }

    /// The visible and durable ends.
    public var ends: LogEndOffsets { endsStore.current }

    /// Why the writer cannot write now (a full disk, an I/O error), or nil.
    public var stalled: LogError? { stall.withLock { $0 } }

    /// Queues records for the next group commit.
    public func append(_ records: [EncodedRecord], completion: @escaping Completion) {
        guard !records.isEmpty else {
            completion(.failure(LogError(.invalidArgument, "nothing to append")))
            return
        }
        let bytes = records.reduce(0) { $0 + $1.body.count + RecordHeader.size }
        // One critical section decides: refused (closed) or queued, never both, so
        // a `close()` racing this call cannot both fail the submission and write it.
        let admission: Admission = pending.withLock { p in
            if p.closed { return .refused }
            p.items.append(Submission(records: records, bytes: bytes, completion: completion))
            if p.drainScheduled { return .queued(schedule: false) }
            p.drainScheduled = true
            return .queued(schedule: true)
        }
        switch admission {
        case .refused:
            completion(.failure(LogError(.closed, "the log writer is closed")))
        case .queued(schedule: false):
            break
        case .queued(schedule: true):
            let linger = configuration.lingerMilliseconds
            if linger > 0 && bytes < configuration.maxBatchBytes {
                queue.asyncAfter(deadline: .now() + .milliseconds(linger)) { self.drain() }
            } else {
                queue.async { self.drain() }
            }
        }
    }

    /// What `append` decided under the lock.
    private enum Admission {
        case refused
        case queued(schedule: Bool)
    }

    /// Appends and waits until the records are durable; returns their offsets.
    @discardableResult
    public func appendAndWait(_ records: [EncodedRecord]) throws(LogError) -> ClosedRange<UInt64> {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Result<ClosedRange<UInt64>, LogError>?>(nil)
        append(records) { r in
            result.withLock { $0 = r }
            done.signal()
        }
        done.wait()
        return try result.withLock { $0! }.get()
    }

    /// Makes everything written so far durable now, whatever the policy.
    public func flush() throws(LogError) {
        let error: LogError? = queue.sync {
            drainNow()
            return syncCore()
        }
        if let error { throw error }
    }

    /// Drains what is queued, fsyncs and closes. Later appends fail with `.closed`.
    public func close() {
        pending.withLock { $0.closed = true }
        queue.sync {
            drainNow()
            _ = syncCore()
            core.withLock { $0.closed = true; $0.segment = nil }
        }
        syncTimer?.source.cancel()
        lock.release()
        let left: [Submission] = pending.withLock { p in
            defer { p.items = []; p.head = 0 }
            return Array(p.items[p.head...])
        }
        for s in left { s.completion(.failure(LogError(.closed, "the log writer closed before these records were written"))) }
    }

    /// Runs `body` on the writer's queue, so that it never races a commit or a roll.
    func onQueue<T>(_ body: () throws(LogError) -> T) throws(LogError) -> T {
        let result: Result<T, LogError> = queue.sync {
            do throws(LogError) { return .success(try body()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    // MARK: - On the writer queue

    private func drain() {
        drainNow()
    }

    /// Writes queued submissions until none are left or a write fails.
    private func drainNow() {
        while true {
            let batch: [Submission] = pending.withLock { p in
                var out: [Submission] = []
                var records = 0, bytes = 0
                while p.head < p.items.count {
                    let s = p.items[p.head]
                    if !out.isEmpty && (records + s.records.count > configuration.maxBatchRecords || bytes + s.bytes > configuration.maxBatchBytes) { break }
                    out.append(s)
                    records += s.records.count
                    bytes += s.bytes
                    p.head += 1
                }
                if p.head == p.items.count {
                    p.items.removeAll(keepingCapacity: true)
                    p.head = 0
                }
                if out.isEmpty { p.drainScheduled = false }
                return out
            }
            if batch.isEmpty { return }
            if !write(batch) { return }
        }
    }

    /// Writes one batch; false when it was put back for a retry.
    private func write(_ batch: [Submission]) -> Bool {
        // Records naming an unknown dictionary can never be written: fail just those.
        var usable: [Submission] = []
        usable.reserveCapacity(batch.count)
        for s in batch {
            if let bad = s.records.first(where: { $0.dictionaryID != 0 && (try? dictionaries.dictionary($0.dictionaryID)) == nil }) {
                s.completion(.failure(LogError(.dictionaryMissing, "cannot append: dictionary \(LogDictionary.hex(bad.dictionaryID)) was never stored with persist(_:)")))
            } else {
                usable.append(s)
            }
        }
        if usable.isEmpty { return true }
        let now = Posix.nowMicros()
        let result: Result<[ClosedRange<UInt64>], LogError> = core.withLock { c in
            guard c.segment != nil else { return .failure(LogError(.closed, "the log writer is closed")) }
            do throws(LogError) {
                if c.segment!.shouldRoll(configuration: configuration, now: now) {
                    try roll(&c)
                }
                return .success(try c.segment!.write(usable.map(\.records), dictionaries: dictionaries, now: now))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .failure(let error):
            if error.code == .closed {
                for s in usable { s.completion(.failure(error)) }
                return true
            }
            requeue(usable, after: error)
            return false
        case .success(let ranges):
            stall.withLock { $0 = nil }
            let next = ranges.last!.upperBound + 1
            core.withLock { c in
                for (s, r) in zip(usable, ranges) { c.awaiting.append((r, s.completion)) }
            }
            switch configuration.fsync {
            case .always:
                endsStore.set(visible: next)
                if let error = syncCore() {
                    logger.error("fsync failed, retrying", metadata: ["error": "\(error)"])
                    scheduleSyncRetry()
                }
            case .interval:
                endsStore.set(visible: next)
            case .never:
                endsStore.set(visible: next, durable: next)
                completeDurable(upTo: next)
            }
            return true
        }
    }

    private func roll(_ c: inout WriterCore) throws(LogError) {
        guard let segment = c.segment else { return }
        try segment.seal()
        let next = segment.nextOffset
        let ts = segment.lastTimestamp
        let old = segment.path
        c.segment = nil
        endsStore.set(durable: next)
        completeDurableLocked(&c, upTo: next)
        c.segment = try ActiveSegment(directory: directory, base: next, state: nil, lastTimestamp: ts)
        logger.info("rolled segment", metadata: ["sealed": "\(old)", "next_offset": "\(next)"])
    }

    private func requeue(_ batch: [Submission], after error: LogError) {
        let first = stall.withLock { s -> Bool in
            defer { s = error }
            return s == nil
        }
        if first {
            logger.error("log write failed; intake should pause, retrying", metadata: ["error": "\(error)", "code": "\(error.code)"])
        }
        pending.withLock { p in
            p.items.replaceSubrange(p.head..<p.head, with: batch)
        }
        queue.asyncAfter(deadline: .now() + .milliseconds(configuration.retryMilliseconds)) { self.drainNow() }
    }

    /// fsyncs and completes everything written; returns the error if fsync failed.
    private func syncCore() -> LogError? {
        let synced: Result<UInt64, LogError>? = core.withLock { c in
            guard c.segment != nil else { return nil }
            do throws(LogError) {
                try c.segment!.sync()
                return .success(c.segment!.durableOffset)
            } catch {
                return .failure(error)
            }
        }
        switch synced {
        case .none: return nil
        case .failure(let e):
            stall.withLock { $0 = e }
            return e
        case .success(let durable):
            if endsStore.current.durable != durable { endsStore.set(durable: durable) }
            completeDurable(upTo: durable)
            return nil
        }
    }

    private func syncNow() {
        if syncCore() != nil { scheduleSyncRetry() }
    }

    private func scheduleSyncRetry() {
        queue.asyncAfter(deadline: .now() + .milliseconds(configuration.retryMilliseconds)) { self.syncNow() }
    }

    private func completeDurable(upTo end: UInt64) {
        let done: [(ClosedRange<UInt64>, Completion)] = core.withLock { c in
            var out: [(ClosedRange<UInt64>, Completion)] = []
            let k = c.awaiting.firstIndex { $0.0.upperBound >= end } ?? c.awaiting.count
            out = Array(c.awaiting[..<k])
            c.awaiting.removeFirst(k)
            return out
        }
        for (range, completion) in done { completion(.success(range)) }
    }

    private func completeDurableLocked(_ c: inout WriterCore, upTo end: UInt64) {
        let k = c.awaiting.firstIndex { $0.0.upperBound >= end } ?? c.awaiting.count
        let done = Array(c.awaiting[..<k])
        c.awaiting.removeFirst(k)
        // Completions may append; run them off this lock.
        queue.async { for (range, completion) in done { completion(.success(range)) } }
    }
}

/// A Dispatch timer shared across threads: Dispatch sources are thread-safe.
struct TimerHandle: @unchecked Sendable {
    let source: any DispatchSourceTimer
}
