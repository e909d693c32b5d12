import CopydeskRecord
import Dispatch
import Foundation
import Synchronization
import CopydeskBench
import Testing
@testable import CopydeskCore

/// Self-written stories long enough to sketch, and copies of them as syndication makes them.
enum Syndication {
    static let harbour = """
        Harbour ferry returns after winter repairs

        The town's ferry returned to service on Monday after three months of repairs in a dry dock on the far side of the estuary, bringing relief to commuters who had faced a long drive around the bay since December.

        Passengers queued from early morning, and the first crossing left ten minutes late because the new ticket machines refused to take coins. Staff handed out paper tickets until an engineer arrived shortly after nine o'clock.

        The operator said the hull had been repainted, both engines rebuilt and the passenger lounge fitted with heating for the first time in its forty-year history. It expects to carry about a thousand people a day by the summer.

        Local councillors welcomed the return but asked why the work had overrun by six weeks and cost nearly twice the sum first announced. The operator blamed a shortage of parts and a storm that flooded the dock in January.
        """

    static let orchard = """
        Village orchard saved by community buy-out

        Residents of a small village have raised enough money to buy the orchard at its centre, ending two years of uncertainty over plans to build houses on the land where apples have been grown since the eighteenth century.

        More than four hundred people gave money, from children who emptied their savings jars to a retired farmer who donated the proceeds of selling his tractor. The final sum was reached on Sunday evening, two days before the deadline.

        The new trust plans to replant the oldest rows with rare local varieties, open a small cider press and let schools use the grass for lessons about wildlife. Volunteers will prune the trees each winter under the guidance of a specialist.

        The landowner said he was pleased the orchard would stay in local hands and that the village had shown remarkable determination. Building firms that had bid for the site declined to comment.
        """

    static func headline(_ text: String) -> String { String(text.prefix { $0 != "\n" }) }
    static func body(_ text: String) -> String { String(text.drop { $0 != "\n" }.dropFirst(2)) }

    /// The normalizer takes a dateline off, so this copy is an exact duplicate.
    static func dateline(_ text: String) -> String { headline(text) + "\n\nLONDON (Reuters) - " + body(text) }
    static func boilerplate(_ text: String) -> String {
        var paragraphs = body(text).components(separatedBy: "\n\n")
        paragraphs.insert("Sign up for the Morning Briefing, delivered to your inbox every weekday.", at: 1)
        paragraphs.append("(Reporting by Jane Doe; Editing by Mark Smith)")
        return headline(text) + "\n\n" + paragraphs.joined(separator: "\n\n")
    }
    static func newHeadline(_ text: String) -> String { "UPDATE 1-Story as carried by the wire\n\n" + body(text) }
    static func truncated(_ text: String, keeping fraction: Double) -> String {
        let words = body(text).split(separator: " ", omittingEmptySubsequences: false)
        return headline(text) + "\n\n" + words.prefix(Int(Double(words.count) * fraction)).joined(separator: " ")
    }
}

@Suite("Shingle sketches")
struct ShingleSketchTests {
    @Test("case, punctuation and apostrophes do not change the sketch; word order does")
    func normalisation() {
        let a = ShingleSketch(text: "The Mayor's plan: build a new bridge over the river, then a tram line to the station.")
        let b = ShingleSketch(text: "the mayors plan build a new bridge -- over the river then a TRAM line to the station")
        let c = ShingleSketch(text: "the river plan build a new bridge over the mayors then a tram line to the station")
        #expect(a.hashes == b.hashes)
        #expect(a.hashes != c.hashes)
    }

    @Test("non-ASCII letters are lower-cased and belong to words")
    func nonASCII() {
        let a = ShingleSketch(text: "ØRSTED SAID LULA DA SILVA WOULD VISIT SÃO PAULO ON MONDAY")
        let b = ShingleSketch(text: "Ørsted said Lula da Silva would visit São Paulo on Monday.")
        #expect(a.hashes == b.hashes)
        #expect(a.shingles == 7)
    }

    @Test("a sketch keeps the k smallest distinct hashes, ascending")
    func bottomK() {
        let text = (0..<500).map { "word\($0)" }.joined(separator: " ")
        var s = ShingleSketch(text: text, shingleWords: 5, size: 32)
        #expect(s.hashes.count == 32)
        #expect(s.hashes == s.hashes.sorted())
        #expect(!s.isComplete)
        s.sortAll()
        #expect(s.all.count == 496)
        #expect(Array(s.all.prefix(32)) == s.hashes)
    }

