#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CopydeskCore
import CopydeskLog
import Dispatch
import Foundation
import Logging
import Synchronization

/// Builds the pipelines of a configuration (the catalog lives with the CLI).
public typealias PipelineBuilder = @Sendable (DaemonConfiguration, StageContext) throws -> [String: Pipeline]

/// The daemon: drop directories → pipelines on Dispatch queues → the log →
/// acknowledgement. A source file leaves its drop directory only after every
/// record built from it is durable, or it was quarantined.
public final class Runtime: Sendable {
    /// The daemon's life stages, as `status` shows them.
    public enum Phase: String, Sendable {
        case starting, running, draining, paused, stopped
    }

    let logger: Logger
    let writer: LogWriter
    let compressor: RecordCompressor
    let contentIndex: ContentIndex
    let metrics = StageMetrics()
    /// What the daemon does, for `GET /events`.
    public let events = EventBus()
    let intakeQueue = DispatchQueue(label: "copydesk.intake")
    let ackQueue = DispatchQueue(label: "copydesk.ack")
    let workQueue = DispatchQueue(label: "copydesk.work", qos: .userInitiated, attributes: .concurrent)
    /// One bound on parallel articles for every pipeline: one per core and one
    /// more, because an article now and then waits (the near-duplicate index's
    /// lock, the compressor's dictionary) and the spare keeps the cores busy
    /// (`bench pipeline`: 2,077–2,531 articles/s against 1,995–2,411 at one per core).
    let limiter: WorkLimiter
    let builder: PipelineBuilder
    let startedAt = Date()
    let state: Mutex<State>
    let watcher = Mutex<WatcherBox?>(nil)
    let timers = Mutex<[TimerBox]>([])
    let drained = DispatchSemaphore(value: 0)

    struct State: Sendable {
        var config: DaemonConfiguration
        var runners: [String: PipelineRunner] = [:]
        var phase: Phase = .starting
        var pauseReason: String?
        /// Intake paused by `copydesk pause` (POST /pause) until `resume`.
        var operatorPaused = false
        /// (monotonic ns, articles appended) once a second, for the throughput now.
        var rateSamples: [(at: UInt64, appended: UInt64)] = []
        var queued = FileQueue()
        /// Paths queued or in flight.
        var known: Set<String> = []
        /// Drops with files left out of a full queue: rescanned once it has room.
        /// The drop directory itself is the queue: past `config.queuedFiles`
        /// files stay on disk and a rescan takes the next ones once the queue
        /// is half empty, so a burst of any size costs bounded memory.
        var overflowed: Set<String> = []
        var files: [String: FileTask] = [:]
        var inFlightBytes = 0
        var counters = RuntimeCounters()
        var logRecords: UInt64 = 0
        var logRawBytes: UInt64 = 0
        var logStoredBytes: UInt64 = 0
        /// Files whose items are all settled, waiting for the ack queue; one
        /// block on that queue takes them all (`ackScheduled`), not one block per file.
        var acks: [String] = []
        var ackScheduled = false
        /// A pump is queued on the intake queue and has not started yet.
        var pumpScheduled = false
    }

