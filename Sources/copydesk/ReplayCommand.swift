import ArgumentParser
import CopydeskBench
import CopydeskDaemon
import CopydeskLog
import CopydeskSinks
import Foundation
import Synchronization
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `copydesk replay`.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Send the log's records downstream: stdout, a file, HTTP, PostgreSQL or Kafka, from an offset or a time, with checkpoints.",
        discussion: """
        TARGET is stdout, file:PATH (.zst / .gz compress), http(s)://HOST/PATH (NDJSON batches; \
        --format elasticsearch-bulk for _bulk), postgres://… (table articles, upserts by id, the \
        checkpoint in the same transaction) or kafka://BROKER[,BROKER]/TOPIC (idempotent producer, \
        key = article id). Reads only up to the durable end; --follow keeps going. With \
        --consumer NAME the replay resumes at NAME's checkpoint (the next offset), advanced only \
        over delivered records; --from or --since start elsewhere on purpose.
        """
    )

    @OptionGroup var location: LogLocation

    @Option(name: .customLong("to"), help: ArgumentHelp("Where to: stdout, file:PATH, http(s)://…, postgres://…, kafka://BROKERS/TOPIC.", valueName: "TARGET"))
    var target: String?

    @Option(help: ArgumentHelp("A sink named under sinks: in the configuration (its settings, which flags given beside it override; the consumer is NAME unless --consumer says otherwise). What copydesk-replay@NAME.service runs.", valueName: "NAME"))
    var sink: String?

    @Option(help: "Start at this offset.")
    var from: UInt64?

    @Option(help: ArgumentHelp("Start at the first record appended at or after this time (ISO-8601, e.g. 2026-11-29T08:00:00Z).", valueName: "TIME"))
    var since: String?

    @Option(help: "Stop after this offset (inclusive).")
    var until: UInt64?

    @Option(name: .customLong("until-time"), help: ArgumentHelp("Stop before the first record appended after this time (ISO-8601).", valueName: "TIME"))
    var untilTime: String?

    @Option(help: "A named consumer: resume at its checkpoint and advance it (letters, digits, . _ -).")
    var consumer: String?

    @Flag(help: "Keep going as records arrive, until SIGTERM or SIGINT.")
    var follow = false

    @Option(help: ArgumentHelp("Only some records: pipeline=NAME, dedup=STATUS, dedup!=STATUS (e.g. near_duplicate), entity=NAME. Repeatable.", valueName: "EXPR"))
    var filter: [String] = []

    @Option(help: "Records per batch sent downstream (default 1000).")
    var batch: Int?

    @Option(help: "At most this many records a second.")
    var rate: Double?

    @Flag(name: .customLong("skip-corrupt"), help: "Report a damaged record and go on (default: stop, naming its offset).")
    var skipCorrupt = false

    @Option(help: "HTTP body (default ndjson).")
    var format: HTTPSink.Format?

    @Option(help: "PostgreSQL table (default articles).")
    var table: String?

    @Option(help: "PostgreSQL connections writing in parallel, 1 to 16 (default 2; each batch is split by article id; the server's JSON parsing runs on one core per connection).")
    var connections: Int?

    @Option(help: "Kafka message key: the article id (default) or its story cluster.")
    var key: KafkaSink.Key?

    @Option(name: .customShort("X"), help: ArgumentHelp("librdkafka setting passed through (key=value). Repeatable.", valueName: "KEY=VALUE"))
    var kafkaSettings: [String] = []

    @Option(help: "Compress a file target (default: by its .zst/.gz name).")
    var compress: StreamSink.Compression?

    func validate() throws {
        if (target == nil) == (sink == nil) { throw ValidationError("give --to TARGET or --sink NAME") }
        if from != nil && since != nil { throw ValidationError("give --from or --since, not both") }
        if until != nil && untilTime != nil { throw ValidationError("give --until or --until-time, not both") }
        if let batch, batch < 1 { throw ValidationError("--batch must be at least 1") }
        if let connections, !(1...16).contains(connections) { throw ValidationError("--connections must be 1 to 16") }
        if let c = consumer, !ConsumerCheckpoint.isValidName(c) { throw ValidationError("--consumer '\(c)': use letters, digits, '.', '_' or '-'") }
    }

    /// The sink settings given as flags; they win over a named sink's.
    var overrides: SinkOverrides {
        SinkOverrides(format: format, compression: compress, table: table, connections: connections, key: key, kafka: kafkaSettings)
    }

    /// The named sink's settings from the configuration.
    func namedSink(_ name: String) throws -> SinkDefinition {
        let file = location.config ?? ProcessInfo.processInfo.environment["COPYDESK_CONFIG"]
        guard let file, !file.isEmpty else { throw ValidationError("--sink needs the configuration: --config FILE (or COPYDESK_CONFIG)") }
        let config = try DaemonConfiguration.load(file: file)
        guard let spec = config.sinks[name] else {
            throw ValidationError("no sink named '\(name)' in \(file); known: \(config.sinks.keys.sorted().joined(separator: ", "))")
        }
        return spec
    }

    func run() throws {
        let dir = try location.existingDirectory()
        signal(SIGPIPE, SIG_DFL)
        let named = try sink.map(namedSink)
        var options = ReplayOptions()
        options.from = from
        options.until = until
        options.consumer = consumer ?? sink
        options.follow = follow
        options.batch = batch ?? named?.batch ?? options.batch
        options.rate = rate ?? named?.rate.map(Double.init)
        options.skipCorrupt = skipCorrupt
        do {
            options.since = try since.map(Self.micros)
            options.untilTime = try untilTime.map(Self.micros)
            for f in filter + (named?.filter ?? []) { try options.filter.add(f) }
        } catch let e as SinkError {
            throw ValidationError(e.message)
        }
        let stop = StopFlag()
        let signals = SignalHandlers()
        signals.on([SIGTERM, SIGINT]) { _ in stop.set() }
        defer { signals.cancel() }
        do {
            var config = try named?.config ?? SinkRegistry.builtIn.config(target: target ?? "stdout")
            try config.apply(overrides)
            let sink = try config.build()
            let driver = ReplayDriver(directory: dir, sink: sink, options: options)
            driver.notice = { FileHandleOutput.stderr("copydesk replay: \($0)") }
            driver.shouldStop = { stop.isSet }
            let meter = ProgressMeter(toTerminal: isatty(2) == 1 && sink.description != "stdout" || isatty(2) == 1 && isatty(1) == 0)
            driver.progress = { meter.show($0) }
            let p = try driver.run()
            meter.finish(p)
        } catch let e as SinkError {
            FileHandleOutput.stderr("copydesk replay: \(e)")
            throw ExitCode.failure
        } catch let e as LogError {
            FileHandleOutput.stderr("copydesk replay: \(e)")
            throw ExitCode.failure
        }
    }

    static func micros(_ text: String) throws -> Int64 {
        let formats: [Date.ISO8601FormatStyle] = [.iso8601, .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)]
        for f in formats { if let d = try? f.parse(text) { return Int64(d.timeIntervalSince1970 * 1_000_000) } }
        if let d = try? Date.ISO8601FormatStyle().year().month().day().parse(text) { return Int64(d.timeIntervalSince1970 * 1_000_000) }
        throw SinkError(.badConfig, "'\(text)' is not an ISO-8601 time (say 2026-11-29T08:00:00Z or 2026-11-29)", permanent: true)
    }
}

