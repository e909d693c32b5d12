import Testing
@testable import CopydeskEntities

/// The article-level analysis with the built-in model, on the project's own texts.
@Suite("Article entities, sources and quotes")
struct EntityAnalyzerTests {
    let analyzer = EntityAnalyzer(model: EntityModel.embedded!)

    static let summit = ArticleText(
        headline: "Scholz and Macron meet in Berlin",
        paragraphs: [
            "German Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin on Monday, Feb. 3, 2025.",
            "Scholz said the talks were constructive. Macron did not comment, but the French president's office later issued a statement.",
            "\"We agreed to speed up the joint fighter programme and to share the costs fairly,\" Scholz told reporters, per Reuters.",
            "\"Europe must be able to defend itself without waiting for anyone,\" the French president said.",
        ],
        reference: (2025, 2, 4))

    static let windFarm = ArticleText(
        headline: "Wind developer's shares slide after write-down",
        paragraphs: [
            "Shares of the company fell 5% on Tuesday, Bloomberg reported, after it booked a charge on its U.S. projects.",
            "The company expects a charge of €400 million, according to the newspaper. Denmark reports a rise in wind output this year.",
            "\"We will keep investing in offshore wind despite the setback,\" Mads Nipper told reporters in Copenhagen.",
            "\"The market will recover in time for the next auction round,\" he said.",
            "Analysts were less sure. \"It is far too early to call a recovery here,\" the Financial Times reported, citing two people at the company.",
            "Brazilian President Luiz Inácio Lula da Silva has courted Danish investors. Lula said on Friday that Brazil wanted £60bn of new investment.",
        ],
        reference: (2025, 2, 8))

    @Test("a short name resolves to the long form and titles become roles")
    func canonicalNamesAndRoles() throws {
        let a = analyzer.analyze(Self.summit)
        let scholz = try #require(a.people.first { $0.name == "Olaf Scholz" })
        #expect(scholz.role == "Chancellor")
        #expect(scholz.literal == "Scholz")
        #expect(scholz.mentions == 4)
        let macron = try #require(a.people.first { $0.name == "Emmanuel Macron" })
        #expect(macron.role == "President")
        #expect(a.people.count == 2)
        #expect(a.places.map(\.name).contains("Berlin"))
    }

    @Test("quotes get their speakers: a name, a title that points at a person")
    func quotes() {
        let a = analyzer.analyze(Self.summit)
        #expect(a.quotes.map(\.speaker) == ["Olaf Scholz", "Emmanuel Macron"])
        #expect(a.quotes.first?.text == "We agreed to speed up the joint fighter programme and to share the costs fairly")
        #expect(a.sources.map(\.name) == ["Reuters"])
    }

    @Test("sources are organisations credited in the text; 'the newspaper' adds none and a place never is one")
    func sources() {
        let a = analyzer.analyze(Self.windFarm)
        #expect(a.sources.map(\.name) == ["Bloomberg", "Financial Times"])
        #expect(!a.sources.map(\.name).contains("Denmark"))
    }

    @Test("a pronoun speaker is the last person named; an outlet can be the speaker")
    func pronounsAndOutlets() {
        let a = analyzer.analyze(Self.windFarm)
        #expect(a.quotes.map(\.speaker) == ["Mads Nipper", "Mads Nipper", "Financial Times"])
    }

    @Test("a name with a particle stays whole and its short form resolves to it")
    func particles() throws {
        let a = analyzer.analyze(Self.windFarm)
        let lula = try #require(a.people.first { $0.name == "Luiz Inácio Lula da Silva" })
        #expect(lula.mentions == 2)
        #expect(lula.role == "President")
    }

    @Test("money, percentages and dates are read with their values")
    func amounts() {
        let a = analyzer.analyze(Self.windFarm)
        #expect(a.money.map(\.text) == ["€400 million", "£60bn"])
        #expect(a.money.map(\.currency) == ["EUR", "GBP"])
        #expect(a.money.map(\.amount) == [400_000_000, 60_000_000_000])
        #expect(a.percentages.map(\.value) == [5])
        #expect(a.dates.first { $0.text == "Tuesday" }?.value == "2025-02-04")
        #expect(a.dates.first { $0.text == "Friday" }?.value == "2025-02-07")
        let summit = analyzer.analyze(Self.summit)
        #expect(summit.dates.map(\.value) == ["2025-02-03"])
    }

