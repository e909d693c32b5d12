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

/// The daemon: sources (drop directories) → ``Intake`` → pipelines → the log
/// → ``Acknowledger``, with the books in a ``Ledger``. A delivery leaves its
/// source only after every record built from it is durable, or it was
/// quarantined. `ArticlePath.swift` walks one article through in order.
///
/// Built on ``RuntimeParts`` (lanes, clock, log) and an ``IntakeSource``, so
/// a test drives it in-process on an embedded loop (CopydeskDaemonEmbedded).
public final class Runtime: Sendable {
    /// The daemon's life stages, as `status` shows them.
    public enum Phase: String, Sendable {
        case starting, running, draining, paused, stopped
    }

    let logger: Logger
    let parts: RuntimeParts
    /// The log writer when the runtime owns a real log (retention runs on it).
    package let logWriter: LogWriter?
    package let compressor: RecordCompressor
    let contentIndex: ContentIndex
    package let metrics = StageMetrics()
    /// What the daemon does, for `GET /events`.
    public let events = EventBus()
    /// One bound on parallel articles for every pipeline: one per core and one
    /// more, because an article now and then waits (the near-duplicate index's
    /// lock, the compressor's dictionary) and the spare keeps the cores busy
    /// (`bench pipeline`: 2,077–2,531 articles/s against 1,995–2,411 at one per core).
    let limiter: WorkLimiter
    let builder: PipelineBuilder
    let startedAt: Date
    let source: any IntakeSource
    let intake: Intake
    let acknowledger: Acknowledger
    let state: Mutex<State>
    let ledger: Mutex<Ledger>
    let timers = Mutex<[any RuntimeTimer]>([])

    struct State: Sendable {
        var config: DaemonConfiguration
        var runners: [String: PipelineRunner] = [:]
        var phase: Phase = .starting
        /// (monotonic ns, articles appended) once a second, for the throughput now.
        var rateSamples: [(at: UInt64, appended: UInt64)] = []
    }

    /// Opens the log (recovery), rebuilds the content index, builds the
    /// pipelines, over the drop directories. Throws when the state is locked
    /// by another daemon or the configuration does not build.
    public convenience init(configuration: DaemonConfiguration, builder: @escaping PipelineBuilder, logger: Logger) throws {
        let writer = try Runtime.openLog(configuration, logger: logger)
        let compressor = RecordCompressor(dictionaries: writer.dictionaries, initial: Runtime.currentDictionary(writer), logger: logger)
        let contentIndex = ContentIndex(near: configuration.nearDuplicates)
        let stats = try LogStats.compute(writer.directory)
        try Runtime.rebuildIndex(contentIndex, snapshot: configuration.indexSnapshot, writer: writer, logger: logger)
        let intakeQueue = DispatchQueue(label: "copydesk.intake")
        var parts = RuntimeParts.dispatch(log: writer)
        parts.intake = intakeQueue
        let source = IntakeSources([DropDirectorySource(lane: intakeQueue, watcherQueue: intakeQueue, clock: parts.clock, logger: logger)])
        try self.init(configuration: configuration, builder: builder, parts: parts, source: source, compressor: compressor,
                      contentIndex: contentIndex, log: LogFigures(records: stats.records, rawBytes: stats.rawBytes, storedBytes: UInt64(stats.storedBytes)),
                      logWriter: writer, logger: logger)
    }

    /// A runtime on `parts`, reading from `source`, appending to `parts.log`
    /// (which holds `log`), with `contentIndex` already caught up with it.
    package init(configuration: DaemonConfiguration, builder: @escaping PipelineBuilder, parts: RuntimeParts,
                 source: any IntakeSource, compressor: RecordCompressor, contentIndex: ContentIndex,
                 log: LogFigures = LogFigures(), logWriter: LogWriter? = nil, logger: Logger) throws {
        self.logger = logger
        self.builder = builder
        self.parts = parts
        self.logWriter = logWriter
        self.compressor = compressor
        self.contentIndex = contentIndex
        self.source = source
        startedAt = parts.clock.now()
        limiter = WorkLimiter(queue: DispatchQueue(label: "copydesk.work", qos: .userInitiated, attributes: .concurrent),
                              width: max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) + 1)
        intake = Intake(lane: parts.intake, limits: Intake.Limits(configuration))
        acknowledger = Acknowledger(lane: parts.ack)
        state = Mutex(State(config: configuration))
        ledger = Mutex(Ledger(log: log))
        let runners = try buildRunners(configuration)
        state.withLock { $0.runners = runners }
        connect()
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

    func buildRunners(_ config: DaemonConfiguration) throws -> [String: PipelineRunner] {
        let context = StageContext(pipeline: "", file: config.file ?? "built-in", compressor: compressor, contentIndex: contentIndex)
        let pipelines = try builder(config, context)
        for drop in config.drops where pipelines[drop.pipeline] == nil {
            throw DaemonError(.config, "drop directory \(drop.path) names pipeline '\(drop.pipeline)', which does not exist; known: \(pipelines.keys.sorted().joined(separator: ", "))")
        }
        return pipelines.mapValues { PipelineRunner(pipeline: $0, limiter: limiter, metrics: metrics) }
    }
}
