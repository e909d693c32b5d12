import ArgumentParser
import CopydeskCore
import CopydeskEntities
import Foundation

/// `copydesk bench entities`: the tagger's speed on CoNLL text and the whole
/// entities stage's speed on real articles, on one thread.
struct BenchEntitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "Measure the entity tagger (tokens/s on CoNLL-2003 eng.testa) and the entities stage (articles/s on BBC News), one thread.",
        discussion: """
        Tagging: the built-in model tags eng.testa's given tokens --rounds times (features, \
        decoding, tags; no tokenizer) and its F1 is printed. Stage: every BBC article is \
        parsed and normalized first, then analysed (tokenizer, sentence splitter, tagger, \
        names, sources, quotes, money, percentages, dates) --rounds times.
        """
    )

    @Option(help: ArgumentHelp("Folder holding eng.testa.", valueName: "DIR"))
    var conll = "../shared/corpus/conll2003"

    @Option(help: ArgumentHelp("The BBC News folder.", valueName: "DIR"))
    var corpus = "../shared/corpus/bbc"

    @Option(help: "Passes over each text set.")
    var rounds = 5

    @Option(help: ArgumentHelp("A model file instead of the built-in one.", valueName: "FILE"))
    var model: String?

    func run() throws {
        let model: EntityModel
        do { model = try EntitiesStageConfig(model: self.model).loadModel() } catch { throw ValidationError(error.message) }
        if let dev = try? TrainEntitiesCommand.examples(conll + "/eng.testa") {
            let tokens = dev.reduce(0) { $0 + $1.words.reduce(0) { $0 + $1.count } }
            var best = Double.infinity
            var score = EntityScore()
            for round in 0..<rounds {
                let started = DispatchTime.now().uptimeNanoseconds
                if round == 0 {
                    score = model.score(dev)
                } else {
                    for doc in dev { _ = model.tags(doc.words) }
                }
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            }
            print("tagger on eng.testa: \(tokens) tokens, best of \(rounds): \(Int(Double(tokens) / best)) tokens/s on one thread; F1 \(String(format: "%.2f", score.overall.f1))")
        } else {
            print("tagger: \(conll)/eng.testa not found, skipped")
        }
        let files = BBCCorpus.files(corpus)
        guard !files.isEmpty else {
            print("stage: \(corpus) not found, skipped")
            return
        }
        var texts: [ArticleText] = []
        for file in files {
            guard let parsed = try? ArticleParser().parse(file.bytes), let article = try? Normalizer().normalize(parsed).article else { continue }
            texts.append(article.entityText)
        }
        let analyzer = EntityAnalyzer(model: model)
        var best = Double.infinity
        var tokens = 0, names = 0, quotes = 0
        for _ in 0..<rounds {
            tokens = 0
            names = 0
            quotes = 0
            let started = DispatchTime.now().uptimeNanoseconds
            for text in texts {
                let a = analyzer.analyze(text)
                tokens += a.tokens
                names += a.people.count + a.organisations.count + a.places.count
                quotes += a.quotes.count
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        }
        print("""
            entities stage on \(texts.count) BBC articles (\(tokens) tokens), best of \(rounds): \
            \(Int(Double(texts.count) / best)) articles/s, \(Int(Double(tokens) / best)) tokens/s, \
            \(String(format: "%.0f", best / Double(texts.count) * 1e6)) µs per article on one thread; \
            \(names) names, \(quotes) quotes
            """)
    }
}