    @Test("a text shorter than a shingle is one shingle; an empty text has none")
    func shortTexts() {
        #expect(ShingleSketch(text: "Three short words").hashes.count == 1)
        #expect(ShingleSketch(text: "  ... ").hashes.isEmpty)
    }

    @Test("similarity: identical 1, half a text contained whole, different stories near 0")
    func similarity() {
        let whole = ShingleSketch(text: Syndication.body(Syndication.harbour))
        var same = ShingleSketch(text: Syndication.body(Syndication.harbour))
        same.sortAll()
        #expect(SketchSimilarity.between(query: same, stored: whole).jaccard == 1)
        var half = ShingleSketch(text: Syndication.body(Syndication.truncated(Syndication.harbour, keeping: 0.5)))
        half.sortAll()
        let h = SketchSimilarity.between(query: half, stored: whole)
        #expect(h.containment >= 0.9)
        #expect(h.jaccard < 0.7)
        var other = ShingleSketch(text: Syndication.body(Syndication.orchard))
        other.sortAll()
        let o = SketchSimilarity.between(query: other, stored: whole)
        #expect(o.containment < 0.1)
    }
}

@Suite("Near-duplicates in the deduplicate stage")
struct NearDuplicateStageTests {
    static func process(_ text: String, _ stage: DeduplicateStage, name: String = "a.txt") throws -> (StageOutcome, Article?) {
        var item = PipelineTestSupport.item(text, path: "/srv/drop/\(name)")
        for s in [ParseStage(name: "parse", pipeline: "news", config: ParseStageConfig()) as any Stage,
                  NormalizeStage(name: "normalize", normalizer: Normalizer())] {
            _ = try s.process(&item)
        }
        let outcome = try stage.process(&item)
        return (outcome, item.article)
    }

    @Test("copies with boilerplate, a new headline or cut short are marked near_duplicate of the original, in its cluster",
          arguments: [("boilerplate", Syndication.boilerplate(Syndication.harbour)),
                      ("new headline", Syndication.newHeadline(Syndication.harbour)),
                      ("cut to 75 %", Syndication.truncated(Syndication.harbour, keeping: 0.75)),
                      ("cut to 50 %", Syndication.truncated(Syndication.harbour, keeping: 0.5))])
    func copiesAreMarked(kind: String, copy: String) throws {
        let index = ContentIndex()
        let stage = DeduplicateStage(name: "deduplicate", policy: .drop, index: index)
        let (_, original) = try Self.process(Syndication.harbour, stage)
        let o = try #require(original)
        #expect(o.copydesk.dedup == .init(status: .unique, cluster: o.id))
        index.commit(contentID: o.id, rawHash: nil, offset: 0)
        let (outcome, copied) = try Self.process(copy, stage, name: "b.txt")
        #expect(outcome == .next)
        let dedup = try #require(copied?.copydesk.dedup)
        #expect(dedup.status == .nearDuplicate, "\(kind)")
        #expect(dedup.of == o.id)
        #expect(dedup.cluster == o.id)
        #expect((dedup.similarity ?? 0) > 0.3)
        #expect((dedup.containment ?? 0) >= 0.7)
    }

    @Test("a dateline copy is an exact duplicate: the normalizer takes the dateline off")
    func datelineCopy() throws {
        let index = ContentIndex()
        let stage = DeduplicateStage(name: "deduplicate", policy: .mark, index: index)
        let (_, a) = try Self.process(Syndication.harbour, stage)
        let (_, b) = try Self.process(Syndication.dateline(Syndication.harbour), stage, name: "b.txt")
        #expect(b?.copydesk.dedup == .init(status: .duplicate, of: a?.id))
    }

    @Test("a different story is unique and starts its own cluster")
    func differentStory() throws {
        let index = ContentIndex()
        let stage = DeduplicateStage(name: "deduplicate", policy: .drop, index: index)
        _ = try Self.process(Syndication.harbour, stage)
        let (_, other) = try Self.process(Syndication.orchard, stage, name: "b.txt")
        let a = try #require(other)
        #expect(a.copydesk.dedup == .init(status: .unique, cluster: a.id))
    }

