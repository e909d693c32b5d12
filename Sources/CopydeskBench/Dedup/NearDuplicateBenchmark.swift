#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import CopydeskCore

/// `copydesk bench dedup`: time per article and memory of the near-duplicate
/// index with a full window.
///
/// Articles are 300 words drawn at random from the BBC set's running text (so
/// word frequencies are real; five-word shingles rarely repeat across
/// articles, as between different stories), and every hundredth article is a
/// copy of a recent one with 5 % of its words replaced, so look-ups also find
/// and verify matches. Only the deduplicate work is timed (sketch, look-up,
/// insert, commit), not making the text.
package struct NearDuplicateBenchmark: Sendable {
    /// The figures.
    package struct Report: Sendable, Codable {
        /// Articles inserted.
        package var articles: Int
        /// Articles in the window at the end.
        package var window: Int
        /// Mean microseconds per article over all articles.
        package var meanMicros: Double
        /// Of the mean, microseconds spent making the sketch.
        package var sketchMicros: Double
        /// Mean microseconds per article over the last tenth (window full).
        package var fullWindowMicros: Double
        /// The slowest single article in the last tenth (window full, table grown).
        package var maxMicros: Double
        /// Copies planted and copies found.
        package var copies: Int
        /// Copies found.
        package var found: Int
        /// Bytes held by the index's arrays.
        package var indexBytes: Int
        /// Growth of the process's resident memory over the run.
        package var rssGrowthBytes: Int
        /// Bytes of the index snapshot, and seconds to write and to read it.
        package var snapshotBytes: Int
        /// Seconds to serialise the snapshot.
        package var snapshotWriteSeconds: Double
        /// Seconds to restore it.
        package var snapshotReadSeconds: Double

        enum CodingKeys: String, CodingKey {
            case articles, window, copies, found
            case meanMicros = "mean_us", sketchMicros = "sketch_us", maxMicros = "max_us", fullWindowMicros = "full_window_us", indexBytes = "index_bytes"
            case rssGrowthBytes = "rss_growth_bytes", snapshotBytes = "snapshot_bytes"
            case snapshotWriteSeconds = "snapshot_write_s", snapshotReadSeconds = "snapshot_read_s"
        }
    }

    /// Articles to insert.
    package var articles: Int
    /// The index shape (its window bounds memory).
    package var settings: NearDuplicateSettings
    /// The rule.
    package var rule: NearDuplicateRule
    /// Running text to draw words from.
    package var words: [String]
    /// When not empty, articles are 6–12 paragraphs drawn from these instead
    /// of random words: many articles then share a paragraph, the dear case
    /// where look-ups find candidates that must be compared and rejected.
    package var paragraphs: [String] = []

    /// Prepares a run.
    package init(articles: Int, settings: NearDuplicateSettings, rule: NearDuplicateRule, words: [String]) {
        self.articles = articles
        self.settings = settings
        self.rule = rule
        self.words = words.isEmpty ? (0..<20_000).map { "w\($0)" } : words
    }

    /// The body paragraphs (lines after the headline, over 40 characters) of the BBC set under `root`.
    package static func paragraphs(bbc root: String) -> [String] {
        BBCCorpus.texts(root).flatMap { $0.split(separator: "\n").dropFirst().map(String.init).filter { $0.count > 40 } }
    }

    /// The words of the BBC set under `root`, in running order.
    package static func words(bbc root: String) -> [String] {
        BBCCorpus.texts(root).flatMap { $0.split(whereSeparator: \.isWhitespace).map(String.init) }
    }

    /// Runs the benchmark.
    package func run() -> Report {
        let index = NearDuplicateIndex(settings: settings)
        var rng = SplitMix64(seed: 7)
        let rss0 = Self.residentBytes()
        var recent: [[String]] = []
        var sketchNanos: UInt64 = 0
        var nanos: UInt64 = 0, lastNanos: UInt64 = 0, lastCount = 0, slowest: UInt64 = 0
        var copies = 0, found = 0
        let tail = max(1, articles / 10)
        for n in 0..<articles {
            var body: [String]
            let isCopy = n % 100 == 99 && !recent.isEmpty
            if isCopy {
                body = recent[rng.below(recent.count)]
                for i in body.indices where rng.unit() < 0.05 { body[i] = words[rng.below(words.count)] }
            } else if !paragraphs.isEmpty {
                body = (0..<(6 + rng.below(7))).flatMap { _ in paragraphs[rng.below(paragraphs.count)].split(separator: " ").map(String.init) }
                if n % 100 == 0 {
                    if recent.count < 64 { recent.append(body) } else { recent[rng.below(64)] = body }
                }
            } else {
                body = (0..<300).map { _ in words[rng.below(words.count)] }
                if n % 100 == 0 {
                    if recent.count < 64 { recent.append(body) } else { recent[rng.below(64)] = body }
                }
            }
            let text = body.joined(separator: " ")
            let id = ContentIndex.Key(hi: rng.next(), lo: rng.next())
            let t0 = NearDuplicateEvaluation.now()
            let sketch = index.sketch(text)
            sketchNanos += NearDuplicateEvaluation.now() - t0
            let match = index.claim(id: id, sketch: sketch, rule: rule, time: Int64(n / 1000))
            index.commit(id)
            let dt = NearDuplicateEvaluation.now() - t0
            nanos += dt
            if n >= articles - tail { lastNanos += dt; lastCount += 1; slowest = max(slowest, dt) }
            if isCopy {
                copies += 1
                if match != nil { found += 1 }
            }
        }
        let rss1 = Self.residentBytes()
        let t1 = NearDuplicateEvaluation.now()
        let snapshot = index.snapshotBytes()
        let t2 = NearDuplicateEvaluation.now()
        let restored = NearDuplicateIndex(settings: settings)
        restored.restore(snapshot[...])
        let t3 = NearDuplicateEvaluation.now()
        return Report(
            articles: articles, window: index.count,
            meanMicros: Double(nanos) / Double(max(1, articles)) / 1000,
            sketchMicros: Double(sketchNanos) / Double(max(1, articles)) / 1000,
            fullWindowMicros: Double(lastNanos) / Double(max(1, lastCount)) / 1000,
            maxMicros: Double(slowest) / 1000,
            copies: copies, found: found, indexBytes: index.memoryBytes, rssGrowthBytes: rss1 - rss0,
            snapshotBytes: snapshot.count,
            snapshotWriteSeconds: Double(t2 - t1) / 1e9, snapshotReadSeconds: Double(t3 - t2) / 1e9)
    }

    /// VmRSS of this process.
    static func residentBytes() -> Int {
        guard let data = FileManager.default.contents(atPath: "/proc/self/status") else { return 0 }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
        }
        return 0
    }
}
