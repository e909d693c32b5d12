import Foundation
import Testing

@Suite("Web pages and NewsML-G2 through copydesk ingest")
struct WebPageCLITests {
    static let page = """
        <html><head><title>Ferry | Courier</title>
        <script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour approves new ferry terminal","datePublished":"2025-03-04T09:30:00Z"}</script></head>
        <body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article>
        <p>The harbour authority approved a new ferry terminal on Tuesday, ending a decade of argument over where the boats should dock.</p>
        <p>Construction will begin in the spring, the authority said, and Transport Secretary Louise Haigh welcomed it.</p>
        </article><footer>All rights reserved.</footer></body></html>
        """

    static let newsML = """
        <?xml version="1.0" encoding="UTF-8"?>
        <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:wire.example:cli" version="2">
          <contentMeta><headline>Wire item through the pipeline</headline><located><name>Dover</name></located></contentMeta>
          <contentSet><inlineXML contenttype="application/nitf+xml"><nitf><body><body.content>
            <p>The wire item's first paragraph names Louise Haigh in Dover.</p>
          </body.content></body></nitf></inlineXML></contentSet>
        </newsItem>
        """

    private func record(_ name: String, _ text: String) throws -> [String: Any] {
        let tmp = TemporaryDirectory("webpage")
        let path = tmp.path + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        let result = try copydesk(["ingest", "--dry-run", path])
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(result.stdout.split(separator: "\n").first)
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test("a web page becomes a record with the article text, its metadata and its entities")
    func webPage() throws {
        let record = try record("story.html", Self.page)
        #expect((record["headlines"] as? [[String: Any]])?.first?["value"] as? String == "Harbour approves new ferry terminal")
        #expect(record["contentCreated"] as? String == "2025-03-04T09:30:00Z")
        let body = (record["bodies"] as? [[String: Any]])?.first?["value"] as? String ?? ""
        #expect(body.hasPrefix("The harbour authority approved"))
        #expect(!body.contains("Home"))
        #expect(!body.contains("All rights reserved"))
        #expect((record["people"] as? [[String: Any]])?.first?["name"] as? String == "Louise Haigh")
    }

    @Test("a NewsML-G2 item becomes a record with its guid")
    func newsMLItem() throws {
        let record = try record("item.xml", Self.newsML)
        #expect((record["headlines"] as? [[String: Any]])?.first?["value"] as? String == "Wire item through the pipeline")
        #expect((record["altIds"] as? [[String: Any]])?.contains { $0["role"] as? String == "guid" && $0["value"] as? String == "urn:newsml:wire.example:cli" } == true)
        #expect(record["located"] as? String == "Dover")
    }
}
