import FoundationEssentials
import Testing
@testable import CopydeskCore

@Suite("Parsing plain text")
struct ArticleParserTextTests {
    let parser = ArticleParser()
    let received = Date(timeIntervalSince1970: 1_700_000_000)

    func parse(_ text: String) throws(StageError) -> Article {
        try parser.parse(Fixtures.bytes(text), receivedAt: received)
    }

    @Test("wire page: breadcrumb becomes the slugline")
    func wireSlugline() throws {
        #expect(try parse(Fixtures.wirePage).slugline == "Business Desk")
    }

    @Test("wire page: headline, standfirst, and the repeated headline is dropped")
    func wireHeadlineAndStandfirst() throws {
        let article = try parse(Fixtures.wirePage)
        #expect(article.headline == "Harbour Town Opens ‘Floating’ Market")
        #expect(article.summary == "Mayor: “We wanted the water to work for us again”")
        #expect(article.bodyText?.contains("Floating’ Market") == false)
    }

    @Test("wire page: the dateline goes to located and infoSources")
    func wireDateline() throws {
        let article = try parse(Fixtures.wirePage)
        #expect(article.located == "Harbour Town")
        #expect(article.infoSources == [.init(name: "Copydesk Wire", role: "originfeed")])
        #expect(article.bodyText?.hasPrefix("The town opened a market") == true)
    }

    @Test("wire page: the editorial footer stays out of the body")
    func wireFooter() throws {
        let body = try #require(try parse(Fixtures.wirePage).bodyText)
        #expect(!body.contains("corrections"))
        #expect(body.hasSuffix("thirty years."))
        #expect(body.components(separatedBy: "\n\n").count == 3)
    }

    @Test("BBC shape: first line is the headline, first paragraph the standfirst, paragraphs kept")
    func bbcShape() throws {
        let article = try parse(Fixtures.bbcShape)
        #expect(article.headline == "Village bakery wins national prize")
        #expect(article.summary == "A village bakery has been named the best in the country by a panel of judges.")
        #expect(article.bodyText?.hasPrefix("A village bakery") == true)
        #expect(article.bodies.first?.wordCount == 37)
        #expect(article.versionCreated == "2023-11-14T22:13:20Z")
        #expect(article.language == "en")
    }

    @Test("byline and date paragraphs are taken out of the body")
    func bylineAndDate() throws {
        let article = try parse("""
            Council approves new bridge

            By Jane Doe and Sam Roe, Staff Writers

            Published: 3 March 2024 14:05 GMT

            LONDON, March 3 (Copydesk Wire) - The council voted on Monday to build a footbridge.
            """)
        #expect(article.by == "Jane Doe and Sam Roe")
        #expect(article.contentCreated == "2024-03-03T14:05:00Z")
        #expect(article.located == "London")
        #expect(article.copydesk.dates.contains { $0.role == "dateline" && $0.text == "March 3" })
        #expect(article.bodyText == "The council voted on Monday to build a footbridge.")
    }

    @Test("datelines in the common wire forms are recognised", arguments: [
        ("WASHINGTON (Reuters) - Lawmakers met.", "Washington", "Reuters"),
        ("NEW YORK (AP) — Markets rose.", "New York", "AP"),
        ("LONDON, March 3 - Rain fell.", "London", nil),
    ] as [(String, String, String?)])
    func datelines(paragraph: String, place: String, agency: String?) throws {
        let dateline = try #require(Dateline.parse(paragraph))
        #expect(dateline.place == place)
        #expect(dateline.agency == agency)
    }

    @Test("an ordinary first sentence with a dash is not a dateline")
    func notADateline() {
        #expect(Dateline.parse("The minister said - and repeated - that nothing had changed.") == nil)
    }

    @Test("hard-wrapped lines are joined into one paragraph")
    func hardWrapped() throws {
        let article = try parse("""
            Wrapped headline

            This paragraph was wrapped by an old mail client at around
            sixty characters so it continues on the next line.

            Second paragraph.
            """)
        #expect(article.bodyText == "This paragraph was wrapped by an old mail client at around sixty characters so it continues on the next line.\n\nSecond paragraph.")
    }

    @Test("a headline with nothing after it is refused as no_body")
    func headlineOnly() {
        do {
            _ = try parse("Only a headline\n\n")
            Issue.record("accepted an article without a body")
        } catch {
            #expect(error.code == .noBody)
        }
    }

    @Test("dates in news forms parse to ISO-8601", arguments: [
        ("2024-03-03T14:05:00Z", "2024-03-03T14:05:00Z"),
        ("2024-03-03T14:05:00.123+01:00", "2024-03-03T14:05:00+01:00"),
        ("Sun, 03 Mar 2024 14:05:00 +0000", "2024-03-03T14:05:00Z"),
        ("March 3, 2024", "2024-03-03"),
        ("Updated 2:30 pm EST, Monday 4 March 2024", "2024-03-04T14:30:00-05:00"),
    ])
    func newsDates(text: String, iso: String) {
        #expect(NewsDate.parse(text)?.iso == iso)
    }

    @Test("text that merely mentions a month is not a date", arguments: ["May we help you", "March 3 marchers gathered", "2024 was a year"])
    func notDates(text: String) {
        #expect(NewsDate.parse(text)?.iso == nil)
    }
}
