import FoundationEssentials
import Testing
@testable import CopydeskCore

/// NewsML-G2 items written for these tests.
enum NewsMLFixtures {
    static let nitfItem = """
        <?xml version="1.0" encoding="UTF-8"?>
        <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:wire.example:20250304:harbour" version="3"
                  standard="NewsML-G2" standardversion="2.29" xml:lang="en">
          <catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml"/>
          <itemMeta>
            <itemClass qcode="ninat:text"/>
            <provider qcode="nprov:WIRE"/>
            <versionCreated>2025-03-04T10:15:00Z</versionCreated>
            <firstCreated>2025-03-04T09:00:00Z</firstCreated>
          </itemMeta>
          <contentMeta>
            <contentCreated>2025-03-04T09:05:00Z</contentCreated>
            <located qcode="city:dover"><name>Dover</name></located>
            <creator role="crol:author"><name>Ann Writer</name></creator>
            <infoSource role="cRole:source" literal="Wire Example"/>
            <language tag="en-GB"/>
            <subject type="cpnat:abstract" qcode="medtop:20000756"><name>maritime transport</name></subject>
            <slugline>BRITAIN-FERRY/</slugline>
            <headline>Harbour approves new ferry terminal</headline>
            <description role="drol:summary">A decade of argument ends with a vote.</description>
            <dateline>DOVER, March 4</dateline>
          </contentMeta>
          <contentSet>
            <inlineXML contenttype="application/nitf+xml">
              <nitf xmlns="http://iptc.org/std/NITF/2006-10-18/">
                <body><body.head><hedline><hl1>Harbour approves new ferry terminal</hl1></hedline></body.head>
                <body.content>
                  <p>The harbour authority approved a new ferry terminal on Tuesday.</p>
                  <p>Construction will begin in the spring, the authority said.</p>
                </body.content></body>
              </nitf>
            </inlineXML>
          </contentSet>
        </newsItem>
        """

    static let message = """
        <?xml version="1.0" encoding="UTF-8"?>
        <newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
          <header><sent>2025-03-04T10:20:00Z</sent></header>
          <itemSet>
            <newsItem guid="urn:newsml:wire.example:1" version="1">
              <contentMeta><headline>First story</headline></contentMeta>
              <contentSet><inlineXML contenttype="application/xhtml+xml">
                <html xmlns="http://www.w3.org/1999/xhtml"><head><title>First story</title></head>
                <body><p>One paragraph of the first story.</p><p>And a second one.</p></body></html>
              </inlineXML></contentSet>
            </newsItem>
            <newsItem guid="urn:newsml:wire.example:2" version="1">
              <contentMeta><headline>Second story</headline></contentMeta>
              <contentSet><inlineData contenttype="text/plain">Plain text first paragraph.

        Plain text second paragraph.</inlineData></contentSet>
            </newsItem>
            <newsItem guid="urn:newsml:wire.example:3" version="1">
              <contentMeta><headline>No body here</headline></contentMeta>
            </newsItem>
          </itemSet>
        </newsMessage>
        """
}

@Suite("NewsML-G2 in the parse stage")
struct NewsMLParseTests {
    @Test("a newsItem with an NITF body gives guid, version, headline, located, creator, source, subject, language, dates and body")
    func nitf() throws {
        let article = try ArticleParser().parse(Array(NewsMLFixtures.nitfItem.utf8), fileName: "item.xml")
        #expect(article.headline == "Harbour approves new ferry terminal")
        #expect(article.summary == "A decade of argument ends with a vote.")
        #expect(article.bodyText == "The harbour authority approved a new ferry terminal on Tuesday.\n\nConstruction will begin in the spring, the authority said.")
        #expect(article.altIds.contains(.init(role: "guid", value: "urn:newsml:wire.example:20250304:harbour")))
        #expect(article.altIds.contains(.init(role: "version", value: "3")))
        #expect(article.located == "Dover")
        #expect(article.by == "Ann Writer")
        #expect(article.infoSources == [.init(name: "Wire Example", role: "cRole:source")])
        #expect(article.subjects == [.init(name: "maritime transport", uri: "medtop:20000756")])
        #expect(article.language == "en-GB")
        #expect(article.slugline == "BRITAIN-FERRY/")
        #expect(article.contentCreated == "2025-03-04T09:05:00Z")
        #expect(article.copydesk.dates.contains { $0.role == "dateline" && $0.text == "DOVER, March 4" })
    }

    @Test("a newsMessage gives one article per item, XHTML and plain bodies, and refuses an item without a body on its own")
    func message() throws {
        let records = try ArticleParser().parseAll(Array(NewsMLFixtures.message.utf8))
        #expect(records.count == 3)
        let first = try records[0].result.get(), second = try records[1].result.get()
        #expect(first.bodyText == "One paragraph of the first story.\n\nAnd a second one.")
        #expect(second.bodyText == "Plain text first paragraph.\n\nPlain text second paragraph.")
        #expect(throws: StageError.self) { try records[2].result.get() }
    }

    @Test("the subjects survive the record round trip")
    func record() throws {
        var article = try ArticleParser().parse(Array(NewsMLFixtures.nitfItem.utf8))
        article = try Normalizer().normalize(article).article
        let decoded = try Article(jsonData: article.jsonData())
        #expect(decoded.subjects == article.subjects)
        #expect(!decoded.subjects.isEmpty)
    }

    @Test("entity expansion and nesting bombs are refused or read without expanding", arguments: [
        """
        <?xml version="1.0"?><!DOCTYPE newsItem [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
        <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
        <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>
        <newsItem guid="x"><contentMeta><headline>&h;</headline></contentMeta><contentSet><inlineData>&h;&h;</inlineData></contentSet></newsItem>
        """,
        "<newsItem guid=\"deep\">" + String(repeating: "<a>", count: 100_000) + "</newsItem>",
        "<newsItem guid=\"broken\"><contentMeta><headline>Unclosed",
    ])
    func hostile(xml: String) {
        do {
            let records = try ArticleParser().parseAll(Array(xml.utf8))
            for record in records {
                if case .success(let article) = record.result { #expect((article.headline?.utf8.count ?? 0) < 1_000_000) }
            }
        } catch {
            #expect([.notArticle, .noHeadline, .noBody].contains(error.code), "\(error)")
        }
    }
}
