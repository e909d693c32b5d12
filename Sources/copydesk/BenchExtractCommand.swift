import ArgumentParser
import CopydeskHTML
import Foundation

/// `copydesk bench extract`: web pages through the extractor, one thread.
struct BenchExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Measure article extraction from web pages (pages/s on one thread) and its F1 on the benchmark.",
        discussion: "Pages are read and decompressed first; the timed part is libxml2's parse, metadata and text extraction."
    )

    @Option(help: ArgumentHelp("The pages' folder.", valueName: "DIR"))
    var dir = "../shared/corpus/html-extraction/html"

    @Option(help: ArgumentHelp("The ground truth JSON.", valueName: "FILE"))
    var truth = "../shared/corpus/html-extraction/ground-truth.json"

    @Option(help: "Passes over the pages.")
    var rounds = 5

    func run() throws {
        let pages = try HTMLCorpus.load(dir: dir, truth: truth)
        guard !pages.isEmpty else { throw ValidationError("no pages in \(dir)") }
        let extractor = HTMLExtractor()
        var best = Double.infinity
        var bodies: [String] = []
        for _ in 0..<rounds {
            bodies.removeAll(keepingCapacity: true)
            let started = DispatchTime.now().uptimeNanoseconds
            for page in pages { bodies.append(extractor.extract(page.html, url: page.url)?.bodyText ?? "") }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        }
        var parseBest = Double.infinity
        for _ in 0..<rounds {
            let started = DispatchTime.now().uptimeNanoseconds
            for page in pages { _ = extractor.parseOnly(page.html) }
            parseBest = min(parseBest, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        }
        var score = ShingleScore()
        for (page, body) in zip(pages, bodies) { score.add(truth: page.truth, predicted: body) }
        let bytes = pages.reduce(0) { $0 + $1.html.count }
        print(String(format: "%d pages (%.0f KB each on average), best of %d: %.0f pages/s, %.1f ms per page on one thread; F1 %.3f (P %.3f, R %.3f)",
                     pages.count, Double(bytes) / Double(pages.count) / 1024, rounds, Double(pages.count) / best,
                     best / Double(pages.count) * 1000, score.f1, score.precision, score.recall))
        print(String(format: "of which libxml2's parse alone: %.1f ms per page (%.0f pages/s)", parseBest / Double(pages.count) * 1000, Double(pages.count) / parseBest))
    }
}
