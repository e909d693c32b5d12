import ArgumentParser
import CopydeskBench
import CopydeskCore
import CopydeskDaemon
import CopydeskLog
import Foundation

/// `copydesk bench …`: measurements that the README and issue notes quote.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure copydesk on real corpora.",
        subcommands: [BenchLogCommand.self, BenchPipelineCommand.self, BenchFilesCommand.self, BenchRestartCommand.self, BenchDedupCommand.self, BenchReplayCommand.self, BenchEntitiesCommand.self, BenchExtractCommand.self]
    )
}

/// `copydesk bench log`.
struct BenchLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Append, compress and read throughput, ratio and fsync latency of the log.",
        discussion: """
        Records are the BBC News articles of --corpus wrapped in the JSON record copydesk \
        writes (about 3 KB each). Every other article trains the dictionary; the rest are \
        measured, cycled to --records. Build with -c release for meaningful figures.
        """
    )

    @Option(help: ArgumentHelp("The BBC corpus folder (business/, sport/, … of NNN.txt).", valueName: "DIR"))
    var corpus = "../shared/corpus/bbc"

    @Option(help: "Records to compress, append and read.")
    var records = 200_000

    @Option(help: "fsync policy of the append run.")
    var fsync = FsyncPolicy.interval(milliseconds: 100)

    @Option(help: "Records per submission in the append run.")
    var batch = 256

    @Option(help: "Single-record commits timed with fsync always.")
    var commits = 500

    @Option(help: "zstd compression level.")
    var level: Int32 = 3

    @Option(help: ArgumentHelp("Scratch folder for the benchmark's logs (removed afterwards).", valueName: "DIR"))
    var scratch = "./copydesk-bench"

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func run() throws {
        let articles = try BenchCorpus.bbcRecords(corpus)
        guard articles.count >= 20 else {
            FileHandleOutput.stderr("copydesk bench log: no BBC articles under \(corpus); pass --corpus DIR")
            throw ExitCode.failure
        }
        let training = stride(from: 0, to: articles.count, by: 2).map { articles[$0] }
        let measured = stride(from: 1, to: articles.count, by: 2).map { articles[$0] }
        var bench = LogBenchmark(trainingRecords: training, measuredRecords: measured, count: records, scratch: scratch,
                                 fsync: fsync, batch: batch, commitSamples: commits)
        bench.level = level
        let r = try bench.run { if !json { FileHandleOutput.stderr("… \($0)") } }
        if json {
            FileHandleOutput.stdout(FileHandleOutput.json(r))
            return
        }
        func f(_ v: Double, _ d: Int = 0) -> String { String(format: "%.\(d)f", v) }
        FileHandleOutput.stdout("records                \(r.records) (mean \(f(r.meanRecordBytes)) B raw, \(articles.count) BBC articles, half for training)")
        FileHandleOutput.stdout("dictionary             \(r.dictionaryBytes) B, trained in \(f(r.trainSeconds, 2)) s")
        FileHandleOutput.stdout("ratio (on disk)        \(f(r.diskRatio, 2))   payload \(f(r.payloadRatio, 2)), without dictionary \(f(r.payloadRatioNoDictionary, 2))")
        FileHandleOutput.stdout("compress (1 core)      \(f(r.compressRecordsPerSecond)) records/s, \(f(r.compressMBPerSecond, 1)) MB/s")
        FileHandleOutput.stdout("append (\(r.appendFsync))  \(f(r.appendRecordsPerSecond)) records/s, \(f(r.appendMBPerSecond, 1)) MB/s")
        FileHandleOutput.stdout("read+decode (1 core)   \(f(r.readRecordsPerSecond)) records/s, \(f(r.readMBPerSecond, 1)) MB/s")
        FileHandleOutput.stdout("commit, fsync always   p50 \(f(r.commitLatencyP50Milliseconds, 2)) ms, p99 \(f(r.commitLatencyP99Milliseconds, 2)) ms (\(r.commitSamples) commits)")
    }
}