    @Test("a headline name counts only when the text names it too")
    func headlineNames() {
        let a = analyzer.analyze(ArticleText(headline: "Grand Plans Unveiled For Harbour", paragraphs: ["The council met on Tuesday in Leeds."]))
        #expect(a.organisations.isEmpty)
        #expect(a.people.isEmpty)
        #expect(a.places.map(\.name) == ["Leeds"])
    }

    @Test("a repeated standfirst is read once")
    func repeatedStandfirst() {
        let first = "Mads Nipper said on Tuesday that profits fell 5%."
        let a = analyzer.analyze(ArticleText(summary: first, paragraphs: [first, "Nipper spoke in Copenhagen."]))
        #expect(a.people.first?.mentions == 2)
        #expect(a.percentages.count == 1)
    }
}

@Suite("Article entities on hostile input")
struct EntityAnalyzerLimitTests {
    @Test("a runaway article is read up to the limit and flagged, not for ever")
    func runaway() {
        let paragraph = "\"We will not stop here,\" Anna Berg told Reuters in Oslo on Monday, per the Financial Times. "
        let text = ArticleText(paragraphs: Array(repeating: String(repeating: paragraph, count: 50), count: 400))
        let a = EntityAnalyzer(model: EntityModel.embedded!, maximumTokens: 5_000).analyze(text)
        #expect(a.truncated)
        #expect(a.tokens <= 5_000)
        #expect(a.people.first?.name == "Anna Berg")
    }

    @Test("one enormous paragraph is cut by size before it is tokenised")
    func enormousParagraph() {
        let text = ArticleText(paragraphs: [String(repeating: "Oslo ", count: 2_000_000)])
        let a = EntityAnalyzer(model: EntityModel.embedded!, maximumTokens: 1_000).analyze(text)
        #expect(a.truncated)
        #expect(a.tokens <= 1_000)
    }

    @Test("text with no words, only marks and symbols, gives an empty analysis")
    func noWords() {
        let a = EntityAnalyzer(model: EntityModel.embedded!).analyze(ArticleText(paragraphs: ["\"\"\" “ ” ” ” $ % € … — – -- ,,,", String(repeating: "\"", count: 1001)]))
        #expect(a.people.isEmpty && a.organisations.isEmpty && a.places.isEmpty)
        #expect(a.quotes.isEmpty)
        #expect(!a.truncated)
    }
}

@Suite("Rules on runaway numbers")
struct RunawayNumberTests {
    @Test("long digit runs in dates, money and percentages do not overflow")
    func longDigits() {
        let digits = String(repeating: "9", count: 60)
        let text = "On Feb. \(digits), \(digits) the fund paid $\(digits) billion, up \(digits)% from \(digits)/\(digits)/\(digits) at 08:\(digits)."
        let a = EntityAnalyzer(model: EntityModel.embedded!).analyze(ArticleText(paragraphs: [text], reference: (2025, 2, 8)))
        #expect(a.tokens > 0)
    }
}

@Suite("Word lists of attribution")
struct AttributionListTests {
    @Test("reporting and speech verbs are four letters or more (the source finder skips shorter tokens without hashing them)")
    func verbLengths() {
        #expect(Attribution.reportingVerbs.union(Attribution.speechVerbs).allSatisfy { $0.utf8.count >= 4 })
    }
}

@Suite("Token checks with ASCII fast paths")
struct TokenCheckTests {
    let tokens = ["\"", "“", "”", "„", "‟", "«", "»", "'", "’", "-", "—", "...", ",", "a", "Z", "0", "9", "Ørsted", "São", "١٢", "½", "…", "$", "€", "%", "x-1",
                  "\u{00A0}", "", "ab\"", "\"\"", "«»", "日本", "™", "🙂"]

    @Test("a quotation mark is one of the marks, whatever its byte length")
    func marks() {
        for t in tokens {
            let s = t.unicodeScalars
            #expect(QuoteFinder.isMark(t) == (s.count == 1 && QuoteFinder.marks.contains(s.first!.value)), "\(t)")
        }
    }

    @Test("a wordy token has a letter or a number")
    func wordy() {
        for t in tokens {
            #expect(EntityAnalyzer.isWordy(t) == t.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }, "\(t)")
        }
    }
}