    @Test("near_duplicates: drop spikes the copy and gives up its exact claim; off never looks")
    func policies() throws {
        let index = ContentIndex()
        let drop = DeduplicateStage(name: "deduplicate", policy: .drop, index: index, nearDuplicates: .drop)
        _ = try Self.process(Syndication.harbour, drop)
        let copy = Syndication.newHeadline(Syndication.harbour)
        let (outcome, article) = try Self.process(copy, drop, name: "b.txt")
        #expect(outcome == .drop(.nearDuplicate))
        let id = try #require(article?.id)
        #expect(index.claim(contentID: id, rawHash: "") == .new, "the dropped copy must not hold its id")
        #expect(index.near.count == 1, "a dropped copy is not indexed")

        let off = DeduplicateStage(name: "deduplicate", policy: .drop, index: ContentIndex(), nearDuplicates: .off)
        _ = try Self.process(Syndication.harbour, off)
        let (_, unmarked) = try Self.process(copy, off, name: "b.txt")
        #expect(unmarked?.copydesk.dedup == .init(status: .unique))
    }

    @Test("bodies under min_words are neither checked nor indexed")
    func shortBodies() throws {
        let index = ContentIndex()
        let stage = DeduplicateStage(name: "deduplicate", policy: .drop, index: index)
        let short = "Ferry back\n\nThe ferry is back in service after repairs, the operator said on Monday morning.\n"
        let (_, a) = try Self.process(short, stage)
        #expect(a?.copydesk.dedup == .init(status: .unique))
        #expect(index.near.count == 0)
    }

    @Test("eight copies arriving at once on different threads: one unique, seven near_duplicate in its cluster")
    func concurrentCopies() throws {
        for _ in 0..<20 {
            let index = ContentIndex()
            let stage = DeduplicateStage(name: "deduplicate", policy: .drop, index: index)
            let verdicts = Mutex<[Article.Copydesk.Dedup]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { n in
                let text = "Edition \(n): ferry back in service\n\n" + Syndication.body(Syndication.harbour)
                if let (_, a) = try? Self.process(text, stage, name: "\(n).txt"), let d = a?.copydesk.dedup {
                    verdicts.withLock { $0.append(d) }
                }
            }
            let all = verdicts.withLock { $0 }
            #expect(all.count == 8)
            let unique = all.filter { $0.status == .unique }
            #expect(unique.count == 1)
            #expect(all.filter { $0.status == .nearDuplicate }.allSatisfy { $0.cluster == unique.first?.cluster })
        }
    }

    @Test("a quarantined original is released: a later copy is not linked to it")
    func releasedEntries() throws {
        let index = ContentIndex()
        let stage = DeduplicateStage(name: "deduplicate", policy: .drop, index: index)
        let (_, a) = try Self.process(Syndication.harbour, stage)
        index.release(contentID: try #require(a?.id), rawHash: "")
        let (_, b) = try Self.process(Syndication.newHeadline(Syndication.harbour), stage, name: "b.txt")
        #expect(b?.copydesk.dedup?.status == .unique)
    }

    @Test("the stage's YAML keys decode strictly")
    func config() throws {
        let p = try PipelineTestSupport.pipeline("""
            name: wire
            stages:
              - type: parse
              - type: normalize
              - type: deduplicate
                near_duplicates: drop
                containment: 0.8
                jaccard: 0.6
                min_words: 50
            """)
        let stage = try #require(p.stages.last as? DeduplicateStage)
        #expect(stage.nearDuplicates == .drop)
        #expect(stage.rule == NearDuplicateRule(containment: 0.8, jaccard: 0.6, minWords: 50))
        #expect(throws: StageError.self) {
            try PipelineTestSupport.pipeline("name: x\nstages:\n  - type: parse\n  - type: normalize\n  - type: deduplicate\n    containment: 1.5\n")
        }
        #expect(throws: StageError.self) {
            try PipelineTestSupport.pipeline("name: x\nstages:\n  - type: parse\n  - type: normalize\n  - type: deduplicate\n    near_duplicates: maybe\n")
        }
    }
}

@Suite("The near-duplicate window")
struct NearDuplicateIndexTests {
    static func text(_ n: Int) -> String {
        (0..<60).map { "w\(n)x\($0)" }.joined(separator: " ")
    }

    static func key(_ n: Int) -> ContentIndex.Key { ContentIndex.Key(hi: UInt64(n), lo: 0xC0DE) }

