#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import CopydeskCore

/// `copydesk dedup eval`: measures the deduplicate stage on the BBC News set.
///
/// 1. **Natural pairs.** Every BBC article goes through parse, normalize and
///    deduplicate (both policies `mark`) in path order, each committed as if
///    durable. Each pair of `DUPLICATES.tsv` (all pairs with 5-word Jaccard
///    ≥ 0.3) counts as linked when both articles end in the same cluster.
///    Every near-duplicate link (`of`) between two articles that are *not* a
///    listed pair is a false link (Jaccard < 0.3); so is every pair in one
///    cluster that is not listed (chains).
/// 2. **Syndicated copies.** After the originals, six kinds of copy of every
///    article: a wire dateline, a new headline, inserted boilerplate,
///    truncation to 75 % and to 50 % of the body's words, and 5 % of the words
///    replaced. A copy is found when it lands in its original's cluster (or in
///    the cluster of an article listed as the original's pair); a copy marked
///    near-duplicate of anything else is a false link between stories.
///
/// Copies are made with a fixed seed, so the figures repeat exactly.
package struct NearDuplicateEvaluation: Sendable {
    /// One row of the report.
    package struct Row: Sendable, Codable, Hashable {
        /// What was measured (`byte_identical`, `near_duplicate j>=0.8`, `copy: dateline`, …).
        package var kind: String
        /// Pairs or copies.
        package var total: Int
        /// Of them, linked or found.
        package var linked: Int
        /// `linked / total`.
        package var recall: Double { total == 0 ? 1 : Double(linked) / Double(total) }
        /// Copies linked to a different story (copies rows only).
        package var falseLinks: Int

        enum CodingKeys: String, CodingKey { case kind, total, linked, recall, falseLinks = "false_links" }

        /// Encodes the row with its recall.
        package func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kind, forKey: .kind)
            try c.encode(total, forKey: .total)
            try c.encode(linked, forKey: .linked)
            try c.encode((recall * 10_000).rounded() / 10_000, forKey: .recall)
            try c.encode(falseLinks, forKey: .falseLinks)
        }

        /// Decodes a row.
        package init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            kind = try c.decode(String.self, forKey: .kind)
            total = try c.decode(Int.self, forKey: .total)
            linked = try c.decode(Int.self, forKey: .linked)
            falseLinks = try c.decode(Int.self, forKey: .falseLinks)
        }

        init(kind: String, total: Int, linked: Int, falseLinks: Int = 0) {
            self.kind = kind
            self.total = total
            self.linked = linked
            self.falseLinks = falseLinks
        }
    }

    /// The report.
    package struct Report: Sendable, Codable {
        /// Articles read from the set.
        package var articles: Int
        /// BBC pairs by kind and Jaccard band.
        package var natural: [Row]
        /// Near-duplicate links between BBC articles that are not listed pairs (Jaccard < 0.3).
        package var falseLinks: Int
        /// Those links, with the estimated similarity and containment.
        package var falseLinkExamples: [String]
        /// Pairs sharing a cluster that are not listed pairs (links by chaining).
        package var falseClusterPairs: Int
        /// Synthetic copies by kind.
        package var copies: [Row]
        /// Mean microseconds per article in the deduplicate stage (sketch, look-up, insert).
        package var stageMicros: Double
        /// Mean microseconds to re-index one log record (decode its JSON, sketch its body).
        package var rebuildMicros: Double
        /// The thresholds measured.
        package var containment: Double
        /// The thresholds measured.
        package var jaccard: Double

        enum CodingKeys: String, CodingKey {
            case articles, natural, copies, containment, jaccard
            case falseLinks = "false_links", falseLinkExamples = "false_link_examples", falseClusterPairs = "false_cluster_pairs", stageMicros = "stage_us", rebuildMicros = "rebuild_us"
        }
    }

    /// The BBC set's root (`…/corpus/bbc`, with `DUPLICATES.tsv`).
    package var root: String
    /// The rule measured.
    package var rule: NearDuplicateRule
    /// The sketch shape measured.
    package var settings: NearDuplicateSettings
    /// The seed for the copies.
    package var seed: UInt64 = 2026
    /// Copies are made of every `copyStride`-th article (1: all of them).
    package var copyStride = 1

    /// Prepares an evaluation.
    package init(root: String, rule: NearDuplicateRule = NearDuplicateRule(), settings: NearDuplicateSettings = NearDuplicateSettings()) {
        self.root = root
        self.rule = rule
        self.settings = settings
    }

    struct Loaded {
        var name: String
        var text: String
    }

    /// Runs both parts.
    package func run() throws -> Report {
        let files = try load()
        let pairs = try loadPairs()
        let index = ContentIndex(near: settings)
        let stage = DeduplicateStage(name: "deduplicate", policy: .mark, index: index, nearDuplicates: .mark, rule: rule)
        var nanos: UInt64 = 0, timed = 0
        var offset: UInt64 = 0

        /// Runs one text through parse, normalize, deduplicate; returns its verdict.
        func ingest(_ text: String, name: String) -> Article? {
            let raw = Array(text.utf8)
            guard let parsed = try? ArticleParser().parse(raw, fileName: name),
                  var article = try? Normalizer().normalize(parsed).article else { return nil }
            article.copydesk.dedup = nil
            var item = PipelineItem(raw: raw, source: ItemSource(path: name, bytes: raw.count), rawHash: ContentHash.rawBytes(raw))
            item.article = article
            let t0 = Self.now()
            guard (try? stage.process(&item)) == .next, let out = item.article else { return nil }
            nanos += Self.now() - t0
            timed += 1
            index.commit(contentID: out.id, rawHash: item.rawHash, offset: offset)
            offset += 1
            return out
        }

        // Part 1: the BBC articles in path order.
        var clusterOfID: [String: String] = [:]
        var clusterOf: [String: String] = [:]
        var idOf: [String: String] = [:]
        var edges: [(String, String, Double, Double)] = []
        var nameOfID: [String: String] = [:]
        var records: [[UInt8]] = []
        for f in files {
            guard let a = ingest(f.text, name: f.name), let dedup = a.copydesk.dedup else { continue }
            records.append(Array(a.jsonData()))
            idOf[f.name] = a.id
            switch dedup.status {
            case .duplicate:
                clusterOf[f.name] = clusterOfID[a.id] ?? a.id
            case .nearDuplicate:
                let cluster = dedup.cluster ?? a.id
                clusterOf[f.name] = cluster
                clusterOfID[a.id] = cluster
                if let of = dedup.of, let other = nameOfID[of] { edges.append((f.name, other, dedup.similarity ?? 0, dedup.containment ?? 0)) }
            default:
                clusterOf[f.name] = dedup.cluster ?? a.id
                clusterOfID[a.id] = dedup.cluster ?? a.id
            }
            if nameOfID[a.id] == nil { nameOfID[a.id] = f.name }
        }
        func listed(_ a: String, _ b: String) -> Bool { pairs[Pair(a, b)] != nil }
        var bands: [String: (total: Int, linked: Int)] = [:]
        let order = ["byte_identical", "normalised_identical", "near_duplicate j>=0.9", "near_duplicate 0.8<=j<0.9",
                     "near_duplicate 0.5<=j<0.8", "near_duplicate 0.3<=j<0.5"]
        for (pair, entry) in pairs {
            var kind = entry.kind
            if kind == "near_duplicate" {
                kind += entry.jaccard >= 0.9 ? " j>=0.9" : entry.jaccard >= 0.8 ? " 0.8<=j<0.9" : entry.jaccard >= 0.5 ? " 0.5<=j<0.8" : " 0.3<=j<0.5"
            }
            let linked = clusterOf[pair.a] != nil && clusterOf[pair.a] == clusterOf[pair.b]
            bands[kind, default: (0, 0)].total += 1
            if linked { bands[kind, default: (0, 0)].linked += 1 }
        }
        let natural = order.compactMap { k in bands[k].map { Row(kind: k, total: $0.total, linked: $0.linked) } }
        let wrong = edges.filter { !listed($0.0, $0.1) }
        let falseLinks = wrong.count
        let examples = wrong.map { "\($0.0) -> \($0.1) (similarity \($0.2), containment \($0.3))" }
        var members: [String: [String]] = [:]
        for (name, cluster) in clusterOf { members[cluster, default: []].append(name) }
        var falseClusterPairs = 0
        for group in members.values where group.count > 1 {
            for i in 0..<group.count {
                for j in (i + 1)..<group.count where !listed(group[i], group[j]) { falseClusterPairs += 1 }
            }
        }

        // How fast a window is rebuilt from log records (a restart without a snapshot).
        let rebuilt = NearDuplicateIndex(settings: settings)
        let r0 = Self.now()
        for r in records { rebuilt.add(recordJSON: r, time: 0) }
        let rebuildMicros = records.isEmpty ? 0 : Double(Self.now() - r0) / Double(records.count) / 1000

        // Part 2: syndicated copies of every article.
        var related: [String: Set<String>] = [:]
        for pair in pairs.keys {
            related[pair.a, default: []].insert(pair.b)
            related[pair.b, default: []].insert(pair.a)
        }
        var vocabulary: [Substring] = []
        for f in files.prefix(200) { vocabulary += f.text.split(whereSeparator: \.isWhitespace) }
        var rng = SplitMix64(seed: seed)
        var copies: [Row] = []
        for kind in CopyKind.allCases {
            var row = Row(kind: "copy: \(kind.rawValue)", total: 0, linked: 0)
            for (n, f) in files.enumerated() where n % max(1, copyStride) == 0 {
                guard let original = clusterOf[f.name], let originalID = idOf[f.name] else { continue }
                let copy = kind.make(from: f.text, vocabulary: vocabulary, rng: &rng)
                guard let a = ingest(copy, name: "copy-\(kind.rawValue)-\(f.name)"), let dedup = a.copydesk.dedup else { continue }
                if a.bodyText.map({ $0.split(separator: " ").count < rule.minWords }) ?? true { continue }
                row.total += 1
                let cluster: String
                switch dedup.status {
                case .duplicate: cluster = clusterOfID[a.id] ?? a.id
                case .nearDuplicate: cluster = dedup.cluster ?? a.id
                default: cluster = a.id
                }
                if dedup.status != .unique { clusterOfID[a.id] = cluster } else { clusterOfID[a.id] = a.id }
                let family = Set([original] + (related[f.name] ?? []).compactMap { clusterOf[$0] })
                if family.contains(cluster) || (dedup.status == .duplicate && a.id == originalID) {
                    row.linked += 1
                } else if dedup.status != .unique {
                    row.falseLinks += 1
                }
            }
            copies.append(row)
        }
        return Report(articles: files.count, natural: natural, falseLinks: falseLinks, falseLinkExamples: examples, falseClusterPairs: falseClusterPairs,
                      copies: copies, stageMicros: timed == 0 ? 0 : Double(nanos) / Double(timed) / 1000, rebuildMicros: rebuildMicros,
                      containment: rule.containment, jaccard: rule.jaccard)
    }

    // MARK: - Input

    func load() throws -> [Loaded] {
        guard FileManager.default.fileExists(atPath: root) else {
            throw StageError(.badConfig, stage: "dedup eval", "cannot read the BBC corpus folder \(root); pass --corpus DIR")
        }
        // The set is Latin-1 in places; decode leniently as the daemon would.
        let out = BBCCorpus.files(root).compactMap { f in (try? TextDecoding.decode(f.bytes).text).map { Loaded(name: f.name, text: $0) } }
        guard !out.isEmpty else { throw StageError(.badConfig, stage: "dedup eval", "no articles under \(root) (expected section folders of NNN.txt files)") }
        return out
    }

    struct Pair: Hashable {
        var a: String
        var b: String
        init(_ x: String, _ y: String) { (a, b) = x < y ? (x, y) : (y, x) }
    }

    func loadPairs() throws -> [Pair: (kind: String, jaccard: Double)] {
        guard let data = FileManager.default.contents(atPath: root + "/DUPLICATES.tsv") else {
            throw StageError(.badConfig, stage: "dedup eval", "\(root)/DUPLICATES.tsv is missing")
        }
        var pairs: [Pair: (kind: String, jaccard: Double)] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("kind") {
            let f = line.split(separator: "\t")
            guard f.count >= 4, let j = Double(f[3]) else { continue }
            pairs[Pair(String(f[1]), String(f[2]))] = (String(f[0]), j)
        }
        return pairs
    }

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}

