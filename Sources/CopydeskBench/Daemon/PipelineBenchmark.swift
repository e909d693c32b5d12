#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CopydeskCore
import CopydeskDaemon
import CopydeskLog
import CopydeskLog
import Foundation
import Logging

/// `copydesk bench pipeline`: unique articles made from a corpus (paragraphs
/// mixed across BBC articles) dropped as a burst or at a rate into a real
/// daemon runtime (inotify, pipeline, log, acknowledgement) in this process.
package struct PipelineBenchmark: Sendable {
    /// The figures of one run.
    package struct Result: Sendable, Codable {
        package var articles = 0
        package var mode = ""
        package var fsync = ""
        package var seconds = 0.0
        package var articlesPerSecond = 0.0
        package var latencyP50Milliseconds = 0.0
        package var latencyP99Milliseconds = 0.0
        package var peakRSSMiB = 0.0
        package var stageMicroseconds: [String: Double] = [:]
        package var appended = 0
        package var quarantined = 0
        /// Stage cost on one core with nothing else running (in memory, no files).
        package var singleCoreStageMicroseconds: [String: Double] = [:]
        package var singleCoreArticlesPerSecond = 0.0
        /// Mean words per article made (headline and body).
        package var meanWords = 0.0
        /// Articles per dropped file (more than 1: `.jsonl` files).
        package var articlesPerFile = 1
        /// The log started without a dictionary (a training round in the run).
        package var coldLog = false
        /// CPU time of the whole process (daemon and the dropping producer,
        /// user and system) per article during the run.
        package var cpuMicrosecondsPerArticle = 0.0
        package var systemMicrosecondsPerArticle = 0.0
        /// The pipeline run and its stages, in order.
        package var pipeline = ""
        package var stages: [String] = []

        enum CodingKeys: String, CodingKey {
            case pipeline, stages, articlesPerFile = "articles_per_file", coldLog = "cold_log"
            case cpuMicrosecondsPerArticle = "cpu_us_per_article", systemMicrosecondsPerArticle = "system_cpu_us_per_article"
            case meanWords = "mean_words"
            case articles, mode, fsync, seconds, articlesPerSecond = "articles_per_s"
            case latencyP50Milliseconds = "drop_to_durable_p50_ms", latencyP99Milliseconds = "drop_to_durable_p99_ms"
            case peakRSSMiB = "peak_rss_mib", stageMicroseconds = "stage_mean_us", appended, quarantined
            case singleCoreStageMicroseconds = "single_core_stage_us", singleCoreArticlesPerSecond = "single_core_articles_per_s"
        }
    }

    package var corpus: String
    package var count: Int
    /// Articles per second to offer; nil: one burst.
    package var rate: Int?
    package var fsync: FsyncPolicy
    package var scratch: String
    /// Paragraphs per article; nil: as many as a randomly chosen corpus article
    /// has, so lengths follow the corpus.
    package var paragraphs: ClosedRange<Int>?
    /// A pipeline file to run instead of the default `news` pipeline.
    package var pipelineFile: String?
    /// Articles per file: 1 drops plain-text files; more drops `.jsonl` files
    /// of that many lines (`{"title", "body"}`), the last one shorter.
    package var perFile = 1
    /// Start on a log without a dictionary, as a daemon's very first start:
    /// its first 2,000 records start a dictionary training round on a
    /// low-priority thread, whose CPU the run pays. Otherwise the log starts with the dictionary
    /// trained for the single-core timing, as a running daemon would have.
    package var coldLog = false

    /// A benchmark.
    package init(corpus: String, count: Int, rate: Int?, fsync: FsyncPolicy, scratch: String, paragraphs: ClosedRange<Int>? = nil,
                pipelineFile: String? = nil) {
        self.paragraphs = paragraphs
        self.pipelineFile = pipelineFile
        self.corpus = corpus
        self.count = count
        self.rate = rate
        self.fsync = fsync
        self.scratch = scratch
    }

    /// Pools from the BBC corpus: headlines, paragraphs, and each article's paragraph count.
    static func loadCorpus(_ root: String) -> (headlines: [String], paragraphs: [String], counts: [Int]) {
        var headlines: [String] = [], paragraphs: [String] = [], counts: [Int] = []
        for text in BBCCorpus.texts(root) {
            let parts = text.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            guard parts.count >= 3 else { continue }
            headlines.append(parts[0])
            paragraphs.append(contentsOf: parts.dropFirst())
            counts.append(parts.count - 1)
        }
        return (headlines, paragraphs, counts)
    }

    /// Writes `count` unique articles into `dir`: a headline and paragraphs drawn
    /// from the whole corpus, as many as `paragraphs` says (nil: as many as a
    /// randomly chosen corpus article has). Returns the mean words per article.
    @discardableResult
    static func makeArticles(count: Int, corpus: (headlines: [String], paragraphs: [String], counts: [Int]),
                             paragraphs: ClosedRange<Int>? = nil, into dir: String) throws -> Double {
        var seed: UInt64 = 0x5DEE_CE66_D1CE_4E5B
        func next() -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(seed >> 33)
        }
        var words = 0
        for i in 0..<count {
            var text = corpus.headlines[next() % corpus.headlines.count] + "\n\n"
            let n = paragraphs.map { $0.lowerBound + next() % $0.count } ?? corpus.counts[next() % corpus.counts.count]
            for k in 0..<n {
                text += corpus.paragraphs[next() % corpus.paragraphs.count]
                text += k == n - 1 ? "\n" : "\n\n"
            }
            words += text.split(whereSeparator: { $0 == " " || $0 == "\n" }).count
            try writeFile("\(dir)/a\(i).txt", Array(text.utf8))
        }
        return count > 0 ? Double(words) / Double(count) : 0
    }

    /// Writes a staged article with one open, write and close (FileManager's
    /// createFile writes a temporary file and renames it: twice the inodes).
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(DaemonError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw DaemonError(.io, "cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw DaemonError(.io, "cannot write \(path): \(written < 0 ? String(cString: strerror(errno)) : "short write")") }
    }

    /// Packs the articles `a0.txt`… in `dir` into `b0.jsonl`… of `perFile`
    /// lines each (headline → title, the rest → body); returns the file names.
    static func pack(count: Int, perFile: Int, in dir: String) throws -> [String] {
        var names: [String] = []
        var i = 0
        while i < count {
            var out = Data()
            for k in i..<min(count, i + perFile) {
                let text = String(decoding: FileManager.default.contents(atPath: "\(dir)/a\(k).txt") ?? Data(), as: UTF8.self)
                let split = text.range(of: "\n\n")
                let title = split.map { String(text[..<$0.lowerBound]) } ?? text
                let body = split.map { String(text[$0.upperBound...]) } ?? ""
                out += try JSONSerialization.data(withJSONObject: ["title": title, "body": body], options: [.sortedKeys])
                out.append(0x0A)
            }
            let name = "b\(names.count).jsonl"
            try writeFile("\(dir)/\(name)", Array(out))
            names.append(name)
            i += perFile
        }
        return names
    }

    /// User and system CPU seconds of this process so far.
    static func cpuTimes() -> (user: Double, system: Double) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return (seconds(usage.ru_utime), seconds(usage.ru_stime))
    }

    /// Peak resident set (VmHWM) of this process in MiB.
    static func peakRSS() -> Double {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
            return kb / 1024
        }
        return 0
    }

    /// Runs the benchmark.
    package func run(builder: @escaping PipelineBuilder, progress: (String) -> Void) throws -> Result {
        try? FileManager.default.removeItem(atPath: scratch)
        let staging = scratch + "/staging"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        progress("loading the corpus from \(corpus)")
        let pools = Self.loadCorpus(corpus)
        guard pools.headlines.count > 10 else { throw DaemonError(.config, "no BBC articles under \(corpus); pass --corpus DIR") }
        let (pipelineName, pipelinesDirectory, stageNames) = try preparePipeline()
        progress("writing \(count) unique articles")
        let meanWords = try Self.makeArticles(count: count, corpus: pools, paragraphs: paragraphs, into: staging)
        progress("timing the stages on one core, in memory")
        let single = try singleCore(staging: staging, builder: builder, pipeline: pipelineName, pipelinesDirectory: pipelinesDirectory)
        var config = DaemonConfiguration.embedded(stateDirectory: scratch + "/state")
        config.log.fsync = fsync
        config.pipelinesDirectory = pipelinesDirectory
        config.drops[0].pipeline = pipelineName
        config.drops[0].settleMilliseconds = 0
        try DropFolders.ensureDirectory(config.drops[0].path)
        var logger = Logger(label: "copydesk.bench")
        logger.logLevel = .warning
        let names = perFile > 1 ? try Self.pack(count: count, perFile: perFile, in: staging) : (0..<count).map { "a\($0).txt" }
        // The staged articles are written back to disk now, not by the kernel's
        // flusher threads in the middle of the timed run (they would take CPU
        // and I/O from the daemon, by chance, in some runs and not others).
        progress("writing the staged files back to disk (sync)")
        sync()
        let runtime = try Runtime(configuration: config, builder: builder, logger: logger)
        if !coldLog, let dictionary = single.dictionary { try runtime.compressor.install(dictionary) }
        try runtime.start()
        let drop = config.drops[0].path
        progress(rate.map { "dropping \(count) articles at \($0)/s" } ?? "dropping \(count) articles as one burst")
        let cpuBefore = Self.cpuTimes()
        let start = PipelineRunner.nanos()
        if let rate {
            let interval = 1e9 * Double(max(1, perFile)) / Double(rate)
            for (i, name) in names.enumerated() {
                let due = start + UInt64(Double(i) * interval)
                let now = PipelineRunner.nanos()
                if due > now { usleep(UInt32((due - now) / 1000)) }
                Foundation.rename("\(staging)/\(name)", "\(drop)/\(name)")
            }
        } else {
            for name in names { Foundation.rename("\(staging)/\(name)", "\(drop)/\(name)") }
        }
        var status = runtime.status()
        while status.articles.appended + status.articles.duplicates + status.articles.quarantined < UInt64(count) || status.articles.in_flight > 0 {
            usleep(20_000)  // a status is cheap but not free: the run should measure the daemon, not its observer
            status = runtime.status()
        }
        let seconds = Double(PipelineRunner.nanos() - start) / 1e9
        let cpuAfter = Self.cpuTimes()
        var result = Result()
        result.cpuMicrosecondsPerArticle = (cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system) * 1e6 / Double(max(1, count))
        result.systemMicrosecondsPerArticle = (cpuAfter.system - cpuBefore.system) * 1e6 / Double(max(1, count))
        result.meanWords = meanWords
        result.articlesPerFile = max(1, perFile)
        result.coldLog = coldLog
        result.pipeline = pipelineName
        result.stages = stageNames
        result.articles = count
        result.mode = rate.map { "rate \($0)/s" } ?? "burst"
        result.fsync = fsync.description
        result.seconds = seconds
        result.articlesPerSecond = Double(count) / seconds
        result.latencyP50Milliseconds = status.latency_ms.p50
        result.latencyP99Milliseconds = status.latency_ms.p99
        result.peakRSSMiB = Self.peakRSS()
        result.appended = Int(status.articles.appended)
        result.quarantined = Int(status.articles.quarantined)
        for (name, figures) in runtime.metrics.snapshot {
            result.stageMicroseconds[name] = figures.latency.total > 0 ? Double(figures.latency.sum) / Double(figures.latency.total) : 0
        }
        result.singleCoreStageMicroseconds = single.stages
        result.singleCoreArticlesPerSecond = single.perSecond
        runtime.drain()
        // A training round started in the run (--cold-log) stores its dictionary
        // in the scratch log: let it finish before the folder goes.
        while runtime.compressor.isTraining { usleep(10_000) }
        try? FileManager.default.removeItem(atPath: scratch)
        return result
    }

    /// The pipeline to run: `news`, or the one in `pipelineFile` (checked, then
    /// copied into a pipeline folder in the scratch folder). Returns its name,
    /// that folder, and the stage types in order.
    func preparePipeline() throws -> (name: String, directory: String?, stages: [String]) {
        guard let pipelineFile else {
            let news = PipelineCatalog.builtIn()["news"]
            return ("news", nil, news?.stages.map(\.type) ?? [])
        }
        let definition: PipelineDefinition
        do { definition = try PipelineDefinition.load(path: pipelineFile) } catch { throw DaemonError(.config, error.message) }
        let directory = scratch + "/pipelines"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: pipelineFile, toPath: directory + "/\(definition.name).yaml")
        return (definition.name, directory, definition.stages.map(\.type))
    }

    /// Runs up to 3,000 of the articles through the pipeline on this thread.
    func singleCore(staging: String, builder: PipelineBuilder, pipeline name: String, pipelinesDirectory: String?) throws
        -> (stages: [String: Double], perSecond: Double, dictionary: LogDictionary?) {
        var config = DaemonConfiguration.embedded(stateDirectory: scratch + "/single")
        config.pipelinesDirectory = pipelinesDirectory
        let compressor = RecordCompressor(dictionaries: DictionaryRegistry(directory: nil), training: nil)
        let context = StageContext(pipeline: name, file: "bench", compressor: compressor, contentIndex: ContentIndex())
        guard let pipeline = try builder(config, context)[name] else { return ([:], 0, nil) }
        let metrics = StageMetrics()
        let runner = PipelineRunner(pipeline: pipeline, queue: DispatchQueue(label: "bench"), metrics: metrics)
        let n = min(count, 3000)
        var items: [PipelineItem] = []
        for i in 0..<n {
            let path = "\(staging)/a\(i).txt"
            let bytes = Array(FileManager.default.contents(atPath: path) ?? Data())
            items.append(PipelineItem(raw: bytes, source: ItemSource(path: path, bytes: bytes.count), rawHash: SHA256.hash(bytes).hex))
        }
        // Train the dictionary first, as a running daemon would have.
        compressor.trainNow(samples: items.prefix(1000).compactMap { item in
            if case .record(let r) = runner.run(item), let a = r.article { return Array(a.jsonData()) }
            return nil
        })
        let fresh = StageMetrics()
        let timed = PipelineRunner(pipeline: try builder(config, StageContext(pipeline: name, file: "bench", compressor: compressor, contentIndex: ContentIndex()))[name]!,
                                   queue: DispatchQueue(label: "bench"), metrics: fresh)
        let start = PipelineRunner.nanos()
        for item in items { _ = timed.run(item) }
        let seconds = Double(PipelineRunner.nanos() - start) / 1e9
        _ = metrics
        let stages = fresh.snapshot.mapValues { $0.latency.total > 0 ? Double($0.latency.sum) / Double($0.latency.total) : 0 }
        return (stages, Double(n) / seconds, compressor.dictionary)
    }
}