    @Test("the window holds at least window_articles and at most one epoch more; the oldest are forgotten")
    func articleBound() {
        let index = NearDuplicateIndex(settings: NearDuplicateSettings(windowArticles: 1_000))
        let rule = NearDuplicateRule()
        for n in 0..<3_000 {
            index.claim(id: Self.key(n), sketch: index.sketch(Self.text(n)), rule: rule, time: 0)
            index.commit(Self.key(n))
        }
        #expect(index.count >= 1_000)
        #expect(index.count <= 1_000 + 256)
        #expect(index.claim(id: Self.key(9_000), sketch: index.sketch(Self.text(2_999)), rule: rule, insert: { _ in false }, time: 0) != nil)
        #expect(index.claim(id: Self.key(9_001), sketch: index.sketch(Self.text(0)), rule: rule, insert: { _ in false }, time: 0) == nil)
    }

    @Test("window_days forgets articles older than the window")
    func ageBound() {
        let index = NearDuplicateIndex(settings: NearDuplicateSettings(windowArticles: 1_000_000, windowSeconds: 86_400))
        let rule = NearDuplicateRule()
        index.claim(id: Self.key(1), sketch: index.sketch(Self.text(1)), rule: rule, time: 1_000)
        index.claim(id: Self.key(2), sketch: index.sketch(Self.text(2)), rule: rule, time: 1_000 + 86_400 + 10)
        index.claim(id: Self.key(3), sketch: index.sketch(Self.text(3)), rule: rule, time: 1_000 + 2 * 86_400)
        #expect(index.claim(id: Self.key(4), sketch: index.sketch(Self.text(1)), rule: rule, insert: { _ in false }, time: 1_000 + 2 * 86_400) == nil)
        #expect(index.claim(id: Self.key(5), sketch: index.sketch(Self.text(3)), rule: rule, insert: { _ in false }, time: 1_000 + 2 * 86_400) != nil)
    }

    @Test("a snapshot keeps committed entries, drops pending ones, and refuses another sketch shape")
    func snapshot() throws {
        let index = NearDuplicateIndex()
        let rule = NearDuplicateRule()
        index.claim(id: Self.key(1), sketch: index.sketch(Self.text(1)), rule: rule, time: 5)
        index.commit(Self.key(1))
        index.claim(id: Self.key(2), sketch: index.sketch(Self.text(2)), rule: rule, time: 5)
        let bytes = index.snapshotBytes()
        let restored = NearDuplicateIndex()
        #expect(restored.restore(bytes[...]))
        #expect(restored.count == 1)
        let m = restored.claim(id: Self.key(3), sketch: restored.sketch(Self.text(1)), rule: rule, insert: { _ in false }, time: 6)
        #expect(m?.of == Self.key(1).hex)
        #expect(restored.claim(id: Self.key(4), sketch: restored.sketch(Self.text(2)), rule: rule, insert: { _ in false }, time: 6) == nil)
        #expect(!NearDuplicateIndex(settings: NearDuplicateSettings(shingleWords: 4)).restore(bytes[...]))
        #expect(!NearDuplicateIndex().restore(bytes.dropLast(3)))
    }