    /// Opens the log (recovery), rebuilds the content index, builds the
    /// pipelines. Throws when the state is locked by another daemon or the
    /// configuration does not build.
    public init(configuration: DaemonConfiguration, builder: @escaping PipelineBuilder, logger: Logger) throws {
        self.logger = logger
        self.builder = builder
        limiter = WorkLimiter(queue: workQueue, width: max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) + 1)
        writer = try Runtime.openLog(configuration, logger: logger)
        compressor = RecordCompressor(dictionaries: writer.dictionaries, initial: Runtime.currentDictionary(writer), logger: logger)
        contentIndex = ContentIndex(near: configuration.nearDuplicates)
        state = Mutex(State(config: configuration))
        let stats = try LogStats.compute(writer.directory)
        state.withLock { s in
            s.logRecords = stats.records
            s.logRawBytes = stats.rawBytes
            s.logStoredBytes = UInt64(stats.storedBytes)
        }
        try catchUpIndex(snapshot: configuration.indexSnapshot)
        let runners = try buildRunners(configuration)
        state.withLock { $0.runners = runners }
    }

    static func openLog(_ configuration: DaemonConfiguration, logger: Logger) throws -> LogWriter {
        do {
            return try LogWriter(directory: LogDirectory(configuration.logDirectory), configuration: configuration.log,
                                 owner: "copydesk run (state \(configuration.stateDirectory))", logger: logger)
        } catch {
            if error.code == .locked {
                throw DaemonError(.locked, "another copydesk is already running on \(configuration.stateDirectory): \(error.message)")
            }
            throw error
        }
    }

    /// The dictionary the log used last, so that a restart keeps compressing alike.
    static func currentDictionary(_ writer: LogWriter) -> LogDictionary? {
        guard let reader = try? LogReader(directory: writer.directory, writer: writer) else { return nil }
        let end = writer.ends.visible
        guard end > reader.firstOffset else { return nil }
        guard (try? reader.seek(to: end - 1)) != nil, let r = try? reader.next(bound: .visible), r.dictionaryID != 0 else { return nil }
        return try? writer.dictionaries.dictionary(r.dictionaryID)
    }

    func buildRunners(_ config: DaemonConfiguration) throws -> [String: PipelineRunner] {
        let context = StageContext(pipeline: "", file: config.file ?? "built-in", compressor: compressor, contentIndex: contentIndex)
        let pipelines = try builder(config, context)
        for drop in config.drops where pipelines[drop.pipeline] == nil {
            throw DaemonError(.config, "drop directory \(drop.path) names pipeline '\(drop.pipeline)', which does not exist; known: \(pipelines.keys.sorted().joined(separator: ", "))")
        }
        return pipelines.mapValues { PipelineRunner(pipeline: $0, limiter: limiter, metrics: metrics) }
    }

    /// Loads the index snapshot and adds every durable record after it.
    func catchUpIndex(snapshot: String) throws {
        try Runtime.rebuildIndex(contentIndex, snapshot: snapshot, writer: writer, logger: logger)
    }

    /// Loads the index snapshot, then reads the log: every durable record
    /// after the snapshot goes into the exact index, and into the
    /// near-duplicate window too — from the snapshot on, or, when the snapshot
    /// had no usable window, from the last `windowArticles` records.
    static func rebuildIndex(_ index: ContentIndex, snapshot: String, writer: LogWriter, logger: Logger) throws {
        let loaded = index.load(from: snapshot)
        let reader = try LogReader(directory: writer.directory, writer: writer)
        let durable = writer.ends.durable
        var exactFrom = loaded.exact ? index.coveredOffset : reader.firstOffset
        var nearLoaded = loaded.near
        if exactFrom < reader.firstOffset { exactFrom = reader.firstOffset }
        if exactFrom > durable {
            // A snapshot ahead of the log (the log was replaced): rebuild from scratch.
            logger.warning("content index snapshot is ahead of the log; rebuilding it", metadata: ["snapshot": "\(snapshot)"])
            index.reset()
            exactFrom = reader.firstOffset
            nearLoaded = false
        }
        let window = UInt64(index.near.settings.windowArticles)
        let nearFrom = nearLoaded ? exactFrom : max(reader.firstOffset, durable > window ? durable - window : 0)
        try reader.seek(to: min(exactFrom, nearFrom))
        var exact = 0, near = 0
        while let r = try reader.next() {
            let payload = try reader.decode(r)
            if r.offset >= exactFrom {
                let (id, raw) = RecordKeys.extract(payload)
                index.commit(contentID: id, rawHash: raw, offset: r.offset)
                exact += 1
            }
            if r.offset >= nearFrom, index.near.add(recordJSON: payload, time: r.timestamp / 1_000_000) { near += 1 }
        }
        index.cover(upTo: durable)
        logger.info("content index ready", metadata: [
            "articles": "\(index.count)", "from_snapshot": "\(loaded.exact)", "caught_up": "\(exact)",
            "near_window": "\(index.near.count)", "near_from_snapshot": "\(nearLoaded)", "near_caught_up": "\(near)"])
    }
}

/// The inotify watcher, held so that its source stays alive.
struct WatcherBox: Sendable {
    let watcher: InotifyWatcher
}

/// A repeating Dispatch timer; Dispatch sources are thread-safe.
struct TimerBox: @unchecked Sendable {
    let source: any DispatchSourceTimer
}
