import ArgumentParser
import CopydeskBench
import CopydeskCore
import Foundation

/// `copydesk dedup …`: near-duplicate detection, measured.
struct DedupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Measure near-duplicate detection.",
        subcommands: [DedupEvalCommand.self]
    )
}

/// The sketch and rule options shared by `dedup eval` and `bench dedup`.
struct SketchOptions: ParsableArguments {
    @Option(help: "Containment threshold of the shorter body in the longer (0…1).")
    var containment = NearDuplicateRule().containment

    @Option(help: "Jaccard threshold (0…1).")
    var jaccard = NearDuplicateRule().jaccard

    @Option(help: "Bodies shorter than this many words are not checked.")
    var minWords = NearDuplicateRule().minWords

    @Option(help: "Words per shingle.")
    var shingle = NearDuplicateSettings().shingleWords

    @Option(help: "Sketch size k (hashes kept per article).")
    var sketch = NearDuplicateSettings().sketchSize

    @Option(help: "Sketch hashes per article in the candidate tables.")
    var postings = NearDuplicateSettings().postings

    var rule: NearDuplicateRule { NearDuplicateRule(containment: containment, jaccard: jaccard, minWords: minWords) }

    func settings(window: Int = 1_000_000) -> NearDuplicateSettings {
        NearDuplicateSettings(shingleWords: shingle, sketchSize: sketch, postings: postings, windowArticles: window)
    }

    func validate() throws {
        guard containment > 0, containment <= 1, jaccard > 0, jaccard <= 1 else { throw ValidationError("--containment and --jaccard must lie in (0, 1]") }
        guard (1...16).contains(shingle), (4...256).contains(sketch), (1...sketch).contains(postings) else {
            throw ValidationError("--shingle must be 1…16, --sketch 4…256, --postings 1…sketch")
        }
    }
}

/// `copydesk dedup eval`.
struct DedupEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Recall and false links of the deduplicate stage on the BBC set and on syndicated copies made from it.",
        discussion: """
        Part 1 runs every BBC article through parse, normalize and deduplicate and checks \
        each pair of DUPLICATES.tsv (every pair with 5-word Jaccard >= 0.3): linked when both \
        end in one cluster; a link between two articles not listed is false. Part 2 makes six \
        kinds of copy of every article (a dateline, a new headline, inserted boilerplate, \
        truncation to 75 % and 50 %, 5 % of words replaced; fixed seed) and checks that each \
        lands in its original's story cluster and never in another story's.
        """
    )

    @Option(help: ArgumentHelp("The BBC corpus folder (section folders and DUPLICATES.tsv).", valueName: "DIR"))
    var corpus = "../shared/corpus/bbc"

    @Option(help: "Seed for the random choices in the copies (which words are replaced, which boilerplate).")
    var seed: UInt64 = 2026

    @OptionGroup var sketch: SketchOptions

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() throws {
        var evaluation = NearDuplicateEvaluation(root: corpus, rule: sketch.rule, settings: sketch.settings())
        evaluation.seed = seed
        let report: NearDuplicateEvaluation.Report
        do {
            report = try evaluation.run()
        } catch let error as StageError {
            FileHandleOutput.stderr("copydesk dedup eval: \(error.message)")
            throw ExitCode.failure
        }
        if json {
            FileHandleOutput.stdout(FileHandleOutput.json(report))
            return
        }
        FileHandleOutput.stdout("BBC News: \(report.articles) articles; containment >= \(report.containment) or Jaccard >= \(report.jaccard); \(sketch.shingle)-word shingles, k = \(sketch.sketch)")
        func line(_ r: NearDuplicateEvaluation.Row, copies: Bool) -> String {
            let recall = String(format: "%.3f", r.recall)
            let kind = r.kind.padding(toLength: 30, withPad: " ", startingAt: 0)
            return "  \(kind) \(String(r.linked).leftPad(5)) / \(String(r.total).leftPad(5))  recall \(recall)" + (copies ? "  false links \(r.falseLinks)" : "")
        }
        FileHandleOutput.stdout("pairs of DUPLICATES.tsv linked:")
        for r in report.natural { FileHandleOutput.stdout(line(r, copies: false)) }
        FileHandleOutput.stdout("  links between articles with Jaccard < 0.3: \(report.falseLinks) direct, \(report.falseClusterPairs) pairs sharing a cluster")
        for e in report.falseLinkExamples { FileHandleOutput.stdout("    \(e)") }
        FileHandleOutput.stdout("syndicated copies found in their story's cluster:")
        for r in report.copies { FileHandleOutput.stdout(line(r, copies: true)) }
        FileHandleOutput.stdout(String(format: "deduplicate stage: %.1f µs per article; re-indexing a log record (restart without a snapshot): %.1f µs (use -c release)", report.stageMicros, report.rebuildMicros))
    }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}

/// `copydesk bench dedup`.
struct BenchDedupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Time per article and memory of the near-duplicate index with a full window.",
        discussion: """
        Inserts --articles articles of 300 words drawn at random from the BBC text (every \
        hundredth a 5 %-edited copy of a recent one) into a window of --window articles; times \
        only the deduplicate work (sketch, look-up, insert, commit). Build with -c release.
        """
    )

    @Option(help: ArgumentHelp("The BBC corpus folder to draw words from (made-up words when absent).", valueName: "DIR"))
    var corpus = "../shared/corpus/bbc"

    @Option(help: "Articles to insert.")
    var articles = 1_100_000

    @Option(help: "Articles the window keeps.")
    var window = 1_000_000

    @Flag(help: "Make articles of 6-12 BBC paragraphs instead of random words: articles share paragraphs, so look-ups find candidates to compare and reject (the dear case).")
    var paragraphs = false

    @OptionGroup var sketch: SketchOptions

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func run() throws {
        let words = NearDuplicateBenchmark.words(bbc: corpus)
        if words.isEmpty { FileHandleOutput.stderr("copydesk bench dedup: no BBC text under \(corpus); using made-up words") }
        var bench = NearDuplicateBenchmark(articles: articles, settings: sketch.settings(window: window), rule: sketch.rule, words: words)
        if paragraphs { bench.paragraphs = NearDuplicateBenchmark.paragraphs(bbc: corpus) }
        let r = bench.run()
        if json {
            FileHandleOutput.stdout(FileHandleOutput.json(r))
            return
        }
        let mib = { (b: Int) in String(format: "%.1f MiB", Double(b) / 1_048_576) }
        FileHandleOutput.stdout("articles inserted       \(r.articles) (window \(window); \(r.window) held at the end)")
        FileHandleOutput.stdout(String(format: "deduplicate work        %.1f µs per article on average, %.1f µs with the window full, slowest %.0f µs", r.meanMicros, r.fullWindowMicros, r.maxMicros))
        FileHandleOutput.stdout(String(format: "  of which the sketch    %.1f µs", r.sketchMicros))
        FileHandleOutput.stdout("planted copies found    \(r.found) / \(r.copies)")
        FileHandleOutput.stdout("index memory            \(mib(r.indexBytes)) in its arrays; resident memory grew \(mib(r.rssGrowthBytes))")
        FileHandleOutput.stdout(String(format: "snapshot                %@, written in %.2f s, read back in %.2f s", mib(r.snapshotBytes), r.snapshotWriteSeconds, r.snapshotReadSeconds))
    }
}