/// Turns the BBC corpus into records shaped like copydesk's (DESIGN §4).
enum BenchCorpus {
    static func bbcRecords(_ root: String) throws -> [[UInt8]] {
        var out: [[UInt8]] = []
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func hex(_ n: Int) -> String {
            var s = ""
            while s.count < n {
                seed = seed &+ 0x9E37_79B9_7F4A_7C15
                var z = seed
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                s += String(z, radix: 16)
            }
            return String(s.prefix(n))
        }
        for file in BBCCorpus.files(root) {
            do {
                let section = String(file.name.prefix { $0 != "/" })
                let name = String(file.name.drop { $0 != "/" }.dropFirst())
                let text = String(decoding: file.bytes, as: UTF8.self)
                let paragraphs = text.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
                guard paragraphs.count >= 2 else { continue }
                let body = paragraphs.dropFirst().joined(separator: "\n\n")
                let id = hex(32)
                let record: [String: Any] = [
                    "uri": "urn:copydesk:\(id)", "id": id, "type": "text", "language": "en",
                    "versionCreated": "2026-11-29T01:02:\(String(format: "%02d", out.count % 60)).\(out.count % 1000)Z",
                    "headlines": [["role": "main", "value": paragraphs[0]]],
                    "descriptions": [["role": "summary", "value": paragraphs[1]]],
                    "bodies": [["role": "main", "contentType": "text/plain", "value": body,
                                "charCount": body.count, "wordCount": body.split(whereSeparator: \.isWhitespace).count]],
                    "slugline": section,
                    "altIds": [["role": "sha256", "value": hex(64)]],
                    "copydesk": [
                        "source": ["path": "/var/lib/copydesk/drop/\(section)-\(name)", "drop": "/var/lib/copydesk/drop",
                                   "bytes": file.bytes.count, "mtime": "2026-11-29T01:02:03Z"],
                        "pipeline": "news", "dedup": ["status": "unique"],
                        "timings_us": ["parse": 40 + out.count % 17, "normalize": 25 + out.count % 11, "deduplicate": 3, "compress": 30 + out.count % 13],
                    ],
                ]
                let json = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys, .withoutEscapingSlashes])
                out.append(Array(json))
            }
        }
        return out
    }
}

/// `copydesk bench pipeline`.
struct BenchPipelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "End-to-end articles/s, drop→durable latency, time per stage and peak RSS.",
        discussion: """
        Makes N unique articles from the BBC corpus (paragraphs mixed across articles; \
        each article as many paragraphs as a randomly chosen corpus article has, so \
        lengths follow the corpus, unless --paragraphs MIN-MAX), \
        drops them into a real daemon runtime in this process (inotify, pipeline, log, \
        acknowledgement) as one burst or at --rate per second. Build with -c release.
        """
    )

    @Option(help: ArgumentHelp("The BBC corpus folder.", valueName: "DIR"))
    var corpus = "../shared/corpus/bbc"

    @Option(help: "Articles to drop.")
    var articles = 20_000

    @Option(help: "Articles per second (default: one burst).")
    var rate: Int?

    @Option(help: "fsync policy.")
    var fsync = FsyncPolicy.always

    @Option(help: ArgumentHelp("Paragraphs per article, MIN-MAX (default: as in the corpus; sessions before 4 used 6-12, about twice the corpus's length).", valueName: "MIN-MAX"))
    var paragraphs: String?

    @Option(name: .customLong("per-file"), help: ArgumentHelp("Articles per dropped file: more than 1 drops .jsonl files of that many lines.", valueName: "N"))
    var perFile = 1

    @Flag(name: .customLong("cold-log"), help: "Start on a log without a compression dictionary, as a daemon's first start (its first 2,000 records start a dictionary training round in the run). By default the log starts with a trained dictionary, as a running daemon has.")
    var coldLog = false

    @Option(help: ArgumentHelp("A pipeline file to run instead of the built-in news pipeline (such as one without the entities stage).", valueName: "FILE"))
    var pipeline: String?

    @Option(help: ArgumentHelp("Scratch folder (removed afterwards).", valueName: "DIR"))
    var scratch = "./copydesk-bench-pipeline"

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func run() throws {
        var range: ClosedRange<Int>?
        if let paragraphs {
            let parts = paragraphs.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, parts[0] >= 1, parts[0] <= parts[1] else { throw ValidationError("--paragraphs takes MIN-MAX, such as 6-12") }
            range = parts[0]...parts[1]
        }
        guard perFile >= 1 else { throw ValidationError("--per-file must be at least 1") }
        var bench = PipelineBenchmark(corpus: corpus, count: articles, rate: rate, fsync: fsync, scratch: scratch, paragraphs: range, pipelineFile: pipeline)
        bench.perFile = perFile
        bench.coldLog = coldLog
        let r = try bench.run(builder: PipelineSetup.builder) { if !json { FileHandleOutput.stderr("… \($0)") } }
        if json {
            FileHandleOutput.stdout(FileHandleOutput.json(r))
            return
        }
        FileHandleOutput.stdout(String(format: "articles        %d (%@, fsync %@): %d appended, %d quarantined", r.articles, r.mode, r.fsync, r.appended, r.quarantined))
        FileHandleOutput.stdout("pipeline        \(r.pipeline): \(r.stages.joined(separator: ", "))")
        FileHandleOutput.stdout(String(format: "article size    %.0f words on average", r.meanWords))
        if r.coldLog { FileHandleOutput.stdout("log             cold: no dictionary at the start, a training round during the run") }
        if r.articlesPerFile > 1 { FileHandleOutput.stdout("files           .jsonl, \(r.articlesPerFile) articles each") }
        FileHandleOutput.stdout(String(format: "end to end      %.0f articles/s (%.2f s)", r.articlesPerSecond, r.seconds))
        FileHandleOutput.stdout(String(format: "CPU             %.0f µs/article (%.0f in the kernel), the dropping producer included", r.cpuMicrosecondsPerArticle, r.systemMicrosecondsPerArticle))
        FileHandleOutput.stdout(String(format: "drop→durable    p50 %.1f ms, p99 %.1f ms", r.latencyP50Milliseconds, r.latencyP99Milliseconds))
        FileHandleOutput.stdout(String(format: "peak RSS        %.0f MiB", r.peakRSSMiB))
        for (name, us) in r.stageMicroseconds.sorted(by: { $0.key < $1.key }) {
            FileHandleOutput.stdout(String(format: "stage %-12@ %7.1f µs/article in the run, %7.1f µs alone on one core", name, us, r.singleCoreStageMicroseconds[name] ?? 0))
        }
        FileHandleOutput.stdout(String(format: "one core alone  %.0f articles/s through all stages (in memory, no files)", r.singleCoreArticlesPerSecond))
    }
}

