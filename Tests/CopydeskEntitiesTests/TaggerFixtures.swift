import Foundation
@testable import CopydeskEntities

/// A small hand-written CoNLL corpus (not from any dataset) and helpers.
enum TaggerFixtures {
    /// Four-column lines: word POS chunk NER (IOB1, as in CoNLL-2003).
    static let conll = """
        -DOCSTART- -X- O O

        Maria NNP I-NP I-PER
        Lindqvist NNP I-NP I-PER
        joined VBD I-VP O
        Acme NNP I-NP I-ORG
        Holdings NNP I-NP I-ORG
        in IN I-PP O
        Oslo NNP I-NP I-LOC
        . . O O

        Lindqvist NNP I-NP I-PER
        said VBD I-VP O
        Acme NNP I-NP I-ORG
        would MD I-VP O
        open VB I-VP O
        an DT I-NP O
        office NN I-NP O
        in IN I-PP O
        Bergen NNP I-NP I-LOC
        . . O O

        -DOCSTART- -X- O O

        Tomas NNP I-NP I-PER
        Berg NNP I-NP I-PER
        visited VBD I-VP O
        Bergen NNP I-NP I-LOC
        with IN I-PP O
        Norwegian JJ I-NP I-MISC
        officials NNS I-NP O
        . . O O

        Berg NNP I-NP I-PER
        met VBD I-VP O
        Lindqvist NNP I-NP I-PER
        of IN I-PP O
        Acme NNP I-NP I-ORG
        in IN I-PP O
        Oslo NNP I-NP I-LOC
        . . O O

        """

    static var examples: [EntityTrainer.Example] {
        CoNLLReader.read(conll).documents.map { EntityTrainer.Example(words: $0.words, tags: $0.goldTags) }
    }

    /// A model trained on ``conll`` (no word classes: there is no unlabelled text here; no pruning).
    static func model(seed: UInt64 = 1) -> EntityModel {
        var options = EntityTrainer.Options()
        options.epochs = 8
        options.seed = seed
        options.folds = 1
        options.clusters = 0
        options.pruneBelow = 0  // a corpus this small has no weight to spare
        return EntityTrainer(options: options).train(examples)
    }

    /// `../shared/<relative>` beside the package, when it exists.
    static func shared(_ relative: String) -> URL? {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let url = root.deletingLastPathComponent().appendingPathComponent("shared").appendingPathComponent(relative)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}
