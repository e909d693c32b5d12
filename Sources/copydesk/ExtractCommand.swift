import ArgumentParser
import CopydeskHTML
import Foundation

/// `copydesk extract …`: article extraction from web pages.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Take the article out of a web page, or score extraction on a benchmark.",
        subcommands: [ExtractPageCommand.self, ExtractEvalCommand.self],
        defaultSubcommand: ExtractPageCommand.self
    )
}

/// `copydesk extract page FILE`.
struct ExtractPageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "page", abstract: "Print the article and metadata of an HTML file (.html or .html.gz).")

    @Argument(help: "The page.")
    var file: String

    func run() throws {
        guard let bytes = file.hasSuffix(".gz") ? HTMLCorpus.gunzip(file) : FileManager.default.contents(atPath: file).map({ [UInt8]($0) }) else {
            throw ValidationError("cannot read \(file)")
        }
        guard let page = HTMLExtractor().extract(bytes) else { throw ValidationError("\(file): not an HTML document") }
        for (key, value) in [("headline", page.headline), ("description", page.description), ("authors", page.authors.joined(separator: "; ")),
                             ("published", page.published), ("section", page.section), ("publisher", page.publisher),
                             ("url", page.canonicalURL), ("language", page.language)] {
            if let value, !value.isEmpty { print("\(key): \(value)") }
        }
        print("")
        print(page.bodyText)
    }
}

/// `copydesk extract eval DIR --truth FILE`.
struct ExtractEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score extraction with the benchmark's metric (4-word shingles of \\w+ tokens, per page, averaged).",
        discussion: "DIR holds <id>.html or <id>.html.gz; --truth is the benchmark's ground-truth.json ({id: {articleBody, url}})."
    )

    @Argument(help: "The pages' folder.")
    var dir = "../shared/corpus/html-extraction/html"

    @Option(help: "The ground truth JSON.")
    var truth = "../shared/corpus/html-extraction/ground-truth.json"

    @Flag(help: "Print every page's precision and recall.")
    var pages = false

    func run() throws {
        let corpus = try HTMLCorpus.load(dir: dir, truth: truth)
        guard !corpus.isEmpty else { throw ValidationError("no pages of \(truth) in \(dir)") }
        var score = ShingleScore()
        let extractor = HTMLExtractor()
        let started = Date()
        for page in corpus {
            let body = extractor.extract(page.html, url: page.url)?.bodyText ?? ""
            let result = score.add(truth: page.truth, predicted: body)
            if pages { print(String(format: "%@  P %.3f  R %.3f", page.id, result.precision, result.recall)) }
        }
        let seconds = Date().timeIntervalSince(started)
        print(String(format: "%d pages: precision %.3f  recall %.3f  F1 %.3f  (%.0f pages/s on one thread)",
                     corpus.count, score.precision, score.recall, score.f1, Double(corpus.count) / seconds))
    }
}
