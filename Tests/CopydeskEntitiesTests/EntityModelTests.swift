import Dispatch
import Foundation
import Synchronization
import Testing
@testable import CopydeskEntities

@Suite("The tagger: training, model files, CoNLL output")
struct EntityModelTests {
    @Test("a model learns its training sentences")
    func learns() {
        let model = TaggerFixtures.model()
        #expect(model.score(TaggerFixtures.examples).overall.f1 == 100)
    }

    @Test("training is repeatable: the same data and seed give the same bytes")
    func deterministic() {
        #expect(TaggerFixtures.model(seed: 5).serialized() == TaggerFixtures.model(seed: 5).serialized())
    }

    @Test("a serialised model reads back and tags the same")
    func roundTrip() throws {
        let model = TaggerFixtures.model()
        let bytes = model.serialized()
        let loaded = try bytes.withUnsafeBytes { try EntityModel(serialized: $0) }
        let sentences = [["Berg", "visited", "Oslo", "."], ["Maria", "Lindqvist", "left", "Acme", "Holdings", "."]]
        #expect(loaded.tags(sentences) == model.tags(sentences))
        #expect(loaded.serialized() == bytes)
    }

    enum Damage: CaseIterable, Sendable { case truncated, badMagic, trailingBytes }

    @Test("a damaged model file is refused with a reason", arguments: Damage.allCases)
    func damaged(damage: Damage) {
        var bytes = TaggerFixtures.model().serialized()
        switch damage {
        case .truncated: bytes.removeLast(7)
        case .badMagic: bytes[0] = 0
        case .trailingBytes: bytes += [1, 2, 3]
        }
        #expect(throws: EntityModelError.self) { _ = try bytes.withUnsafeBytes { try EntityModel(serialized: $0) } }
    }

    @Test("CoNLL output keeps every line and adds the predicted tag as the last column")
    func annotate() {
        let out = CoNLLAnnotator(model: TaggerFixtures.model()).annotate(TaggerFixtures.conll)
        let inLines = TaggerFixtures.conll.split(separator: "\n", omittingEmptySubsequences: false)
        let outLines = out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(outLines.count == inLines.count)
        for (a, b) in zip(inLines, outLines) {
            if a.isEmpty || a.hasPrefix("-DOCSTART-") {
                #expect(a == b)
            } else {
                #expect(b.hasPrefix(a + " "))
                let gold = a.split(separator: " ").last!, predicted = b.split(separator: " ").last!
                #expect(gold.dropFirst(2) == predicted.dropFirst(2), "\(b)")
            }
        }
    }

    @Test("CoNLL annotation on every core tags each document as the model alone does; CRLF, a missing last newline and stray blanks are kept")
    func annotateInParallel() throws {
        let model = try #require(EntityModel.embedded)
        var text = ""
        var expected = ""
        for d in 0..<150 {
            let sentences = [["Olaf", "Scholz", "met", "Word\(d)", "in", "Berlin", "."], ["Reuters", "said", "so", "."]]
            text += "-DOCSTART- -X- O O\r\n\r\n"
            expected += "-DOCSTART- -X- O O\n\n"
            let tags = model.tags(sentences)
            for (s, sentence) in sentences.enumerated() {
                for (i, word) in sentence.enumerated() {
                    text += word + " NNP I-NP O\r\n"
                    expected += word + " NNP I-NP O " + tags[s][i] + "\n"
                }
                text += "\r\n"
                expected += "\n"
            }
        }
        text += "-DOCSTART- -X- O O\n\nOslo NNP I-NP I-LOC"  // no newline at the end
        expected += "-DOCSTART- -X- O O\n\nOslo NNP I-NP I-LOC " + model.tags([["Oslo"]])[0][0] + "\n"
        #expect(CoNLLAnnotator(model: model).annotate(text) == expected)
    }

    @Test("tagging through the model's word caches gives exactly the labels of looking up every feature, across models and evictions")
    func wordCache() throws {
        let embedded = try #require(EntityModel.embedded)
        let small = TaggerFixtures.model()
        var documents = TaggerFixtures.examples.map(\.words)
        documents.append([["Prime", "Minister", "Narendra", "Modi", "met", "Olaf", "Scholz", "in", "Berlin", "on", "Tuesday", "."],
                          ["The", "Reserve", "Bank", "of", "India", "said", "so", ",", "per", "Reuters", "."], ["Modi"], []])
        // More distinct words than the cache has slots, so words take each other's slots.
        documents.append([(0..<40_000).map { "Word\($0)" }])
        for _ in 0..<2 {
            for model in [embedded, small, embedded] {
                for sentences in documents {
                    let full = PreparedDocument(sentences: sentences, gazetteer: model.gazetteer, clusters: model.clusters)
                    let lean = PreparedDocument(sentences: sentences, gazetteer: model.gazetteer, clusters: model.clusters, allSlots: false)
                    #expect(model.labels(lean, cache: true) == model.labels(full, cache: false))
                    #expect(model.labels(full, cache: true) == model.labels(full, cache: false))
                }
            }
        }
    }

    @Test("threads tagging at once with one model each get their own cache and the plain labels")
    func wordCacheThreads() throws {
        let model = try #require(EntityModel.embedded)
        let documents = (0..<64).map { n in
            [(0..<300).map { k in ["Reuters", "said", "Modi", "met", "in", "Berlin", "on", "Tuesday", "W\((n * 7 + k) % 97)", "."][(n + k) % 10] }]
        }
        let expected = documents.map {
            model.labels(PreparedDocument(sentences: $0, gazetteer: model.gazetteer, clusters: model.clusters), cache: false)
        }
        let mismatches = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 256) { i in
            let d = i % documents.count
            let lean = PreparedDocument(sentences: documents[d], gazetteer: model.gazetteer, clusters: model.clusters, allSlots: false)
            if model.labels(lean) != expected[d] { mismatches.withLock { $0 += 1 } }
        }
        #expect(mismatches.withLock { $0 } == 0)
    }

    @Test("this build embeds a trained model")
    func embedded() throws {
        let model = try #require(EntityModel.embedded)
        #expect(model.featureCount > 10_000)
        #expect(model.serialized().count <= 20_000_000)
    }

    @Test("the embedded model scores F1 ≥ 90 on CoNLL-2003 eng.testa",
          .enabled(if: TaggerFixtures.shared("corpus/conll2003/eng.testa") != nil, "../shared/corpus/conll2003/eng.testa is absent"))
    func developmentScore() throws {
        let url = try #require(TaggerFixtures.shared("corpus/conll2003/eng.testa"))
        let text = try String(contentsOf: url, encoding: .utf8)
        let dev = CoNLLReader.read(text).documents.map { EntityTrainer.Example(words: $0.words, tags: $0.goldTags) }
        #expect(dev.count == 216)
        let score = try #require(EntityModel.embedded).score(dev)
        #expect(score.overall.f1 >= 90, "\(score)")
    }
}