    @Test("ContentIndex saves and loads the window with the exact index")
    func contentIndexSnapshot() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("copydesk-near-\(UInt32.random(in: 0 ... .max))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let index = ContentIndex()
        let stage = DeduplicateStage(name: "deduplicate", policy: .drop, index: index)
        let (_, a) = try NearDuplicateStageTests.process(Syndication.harbour, stage)
        index.commit(contentID: try #require(a?.id), rawHash: nil, offset: 0)
        try index.save(to: dir + "/index.bin")
        let loaded = ContentIndex()
        #expect(loaded.load(from: dir + "/index.bin") == .init(exact: true, near: true))
        let (_, b) = try NearDuplicateStageTests.process(Syndication.newHeadline(Syndication.harbour), DeduplicateStage(name: "deduplicate", policy: .drop, index: loaded), name: "b.txt")
        #expect(b?.copydesk.dedup?.of == a?.id)
    }

    @Test("a record from the log is re-indexed as the stage indexed it")
    func fromRecord() throws {
        let index = ContentIndex()
        let stage = DeduplicateStage(name: "deduplicate", policy: .drop, index: index)
        let (_, a) = try NearDuplicateStageTests.process(Syndication.harbour, stage)
        let json = Array(try #require(a).jsonData())
        let rebuilt = NearDuplicateIndex()
        #expect(rebuilt.add(recordJSON: json, time: 0))
        var unindexed = try #require(a)
        unindexed.copydesk.dedup = .init(status: .unique)
        #expect(!rebuilt.add(recordJSON: Array(unindexed.jsonData()), time: 0), "no cluster: the stage did not index it")
        #expect(rebuilt.count == 1)
    }
}

@Suite("Reading records for the window")
struct NearDuplicateRecordTests {
    static let id = "0123456789abcdef0123456789abcdef", cluster = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
    static let mainBody = "He said \"no\".\n\nPáragraph two\twith a tab, a back\\slash and \u{1}."

    /// A record as the writer lays it out: a summary body before the main one, a near-duplicate verdict.
    static func record(bodies: String) -> [UInt8] {
        Array(#"{"bodies":\#(bodies),"copydesk":{"dedup":{"cluster":"\#(cluster)","of":"ffffffffffffffffffffffffffffffff","similarity":0.75,"status":"near_duplicate"}},"id":"\#(id)"}"#.utf8)
    }

    static var written: [UInt8] {
        var summary: [UInt8] = [], main: [UInt8] = []
        JSONString.append("Not this one.", to: &summary)
        JSONString.append(mainBody, to: &main)
        return record(bodies: #"[{"role":"summary","value":\#(String(decoding: summary, as: UTF8.self))},{"role":"main","value":\#(String(decoding: main, as: UTF8.self))}]"#)
    }

    @Test("id, main body and dedup read as JSONSerialization reads them, escapes included")
    func readsAsDecode() throws {
        let json = Self.written
        let fields = try #require(NearDuplicateIndex.RecordFields(json))
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        let dedup = (decoded["copydesk"] as? [String: Any])?["dedup"] as? [String: Any]
        #expect(fields.id == decoded["id"] as? String)
        #expect(fields.body == (decoded["bodies"] as? [[String: Any]])?.first { $0["role"] as? String == "main" }?["value"] as? String)
        #expect(fields.body == Self.mainBody)
        #expect(fields.status == dedup?["status"] as? String)
        #expect(fields.cluster == dedup?["cluster"] as? String)
    }

    @Test("without a main body the first body is taken")
    func firstBody() throws {
        let json = Self.record(bodies: #"[{"role":"summary","value":"first"},{"role":"other","value":"second"}]"#)
        #expect(NearDuplicateIndex.RecordFields(json)?.body == "first")
    }

    @Test("a record whose body is not a string is not added")
    func oddBody() {
        let json = Array(#"{"bodies":[{"role":"main","value":["odd"]}],"id":"0123456789abcdef0123456789abcdef"}"#.utf8)
        #expect(NearDuplicateIndex.RecordFields(json)?.body == nil)
        #expect(!NearDuplicateIndex().add(recordJSON: json, time: 0))
    }

    @Test("a record without a string id gives no fields")
    func noID() {
        #expect(NearDuplicateIndex.RecordFields(Array(#"{"id":7,"bodies":[]}"#.utf8)) == nil)
        #expect(NearDuplicateIndex.RecordFields(Array("not json".utf8)) == nil)
    }
}

@Suite("Near-duplicate figures on the BBC set (optional)")
struct NearDuplicateCorpusTests {
    @Test("BBC pairs and syndicated copies meet the targets with no false link",
          .enabled(if: Fixtures.shared("corpus/bbc/DUPLICATES.tsv") != nil, "../shared/corpus/bbc is absent"))
    func evaluation() throws {
        let root = try #require(Fixtures.shared("corpus/bbc")).path
        var evaluation = NearDuplicateEvaluation(root: root)
        evaluation.copyStride = 4
        let r = try evaluation.run()
        let natural = Dictionary(uniqueKeysWithValues: r.natural.map { ($0.kind, $0) })
        #expect(natural["byte_identical"]?.recall == 1)
        #expect(natural["normalised_identical"]?.recall == 1)
        let high = r.natural.filter { $0.kind.contains("j>=0.9") || $0.kind.contains("0.8<=j") }
        #expect(Double(high.reduce(0) { $0 + $1.linked }) / Double(high.reduce(0) { $0 + $1.total }) >= 0.95)
        #expect(r.falseLinks == 0)
        #expect(r.falseClusterPairs == 0)
        let copies = Dictionary(uniqueKeysWithValues: r.copies.map { ($0.kind, $0) })
        for kind in ["copy: dateline", "copy: headline", "copy: boilerplate"] { #expect((copies[kind]?.recall ?? 0) >= 0.99, "\(kind)") }
        for kind in ["copy: truncated 75%", "copy: truncated 50%"] { #expect((copies[kind]?.recall ?? 0) >= 0.95, "\(kind)") }
        #expect((copies["copy: 5% words replaced"]?.recall ?? 0) >= 0.90)
        #expect(r.copies.allSatisfy { $0.falseLinks == 0 })
    }
}
