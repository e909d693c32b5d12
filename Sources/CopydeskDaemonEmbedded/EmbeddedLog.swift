import CopydeskDaemon
import CopydeskLog
import Synchronization

/// An in-memory log for an embedded runtime. Appends complete on the loop
/// (as the writer completes on its queue), unless the test holds them to
/// complete later, fails the next one, or stalls the log (a full disk: the
/// submissions wait, as the real writer's do, until the stall is lifted).
package final class EmbeddedLog: RecordAppender {
    private struct State {
        var records: [EncodedRecord] = []
        var waiting: [([EncodedRecord], LogWriter.Completion)] = []
        var holding = false
        var failures: [LogError] = []
        var stalled: LogError?
        var closed = false
    }

    private let loop: EmbeddedLoop
    private let dictionaries: DictionaryRegistry
    private let state = Mutex(State())

    /// A log whose appends complete on `loop`; `dictionaries` decode its records.
    package init(loop: EmbeddedLoop, dictionaries: DictionaryRegistry) {
        self.loop = loop
        self.dictionaries = dictionaries
    }

    package func append(_ records: [EncodedRecord], completion: @escaping LogWriter.Completion) {
        let (failure, complete) = state.withLock { s -> (LogError?, Bool) in
            if s.closed { return (LogError(.closed, "the log writer is closed"), false) }
            if !s.failures.isEmpty { return (s.failures.removeFirst(), false) }
            s.waiting.append((records, completion))
            return (nil, !s.holding && s.stalled == nil)
        }
        if let failure {
            loop.run { completion(.failure(failure)) }
        } else if complete {
            loop.run { self.complete() }
        }
    }

    /// Makes every waiting submission durable, in order (on the test's thread).
    package func complete() {
        let done = state.withLock { s -> [(ClosedRange<UInt64>, LogWriter.Completion)] in
            var out: [(ClosedRange<UInt64>, LogWriter.Completion)] = []
            for (records, completion) in s.waiting {
                let first = UInt64(s.records.count)
                s.records.append(contentsOf: records)
                out.append((first...UInt64(s.records.count - 1), completion))
            }
            s.waiting = []
            return out
        }
        for (range, completion) in done { completion(.success(range)) }
    }

    /// Holds appends until ``complete()`` (true), or completes them on the
    /// loop again, those waiting included (false).
    package func hold(_ holding: Bool) {
        let release = state.withLock { s -> Bool in
            s.holding = holding
            return !holding && s.stalled == nil && !s.waiting.isEmpty
        }
        if release { loop.run { self.complete() } }
    }

    /// Fails the next append with `error`, as the writer fails records it cannot use.
    package func failNext(_ error: LogError) {
        state.withLock { $0.failures.append(error) }
    }

    /// Stalls the log (`error`, say a full disk) or, with nil, lets the waiting appends through.
    package func stall(_ error: LogError?) {
        let release = state.withLock { s -> Bool in
            s.stalled = error
            return error == nil && !s.holding && !s.waiting.isEmpty
        }
        if release { loop.run { self.complete() } }
    }

    /// Submissions waiting to be durable.
    package var waiting: Int { state.withLock { $0.waiting.count } }

    /// The durable records' JSON, in log order.
    package func recordJSON() throws -> [[UInt8]] {
        let records = state.withLock { $0.records }
        let decompressor = Decompressor()
        return try records.enumerated().map { i, r in
            try decompressor.decode(LogRecord(offset: UInt64(i), timestamp: 0, codec: r.codec, dictionaryID: r.dictionaryID,
                                              rawLength: r.rawLength, body: r.body), dictionaries: dictionaries)
        }
    }

    package var ends: LogEndOffsets {
        let n = state.withLock { UInt64($0.records.count) }
        return LogEndOffsets(visible: n, durable: n)
    }

    package var stalled: LogError? { state.withLock { $0.stalled } }

    package func close() {
        state.withLock { $0.closed = true }
    }
}