/// How a syndicated copy differs from its original.
package enum CopyKind: String, CaseIterable, Sendable {
    case dateline
    case headline
    case boilerplate
    case truncated75 = "truncated 75%"
    case truncated50 = "truncated 50%"
    case edited5 = "5% words replaced"

    static let cities = ["LONDON", "NEW YORK", "WASHINGTON", "PARIS", "BRUSSELS", "TOKYO", "SYDNEY", "NAIROBI"]
    static let agencies = ["Reuters", "AP", "AFP", "dpa", "Bloomberg"]
    static let furniture = [
        "Sign up for the Morning Briefing, delivered to your inbox every weekday.",
        "Read more: the stories our editors are following today.",
        "This article is part of our continuing coverage. Check back for updates.",
        "Want more news like this? Download our app for breaking alerts.",
    ]
    static let footers = [
        "(Reporting by Jane Doe in London; Editing by Mark Smith)",
        "Copyright 2026 The Daily Ledger. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
        "Additional reporting by staff writers. Contact the newsdesk with tips and corrections.",
    ]

    /// A copy of `text` (headline line, blank line, paragraphs).
    func make(from text: String, vocabulary: [Substring], rng: inout SplitMix64) -> String {
        var blocks: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                if !current.isEmpty { blocks.append(current.joined(separator: " ")); current = [] }
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { blocks.append(current.joined(separator: " ")) }
        guard var headline = blocks.first else { return text }
        var paragraphs = Array(blocks.dropFirst())
        switch self {
        case .dateline:
            if !paragraphs.isEmpty {
                paragraphs[0] = "\(Self.cities[rng.below(Self.cities.count)]) (\(Self.agencies[rng.below(Self.agencies.count)])) - " + paragraphs[0]
            }
        case .headline:
            let words = paragraphs.joined(separator: " ").split(separator: " ")
            let start = words.isEmpty ? 0 : rng.below(max(1, words.count - 8))
            headline = "UPDATE 2-" + words.dropFirst(start).prefix(7).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
        case .boilerplate:
            paragraphs.insert(Self.furniture[rng.below(Self.furniture.count)], at: min(2, paragraphs.count))
            paragraphs.append(Self.footers[rng.below(Self.footers.count)])
        case .truncated75, .truncated50:
            let keep = self == .truncated75 ? 0.75 : 0.5
            let total = paragraphs.reduce(0) { $0 + $1.split(separator: " ").count }
            var budget = Int(Double(total) * keep)
            var kept: [String] = []
            for p in paragraphs where budget > 0 {
                let words = p.split(separator: " ")
                kept.append(words.prefix(budget).joined(separator: " "))
                budget -= min(budget, words.count)
            }
            paragraphs = kept
        case .edited5:
            paragraphs = paragraphs.map { p in
                p.split(separator: " ").map { w in
                    rng.unit() < 0.05 && !vocabulary.isEmpty ? String(vocabulary[rng.below(vocabulary.count)]) : String(w)
                }.joined(separator: " ")
            }
        }
        return ([headline] + paragraphs).joined(separator: "\n\n") + "\n"
    }
}

/// A small, fast, seedable generator (Steele et al.), so copies repeat exactly.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64

    /// A generator from `seed`.
    package init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<n.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }

    /// A number in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
