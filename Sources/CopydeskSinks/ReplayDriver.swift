import CopydeskLog
import CopydeskRecord
import Foundation

/// What to replay and how.
public struct ReplayOptions: Sendable {
    /// Start here (wins over a consumer's checkpoint: a deliberate re-feed).
    public var from: UInt64?
    /// Start at the first record appended at or after this time (µs since the epoch).
    public var since: Int64?
    /// Stop after this offset (inclusive).
    public var until: UInt64?
    /// Stop at the first record appended after this time (µs).
    public var untilTime: Int64?
    /// A named consumer: resume from its checkpoint and advance it.
    public var consumer: String?
    /// Keep going as records arrive, until asked to stop.
    public var follow = false
    /// Records per batch sent downstream.
    public var batch = 1000
    /// At most this many records a second (nil: as fast as the sink takes them).
    public var rate: Double?
    /// Report a damaged record and go on instead of stopping.
    public var skipCorrupt = false
    /// Which records to send.
    public var filter = ReplayFilter()

    /// Default options: from the start (or the consumer's checkpoint) to the durable end.
    public init() {}
}

/// Record filters (`--filter KEY=VALUE`, `KEY!=VALUE`); records left out still
/// advance the checkpoint.
public struct ReplayFilter: Sendable {
    /// Only these pipelines (`pipeline=news`).
    public var pipelines: Set<String> = []
    /// Only these dedup statuses (`dedup=unique`).
    public var statuses: Set<String> = []
    /// Not these dedup statuses (`dedup!=near_duplicate`).
    public var excludedStatuses: Set<String> = []
    /// Only records naming one of these people, organisations or places (`entity=Reuters`), case-insensitive.
    public var entities: [String] = []

    /// No filter.
    public init() {}

    /// Whether the record's content must be read to decide.
    public var isEmpty: Bool { pipelines.isEmpty && statuses.isEmpty && excludedStatuses.isEmpty && entities.isEmpty }

    /// Parses `KEY=VALUE` or `KEY!=VALUE` (keys: pipeline, dedup, entity).
    public mutating func add(_ expression: String) throws(SinkError) {
        let negated = expression.contains("!=")
        let parts = expression.components(separatedBy: negated ? "!=" : "=")
        guard parts.count == 2, !parts[1].isEmpty else {
            throw SinkError(.badConfig, "--filter takes KEY=VALUE or KEY!=VALUE (pipeline, dedup, entity), not '\(expression)'", permanent: true)
        }
        let values = Set(parts[1].split(separator: ",").map(String.init))
        switch (parts[0], negated) {
        case ("pipeline", false): pipelines.formUnion(values)
        case ("dedup", false): statuses.formUnion(values)
        case ("dedup", true): excludedStatuses.formUnion(values)
        case ("entity", false): entities += values.map { $0.lowercased() }
        default:
            throw SinkError(.badConfig, "unknown filter '\(expression)': use pipeline=NAME, dedup=STATUS, dedup!=STATUS or entity=NAME", permanent: true)
        }
    }

    /// Whether `payload` passes.
    func accepts(_ payload: [UInt8]) -> Bool {
        guard !isEmpty else { return true }
        let lists = RecordSchema.entityLists
        let paths = [RecordSchema.pipeline, RecordSchema.dedupStatus] + (entities.isEmpty ? [] : lists.map(RecordSchema.entityNames))
        var pipeline = "", status = "", names: [String] = []
        let isObject = RecordField.visit(paths, in: payload) { path, _, value in
            switch path {
            case 0: pipeline = value
            case 1: status = value
            default: names.append(value.lowercased())
            }
        }
        guard isObject else { return false }
        if !pipelines.isEmpty, !pipelines.contains(pipeline) { return false }
        if !statuses.isEmpty, !statuses.contains(status) { return false }
        if excludedStatuses.contains(status) { return false }
        if !entities.isEmpty, !entities.contains(where: { names.contains($0) }) { return false }
        return true
    }
}

/// How far a replay has come.
public struct ReplayProgress: Sendable {
    /// Records read from the log (sent or filtered out).
    public var read: UInt64 = 0
    /// Records delivered downstream.
    public var sent: UInt64 = 0
    /// Records left out by filters.
    public var filtered: UInt64 = 0
    /// Damaged records skipped (with `--skip-corrupt`).
    public var skipped: UInt64 = 0
    /// The next offset to deliver (the checkpoint).
    public var nextOffset: UInt64 = 0
    /// The log's durable end when last looked.
    public var durableEnd: UInt64 = 0
    /// Seconds since the replay started.
    public var seconds: Double = 0
    /// Records a second so far.
    public var perSecond: Double { seconds > 0 ? Double(read) / seconds : 0 }
    /// Records between the checkpoint and the durable end.
    public var lag: UInt64 { durableEnd > nextOffset ? durableEnd - nextOffset : 0 }
}

/// Reads the log up to its durable end and delivers batches to a sink,
/// advancing the consumer's checkpoint only over delivered (or filtered) records.
public final class ReplayDriver {
    let directory: LogDirectory
    let sink: any ReplaySink
    let options: ReplayOptions
    /// Called with messages worth telling the operator (skipped records, resume points).
    public var notice: (String) -> Void = { _ in }
    /// Called about twice a second with the progress.
    public var progress: (ReplayProgress) -> Void = { _ in }
    /// Polled between batches: true stops the replay cleanly (signals).
    public var shouldStop: () -> Bool = { false }

