import ArgumentParser
import CopydeskCore
import CopydeskEntities
import Foundation

/// `copydesk train-entities`: trains the entity tagger on CoNLL-2003 and writes the model.
struct TrainEntitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-entities",
        abstract: "Train the entity tagger on CoNLL-2003 English (eng.train), scoring on eng.testa.",
        discussion: """
        Reads CONLL/eng.train and CONLL/eng.testa (four columns: word POS chunk NER, IOB \
        tags), trains an averaged perceptron (deterministic for a given --seed) and writes \
        the model. The default output is the model this build embeds, \
        Sources/CEntitiesModel/entities.model; after writing it, rebuild (the command \
        touches Sources/CEntitiesModel/model.S so the build picks the new model up). \
        Only the word column is used: articles come without POS tags.
        """
    )

    @Option(help: "Folder holding eng.train and eng.testa.")
    var conll = "../shared/corpus/conll2003"

    @Option(help: "Where to write the model.")
    var output = "Sources/CEntitiesModel/entities.model"

    @Option(help: "Passes over the training data.")
    var epochs = EntityTrainer.Options().epochs

    @Option(help: "Seed of the document order.")
    var seed = EntityTrainer.Options().seed

    @Option(help: "Drop feature rows whose largest averaged weight is below this.")
    var prune: Float = EntityTrainer.Options().pruneBelow

    @Option(help: "Folds for the jackknifed gazetteer of training names (1 = none).")
    var folds = EntityTrainer.Options().folds

    @Option(help: "Word classes to learn from unlabelled text (0 = none).")
    var clusters = EntityTrainer.Options().clusters

    @Option(help: "Unlabelled news text for the word classes: the BBC News folder (section folders of .txt files).")
    var unlabeled = "../shared/corpus/bbc"

    func run() throws {
        let train = try Self.examples(conll + "/eng.train")
        let dev = (try? Self.examples(conll + "/eng.testa")) ?? []
        var options = EntityTrainer.Options()
        options.epochs = epochs
        options.seed = seed
        options.pruneBelow = prune
        options.folds = folds
        options.clusters = clusters
        let tokenizer = Tokenizer()
        let text = BBCCorpus.texts(unlabeled).flatMap { article in
            // Tokenised as the entities stage tokenises articles, so the classes cover the same forms.
            article.split(separator: "\n").map { tokenizer.tokens(in: String($0)).map(\.text) }.filter { !$0.isEmpty }
        }
        if clusters > 0 {
            FileHandleOutput.stderr("unlabelled text: \(text.count) paragraphs, \(text.reduce(0) { $0 + $1.count }) tokens from \(unlabeled)")
        }
        let started = Date()
        let model = EntityTrainer(options: options).train(train, development: dev, unlabeled: text) { line in
            FileHandleOutput.stderr(line)
        }
        let bytes = model.serialized()
        try Data(bytes).write(to: URL(fileURLWithPath: output))
        let assembly = URL(fileURLWithPath: output).deletingLastPathComponent().appendingPathComponent("model.S").path
        if FileManager.default.fileExists(atPath: assembly) {
            try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: assembly)
        }
        print("trained on \(train.count) documents in \(String(format: "%.1f", Date().timeIntervalSince(started))) s; \(model.featureCount) features, \(bytes.count) bytes → \(output)")
        if !dev.isEmpty {
            let tagging = Date()
            let score = model.score(dev)
            let seconds = Date().timeIntervalSince(tagging)
            let tokens = dev.reduce(0) { $0 + $1.words.reduce(0) { $0 + $1.count } }
            print("eng.testa (tagged at \(Int(Double(tokens) / seconds)) tokens/s, one thread):\n\(score)")
        }
    }

    /// The documents of a CoNLL file as training examples.
    static func examples(_ path: String) throws -> [EntityTrainer.Example] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(path): give the CoNLL-2003 folder with --conll")
        }
        return CoNLLReader.read(String(decoding: data, as: UTF8.self)).documents.map {
            EntityTrainer.Example(words: $0.words, tags: $0.goldTags)
        }
    }
}