/// Set by SIGTERM or SIGINT: the replay finishes its batch, stores the checkpoint and exits 0.
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    /// Whether a stop was asked for.
    var isSet: Bool { flag.load(ordering: .acquiring) }
    /// Asks for a stop.
    func set() { flag.store(true, ordering: .releasing) }
}

/// A progress bar on a terminal, a plain line every few seconds elsewhere (stderr).
final class ProgressMeter {
    let toTerminal: Bool
    var last = Date()

    init(toTerminal: Bool) { self.toTerminal = toTerminal }

    func show(_ p: ReplayProgress) {
        let interval: TimeInterval = toTerminal ? 0.5 : 5
        guard Date().timeIntervalSince(last) >= interval else { return }
        last = Date()
        let eta = p.perSecond > 0 ? Double(p.lag) / p.perSecond : 0
        if toTerminal {
            let total = Double(p.nextOffset + p.lag)
            let done = total > 0 ? Double(p.nextOffset) / total : 1
            let width = 30
            let filled = Int(done * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            FileHandleOutput.stderrRaw(String(format: "\r%@ %5.1f%%  offset %llu  lag %llu  %.0f rec/s  ETA %.0f s \u{1B}[K", bar, done * 100, p.nextOffset, p.lag, p.perSecond, eta))
        } else {
            FileHandleOutput.stderr(String(format: "replay: offset %llu, sent %llu, filtered %llu, lag %llu, %.0f records/s", p.nextOffset, p.sent, p.filtered, p.lag, p.perSecond))
        }
    }

    func finish(_ p: ReplayProgress) {
        if toTerminal { FileHandleOutput.stderrRaw("\n") }
        FileHandleOutput.stderr(String(format: "replay: done at offset %llu: %llu sent, %llu filtered out, %llu damaged skipped, %.0f records/s",
                                       p.nextOffset, p.sent, p.filtered, p.skipped, p.perSecond))
    }
}

/// `copydesk bench replay`.
struct BenchReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay throughput: JSON Lines to /dev/null, PostgreSQL (a throwaway server unless --postgres), Kafka (librdkafka's mock cluster).",
        discussion: "Records are the BBC articles of --corpus as copydesk records (~3 KB), cycled to --records. Build with -c release."
    )

    @Option(help: ArgumentHelp("The BBC corpus folder.", valueName: "DIR"))
    var corpus = "../shared/corpus/bbc"

    @Option(help: "Records in the log.")
    var records = 100_000

    @Option(help: "Records per batch.")
    var batch = 1000

    @Option(help: ArgumentHelp("Use this PostgreSQL (libpq URL) instead of starting a throwaway one.", valueName: "URL"))
    var postgres: String?

    @Option(help: ArgumentHelp("Scratch folder (removed afterwards).", valueName: "DIR"))
    var scratch = "./copydesk-bench-replay"

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        var bench = ReplayBenchmark(records: records, scratch: scratch, postgres: postgres)
        bench.batch = batch
        do {
            let payloads = try BenchCorpus.bbcRecords(corpus)
            guard !payloads.isEmpty else {
                FileHandleOutput.stderr("copydesk bench replay: no BBC articles under \(corpus); pass --corpus DIR")
                throw ExitCode.failure
            }
            let rows = try bench.run(payloads: payloads) { FileHandleOutput.stderr("… \($0)") }
            if json {
                FileHandleOutput.stdout(FileHandleOutput.json(rows))
                return
            }
            for r in rows {
                FileHandleOutput.stdout(String(format: "%-55@ %9.0f records/s  (%llu in %.2f s)", r.target, r.perSecond, r.records, r.seconds))
            }
        } catch let e as SinkError {
            FileHandleOutput.stderr("copydesk bench replay: \(e)")
            throw ExitCode.failure
        }
    }
}