    /// A replay of `directory` into `sink`.
    public init(directory: LogDirectory, sink: any ReplaySink, options: ReplayOptions) {
        self.directory = directory
        self.sink = sink
        self.options = options
    }

    /// Runs until the durable end (or `until`), or, following, until `shouldStop`.
    @discardableResult
    public func run() throws -> ReplayProgress {
        let reader = try LogReader(directory: directory)
        let checkpoints = ConsumerCheckpoints(directory)
        var start = reader.firstOffset
        if let consumer = options.consumer {
            let stored = try sink.keepsCheckpoints ? sink.storedCheckpoint(consumer: consumer) : checkpoints.load(consumer)?.nextOffset
            if let stored {
                start = stored
                if options.from == nil && options.since == nil { notice("consumer \(consumer) resumes at offset \(stored)") }
            }
        }
        if let from = options.from { start = from }
        if let since = options.since {
            try reader.seek(toTime: since)
        } else {
            if start < reader.firstOffset {
                throw SinkError("offset \(start) is no longer in the log (retention); the oldest record is \(reader.firstOffset)", permanent: true)
            }
            try reader.seek(to: start)
        }
        let state = RunState(nextOffset: reader.nextOffset, capacity: options.batch)
        let began = Date()
        var lastReport = Date.distantPast
        while true {
            if shouldStop() { break }
            let record: LogRecord?
            do {
                record = try reader.next(bound: .durable)
            } catch {
                guard error.code == .corrupt else { throw error }
                let at = error.offset ?? reader.nextOffset
                guard options.skipCorrupt else {
                    try deliver(state, checkpoints: checkpoints, began: began)
                    throw SinkError("the log is damaged: \(error.message)", offset: at, permanent: true)
                }
                // Past a damaged record its segment cannot be framed again: go on at the next segment.
                guard let next = try directory.segmentBases().first(where: { $0 > at }) else {
                    notice("skipping damaged records from \(at) to the end of the log: \(error.message)")
                    break
                }
                notice("skipping damaged records \(at)..<\(next): \(error.message)")
                state.progress.skipped += next - at
                state.batchEnd = next
                try reader.seek(to: next)
                continue
            }
            guard let record else {
                try deliver(state, checkpoints: checkpoints, began: began)
                state.progress.durableEnd = reader.currentEnds()?.durable ?? reader.nextOffset
                state.progress.seconds = Date().timeIntervalSince(began)
                progress(state.progress)
                if !options.follow { break }
                usleep(100_000)
                continue
            }
            if let until = options.until, record.offset > until { break }
            if let untilTime = options.untilTime, record.timestamp > untilTime { break }
            state.progress.read += 1
            state.batchEnd = record.offset + 1
            let payload = try reader.decode(record)
            if options.filter.accepts(payload) {
                state.batch.append(ReplayRecord(offset: record.offset, timestamp: record.timestamp, payload: payload))
            } else {
                state.progress.filtered += 1
            }
            if state.batch.count >= options.batch { try deliver(state, checkpoints: checkpoints, began: began) }
            if Date().timeIntervalSince(lastReport) >= 0.5 {
                lastReport = Date()
                state.progress.durableEnd = reader.currentEnds()?.durable ?? max(state.progress.durableEnd, reader.nextOffset)
                state.progress.seconds = lastReport.timeIntervalSince(began)
                progress(state.progress)
            }
        }
        try deliver(state, checkpoints: checkpoints, began: began)
        state.progress.seconds = Date().timeIntervalSince(began)
        state.progress.durableEnd = reader.currentEnds()?.durable ?? max(state.progress.durableEnd, reader.nextOffset)
        progress(state.progress)
        try sink.close()
        return state.progress
    }

    /// What a run carries between batches.
    final class RunState {
        var progress = ReplayProgress()
        var batch: [ReplayRecord] = []
        /// The offset after the last record read (delivered or filtered out).
        var batchEnd: UInt64

        init(nextOffset: UInt64, capacity: Int) {
            progress.nextOffset = nextOffset
            batchEnd = nextOffset
            batch.reserveCapacity(capacity)
        }
    }

    /// Sends the batch, then moves the checkpoint to the end of what was read.
    private func deliver(_ state: RunState, checkpoints: ConsumerCheckpoints, began: Date) throws {
        guard state.batchEnd > state.progress.nextOffset || !state.batch.isEmpty else { return }
        if !state.batch.isEmpty {
            let checkpoint = options.consumer.map { (consumer: $0, nextOffset: state.batchEnd) }
            try sink.write(state.batch, checkpoint: sink.keepsCheckpoints ? checkpoint : nil)
        }
        state.progress.sent += UInt64(state.batch.count)
        state.progress.nextOffset = state.batchEnd
        if let consumer = options.consumer {
            try checkpoints.store(ConsumerCheckpoint(name: consumer, nextOffset: state.batchEnd))
        }
        state.batch.removeAll(keepingCapacity: true)
        if let rate = options.rate, rate > 0 {
            let wait = began.addingTimeInterval(Double(state.progress.read) / rate).timeIntervalSinceNow
            if wait > 0 { usleep(UInt32(min(wait, 10) * 1_000_000)) }
        }
    }
}
