import FoundationEssentials
import Testing
@testable import CopydeskCore

/// Checks against the real samples beside the repository; skipped when they are absent (as in a bare clone).
@Suite("Real corpus (optional)")
struct CorpusTests {
    @Test("the real wire page parses into slugline, headline, standfirst and a clean body",
          .enabled(if: Fixtures.shared("samples/wire-article.txt") != nil, "../shared/samples/wire-article.txt is absent"))
    func wireSample() throws {
        let url = try #require(Fixtures.shared("samples/wire-article.txt"))
        let bytes = try [UInt8](Data(contentsOf: url))
        let parsed = try ArticleParser().parse(bytes, fileName: url.lastPathComponent)
        let article = try Normalizer().normalize(parsed).article
        let headline = try #require(article.headline)
        let body = try #require(article.bodyText)
        #expect(article.slugline == "World News")
        #expect(headline.hasPrefix("Putin, Xi Alliance Strengthens"))
        #expect(article.summary?.hasPrefix("Xi: ") == true)
        #expect(!body.contains(headline))
        #expect(body.hasPrefix("Russian President Vladimir Putin met"))
        #expect(!body.contains("For corrections"))
        #expect(!body.contains("protected]"))
        #expect(!body.contains("\u{A0}"))
        #expect(article.id.count == 32)
    }

    @Test("every BBC article yields a headline and a non-empty body",
          .enabled(if: Fixtures.shared("corpus/bbc") != nil, "../shared/corpus/bbc is absent"))
    func bbcCorpus() throws {
        let root = try #require(Fixtures.shared("corpus/bbc"))
        let parser = ArticleParser()
        let normalizer = Normalizer()
        var count = 0
        for section in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
            let folder = root.appendingPathComponent(section)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for name in names where name.hasSuffix(".txt") {
                let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
                do {
                    let article = try normalizer.normalize(try parser.parse(bytes, fileName: name)).article
                    #expect(article.headline?.isEmpty == false, "\(section)/\(name)")
                    #expect(article.bodyText?.isEmpty == false, "\(section)/\(name)")
                } catch {
                    Issue.record("\(section)/\(name): \(error)")
                }
                count += 1
            }
        }
        #expect(count > 2000)
    }
}