/// `copydesk bench files`.
struct BenchFilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files",
        abstract: "What the drop-directory protocol alone costs: files/s and CPU per file with no stages and no log.",
        discussion: """
        A producer thread renames N staged files into a watched folder; this thread \
        reads the inotify events and, for each file, makes the daemon's own system \
        calls: open (O_NOFOLLOW), fstat, read, fstat, close, and the never-replacing \
        rename into .done/. The CPU per file is the floor under one-file-per-article \
        intake on this machine: stages, log and bookkeeping come on top of it.
        """
    )

    @Option(help: "Files to drop.")
    var files = 20_000

    @Option(help: "Bytes per file (the bench pipeline's articles average about 2,300).")
    var bytes = 2_300

    @Option(help: "An intake rate to set the CPU budget against: the cores' CPU time per article at that rate.")
    var target = 20_000

    @Option(help: ArgumentHelp("Scratch folder (removed afterwards).", valueName: "DIR"))
    var scratch = "./copydesk-bench-files"

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func run() throws {
        guard files > 0, bytes > 0, target > 0 else { throw ValidationError("--files, --bytes and --target must be positive") }
        let r = try FileProtocolBenchmark(files: files, bytesPerFile: bytes, scratch: scratch).run {
            if !json { FileHandleOutput.stderr("… \($0)") }
        }
        if json {
            FileHandleOutput.stdout(FileHandleOutput.json(r))
            return
        }
        let budget = 1e6 * Double(r.cores) / Double(target)
        FileHandleOutput.stdout(String(format: "files           %d of %d bytes: renamed in, read, moved to .done/", r.files, r.bytesPerFile))
        FileHandleOutput.stdout(String(format: "throughput      %.0f files/s (%.2f s), with nothing else to do", r.filesPerSecond, r.seconds))
        FileHandleOutput.stdout(String(format: "CPU             %.1f µs/file (%.1f in the kernel), producer included", r.cpuMicrosecondsPerFile, r.systemMicrosecondsPerFile))
        FileHandleOutput.stdout(String(format: "budget          %.0f µs of CPU per article at %d articles/s on %d cores; the files alone take %.0f%% of it",
                                       budget, target, r.cores, 100 * r.cpuMicrosecondsPerFile / budget))
    }
}

/// `copydesk bench restart`.
struct BenchRestartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart",
        abstract: "Restart-to-ready time of the daemon on a log of N records left unsealed, as after SIGKILL.",
        discussion: "Measured in this process: recovery, index snapshot and catch-up, pipelines, first rescan."
    )

    @Option(help: "Records in the log.")
    var records = 1_000_000

    @Option(name: .customLong("catch-up"), help: "Records written after the last index snapshot.")
    var catchUp = 10_000

    @Option(help: ArgumentHelp("Scratch folder (removed afterwards).", valueName: "DIR"))
    var scratch = "./copydesk-bench-restart"

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func run() throws {
        let r = try RestartBenchmark(records: records, catchUp: catchUp, scratch: scratch).run(builder: PipelineSetup.builder) {
            if !json { FileHandleOutput.stderr("… \($0)") }
        }
        if json {
            FileHandleOutput.stdout(FileHandleOutput.json(r))
            return
        }
        FileHandleOutput.stdout(String(format: "log             %d records, %.0f MB (built in %.1f s)", r.records, Double(r.logBytes) / 1e6, r.buildSeconds))
        FileHandleOutput.stdout(String(format: "restart→ready   %.3f s (recovery scanned %.0f MB; index caught up %d records)", r.readySeconds, Double(r.recoveredScanBytes) / 1e6, r.catchUpRecords))
    }
}
