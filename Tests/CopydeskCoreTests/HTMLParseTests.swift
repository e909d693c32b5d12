import CopydeskHTML
import Foundation
import Testing
@testable import CopydeskCore

/// Web pages written for these tests: the furniture real news pages carry.
enum HTMLFixtures {
    static let paragraphs = [
        "The harbour authority approved a new ferry terminal on Tuesday, ending a decade of argument over where the boats should dock.",
        "Construction will begin in the spring, the authority said, and the first crossings from the new quay are planned for the summer after next.",
        "Residents who had campaigned against the original site welcomed the decision, though some said the traffic plan still needed work.",
        "The council's transport committee will review the road layout in March, before any contracts are signed.",
    ]

    static func page(charset: String = "utf-8", extraBody: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="en-GB"><head><meta charset="\(charset)">
        <title>Harbour approves ferry terminal | The Coastal Courier</title>
        <link rel="canonical" href="https://courier.example/news/ferry-terminal">
        <meta property="og:site_name" content="The Coastal Courier">
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
          "headline":"Harbour approves new ferry terminal","datePublished":"2025-03-04T09:30:00Z",
          "dateModified":"2025-03-04T11:00:00Z","author":[{"@type":"Person","name":"Ann Writer"}],
          "publisher":{"@type":"Organization","name":"The Coastal Courier"},"articleSection":"Local",
          "description":"A decade of argument ends with a vote."}</script>
        <style>.x{color:red}</style></head>
        <body>
        <div class="cookie-banner" id="consent">We use cookies to improve your experience. <a href="/privacy">Privacy policy</a> <button>Accept</button></div>
        <header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
        <main><article class="story">
          <h1>Harbour approves new ferry terminal</h1>
          <div class="byline">By Ann Writer, 4 March 2025</div>
          <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
          <div class="article-body">
            <p>\(paragraphs[0])</p>
            <p>\(paragraphs[1])</p>
            <figure><img src="quay.jpg"><figcaption>The old quay at low tide.</figcaption></figure>
            <p>\(paragraphs[2])</p>
            <div class="ad-slot advertisement">Advertisement</div>
            <p>\(paragraphs[3])</p>
            \(extraBody)
          </div>
          <aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Ferry fares to rise</a></li><li><a href="/b">Quay repairs delayed</a></li></ul></aside>
        </article></main>
        <section class="comments"><h3>Comments</h3><p>First! This is the best news all year, I cannot wait to ride it.</p></section>
        <footer><p>© 2025 The Coastal Courier. All rights reserved.</p><a href="/terms">Terms</a></footer>
        <script>var tracking = "do not read me";</script>
        </body></html>
        """
    }
}

@Suite("Web pages in the parse stage")
struct HTMLParseTests {
    @Test("a news page gives its article text without navigation, banners, share bars, ads, related links or comments")
    func extractsArticle() throws {
        let article = try ArticleParser().parse(Array(HTMLFixtures.page().utf8), fileName: "story.html")
        #expect(article.headline == "Harbour approves new ferry terminal")
        #expect(article.bodyText == HTMLFixtures.paragraphs.joined(separator: "\n\n"))
        #expect(article.summary == "A decade of argument ends with a vote.")
        #expect(article.by == "Ann Writer")
        #expect(article.contentCreated == "2025-03-04T09:30:00Z")
        #expect(article.slugline == "Local")
        #expect(article.language == "en-GB")
        #expect(article.altIds.contains(.init(role: "url", value: "https://courier.example/news/ferry-terminal")))
        #expect(article.infoSources.contains(.init(name: "The Coastal Courier", role: "publisher")))
    }

    @Test("markup is detected without a file name")
    func detected() throws {
        let article = try ArticleParser().parse(Array(("\u{FEFF}\n  " + HTMLFixtures.page()).utf8))
        #expect(article.headline == "Harbour approves new ferry terminal")
    }

    @Test("the encoding comes from the page's meta charset")
    func charset() throws {
        var bytes = Array(HTMLFixtures.page(charset: "windows-1252", extraBody: "<p>The caf\u{0001} on the quay will stay open through the works, its owner confirmed.</p>").utf8)
        // Put a real Windows-1252 é (0xE9) where the placeholder is.
        if let i = bytes.firstIndex(of: 0x01) { bytes[i] = 0xE9 }
        let article = try ArticleParser().parse(bytes, fileName: "story.html")
        #expect(article.bodyText?.contains("The café on the quay") == true)
    }

    @Test("hostile pages end in a clear error or an article, quickly, never a crash", arguments: HostilePage.allCases)
    func hostile(page: HostilePage) {
        do {
            _ = try ArticleParser().parse(page.bytes, fileName: "hostile.html")
        } catch {
            #expect([.noHeadline, .noBody, .notArticle, .tooLarge].contains(error.code), "\(error)")
        }
    }

    @Test("a page over max_html_bytes is refused as too_large")
    func tooLarge() {
        let parser = ArticleParser(options: .init(maxHTMLBytes: 4096))
        #expect(throws: StageError.self) { _ = try parser.parse(Array(HTMLFixtures.page(extraBody: String(repeating: "<p>x</p>", count: 1000)).utf8), fileName: "a.html") }
    }

    @Test("the extractor scores F1 ≥ 0.95 on the benchmark half we have",
          .enabled(if: Fixtures.shared("corpus/html-extraction/ground-truth.json") != nil, "../shared/corpus/html-extraction is absent"))
    func benchmark() throws {
        let root = try #require(Fixtures.shared("corpus/html-extraction"))
        let pages = try HTMLCorpus.load(dir: root.path + "/html", truth: root.path + "/ground-truth.json")
        #expect(pages.count == 91)
        var score = ShingleScore()
        let extractor = HTMLExtractor()
        for page in pages { score.add(truth: page.truth, predicted: extractor.extract(page.html, url: page.url)?.bodyText ?? "") }
        #expect(score.f1 >= 0.95, "P \(score.precision) R \(score.recall) F1 \(score.f1)")
    }
}

enum HostilePage: CaseIterable, Sendable {
    case deepNesting, binaryGarbage, entityExpansion, unclosedEverything, hugeAttribute

    var bytes: [UInt8] {
        switch self {
        case .deepNesting:
            return Array(("<html><body>" + String(repeating: "<div>", count: 100_000) + "<p>deep</p>" + "</body></html>").utf8)
        case .binaryGarbage:
            var seed: UInt64 = 42
            return [UInt8](Array("<html>".utf8)) + (0..<200_000).map { _ in
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                return UInt8(truncatingIfNeeded: seed >> 56)
            }
        case .entityExpansion:
            var doc = "<!DOCTYPE html [<!ENTITY a \"" + String(repeating: "x", count: 100) + "\">"
            for i in 1..<10 { doc += "<!ENTITY \(Character(UnicodeScalar(97 + i)!)) \"" + String(repeating: "&\(Character(UnicodeScalar(96 + i)!));", count: 10) + "\">" }
            doc += "]><html><head><title>Laughs</title></head><body><p>&j;&j;&j;</p></body></html>"
            return Array(doc.utf8)
        case .unclosedEverything:
            return Array(("<html><head><title>Broken" + String(repeating: "<p><b><i><table><tr><td>text ", count: 20_000)).utf8)
        case .hugeAttribute:
            return Array(("<html><body><div class=\"" + String(repeating: "a", count: 5_000_000) + "\"><p>x</p></div></body></html>").utf8)
        }
    }
}
