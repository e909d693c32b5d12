import ArgumentParser
import CopydeskCore
import CopydeskEntities
import Foundation

/// `copydesk entities`: the entities stage on one article, or the tagger on CoNLL text.
struct EntitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "Print an article's entities, sources, quotes, money and dates, or tag CoNLL-2003 text.",
        discussion: """
        With FILE (an article as a drop directory would receive it: text, JSON), parses and \
        normalizes it as the default pipeline does and prints what the entities stage finds; \
        --json prints the record's fields instead. With --conll FILE, reads CoNLL-2003 \
        column text and prints every line with one more column, the predicted IOB tag \
        (blank and -DOCSTART- lines kept), for conlleval-style scoring.
        """
    )

    @Argument(help: "The article file.")
    var file: String?

    @Option(help: ArgumentHelp("Tag CoNLL-2003 column text (word first, one token per line).", valueName: "FILE"))
    var conll: String?

    @Option(help: ArgumentHelp("A model file from `copydesk train-entities` instead of the built-in one.", valueName: "FILE"))
    var model: String?

    @Flag(help: "Print the record's entity fields as JSON.")
    var json = false

    func validate() throws {
        guard (file == nil) != (conll == nil) else { throw ValidationError("give either an article FILE or --conll FILE") }
    }

    func run() throws {
        let model: EntityModel
        do {
            model = try EntitiesStageConfig(model: self.model).loadModel()
        } catch {
            throw ValidationError(error.message)
        }
        if let conll {
            guard let data = FileManager.default.contents(atPath: conll) else { throw ValidationError("cannot read \(conll)") }
            FileHandle.standardOutput.write(Data(CoNLLAnnotator(model: model).annotate(bytes: [UInt8](data))))
            return
        }
        guard let file, let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file ?? "")") }
        var article: Article
        do {
            article = try ArticleParser().parse([UInt8](data))
            article = try Normalizer().normalize(article).article
        } catch {
            throw ValidationError("\(file): \(error.message)")
        }
        let analysis = EntityAnalyzer(model: model).analyze(article.entityText)
        article.applyEntities(analysis)
        if json {
            print(EntitiesReport.json(article))
        } else {
            print(EntitiesReport.text(analysis), terminator: "")
        }
    }
}
