import Testing
@testable import CopydeskEntities

/// Short wire-style articles written by the project (not from any corpus) on
/// topics and names the tagger's training news never had, with the people,
/// organisations, places, sources and quote speakers a reader would list.
struct WireArticle: Sendable, CustomTestStringConvertible {
    var topic: String
    var headline: String
    var paragraphs: [String]
    var people: [String]
    var organisations: [String]
    var places: [String]
    var sources: [String]
    var speakers: [String]
    /// What the stage still gets wrong here, when it does (recorded as a known issue).
    var knownIssue: String? = nil

    var testDescription: String { topic }

    static let all: [WireArticle] = [
        WireArticle(
            topic: "football",
            headline: "Liverpool Beat Porto To Reach Quarter-Finals",
            paragraphs: [
                "Liverpool beat Porto 3-1 at Anfield on Wednesday to reach the quarter-finals of the Champions League.",
                "\"We played with courage from the first minute,\" Liverpool manager Arne Slot told reporters after the match.",
                "The Portuguese club had led through a penalty from Samu Aghehowa, the newspaper Record reported."
            ],
            people: ["Arne Slot", "Samu Aghehowa"], organisations: ["Liverpool", "Porto", "Record"], places: ["Anfield"],
            sources: ["Record"], speakers: ["Arne Slot"]),
        WireArticle(
            topic: "court",
            headline: "Court Blocks Merger Of Grocery Chains",
            paragraphs: [
                "A federal judge in Seattle on Monday blocked the planned merger of Kroger and Albertsons, siding with the Federal Trade Commission.",
                "\"The merger would harm shoppers and workers,\" Judge Karin Immergut wrote in her ruling, according to the Associated Press.",
                "Kroger said it was disappointed and would review its options, the business daily Financial Times reports."
            ],
            people: ["Karin Immergut"], organisations: ["Kroger", "Albertsons", "Federal Trade Commission", "Associated Press", "Financial Times"], places: ["Seattle"],
            sources: ["Associated Press", "Financial Times"], speakers: ["Karin Immergut"],
            knownIssue: "the tagger types Kroger as a place and Albertsons as MISC: no cue in the text says company"),
        WireArticle(
            topic: "markets",
            headline: "Oil Prices Climb As OPEC Extends Output Cuts",
            paragraphs: [
                "Oil prices rose on Thursday after OPEC and its allies agreed in Vienna to extend output cuts until March.",
                "\"The market remains tight and prices could rise further,\" said Amrita Sen, an analyst at the consultancy Energy Aspects.",
                "Brent crude gained 2% to $82 a barrel, the agency Bloomberg reported, citing traders in London."
            ],
            people: ["Amrita Sen"], organisations: ["OPEC", "Energy Aspects", "Bloomberg"], places: ["Vienna", "London"],
            sources: ["Bloomberg"], speakers: ["Amrita Sen"]),
        WireArticle(
            topic: "science",
            headline: "Astronomers Find Water Vapour On Distant Planet",
            paragraphs: [
                "Astronomers using the James Webb Space Telescope have found water vapour in the atmosphere of a planet orbiting a star 120 light years away.",
                "\"This is the clearest signal we have seen from a small planet,\" said Laura Kreidberg, director at the Max Planck Institute for Astronomy in Heidelberg.",
                "The findings were published in the journal Nature on Tuesday, the broadcaster Deutsche Welle reports."
            ],
            people: ["Laura Kreidberg"], organisations: ["Max Planck Institute for Astronomy", "Nature", "Deutsche Welle"], places: ["Heidelberg"],
            sources: ["Deutsche Welle"], speakers: ["Laura Kreidberg"]),
        WireArticle(
            topic: "chips",
            headline: "Chip Maker Infineon Cuts Forecast As Car Demand Slows",
            paragraphs: [
                "The German chip maker Infineon cut its sales forecast on Monday, blaming weaker demand from car makers in Europe and China.",
                "\"Customers are reducing their inventories faster than we expected,\" chief executive Jochen Hanebeck said on a call with analysts.",
                "Shares fell 4% in Frankfurt, Handelsblatt reports."
            ],
            people: ["Jochen Hanebeck"], organisations: ["Infineon", "Handelsblatt"], places: ["Europe", "China", "Frankfurt"],
            sources: ["Handelsblatt"], speakers: ["Jochen Hanebeck"]),
        WireArticle(
            topic: "court (Kenya)",
            headline: "Former Minister Jailed For Fraud In Nairobi",
            paragraphs: [
                "A court in Nairobi on Friday sentenced former finance minister Henry Rotich to seven years in prison for fraud.",
                "\"The accused abused the trust placed in him by the public,\" Justice Esther Maina said in her judgment.",
                "Rotich's lawyers plan to appeal, the newspaper Daily Nation reported."
            ],
            people: ["Henry Rotich", "Esther Maina"], organisations: ["Daily Nation"], places: ["Nairobi"],
            sources: ["Daily Nation"], speakers: ["Esther Maina"]),
        WireArticle(
            topic: "tennis",
            headline: "Djokovic Withdraws From Paris Masters With Injury",
            paragraphs: [
                "Novak Djokovic has withdrawn from the Paris Masters with a knee injury, organisers said on Sunday.",
                "\"I am sorry to miss the tournament but I need to rest,\" Djokovic wrote on social media.",
                "The Serbian will be replaced in the draw by Alexander Zverev of Germany, according to the sports daily L'Equipe."
            ],
            people: ["Novak Djokovic", "Alexander Zverev"], organisations: ["L'Equipe"], places: ["Germany"],
            sources: ["L'Equipe"], speakers: ["Novak Djokovic"]),
        WireArticle(
            topic: "central bank",
            headline: "Central Bank Holds Rates Steady Amid Weak Growth",
            paragraphs: [
                "The Bank of Japan kept interest rates unchanged on Tuesday, as expected by most economists polled by the agency Kyodo.",
                "\"We will watch the effects of wage rises on prices carefully,\" Governor Kazuo Ueda told a news conference in Tokyo.",
                "The yen weakened slightly against the dollar after the decision, the newspaper Nikkei reported."
            ],
            people: ["Kazuo Ueda"], organisations: ["Bank of Japan", "Kyodo", "Nikkei"], places: ["Tokyo"],
            sources: ["Nikkei"], speakers: ["Kazuo Ueda"]),
        WireArticle(
            topic: "pharma",
            headline: "Drug Maker Novo Nordisk Opens Factory In North Carolina",
            paragraphs: [
                "Novo Nordisk opened a new factory in Clayton, North Carolina, on Wednesday, adding 1,000 jobs.",
                "\"Demand for our medicines keeps growing,\" said Lars Fruergaard Jorgensen, the company's chief executive.",
                "The investment is worth $4 billion, the research firm Evaluate Pharma estimated."
            ],
            people: ["Lars Fruergaard Jorgensen"], organisations: ["Novo Nordisk", "Evaluate Pharma"], places: ["Clayton", "North Carolina"],
            sources: ["Evaluate Pharma"], speakers: ["Lars Fruergaard Jorgensen"],
            knownIssue: "the tagger calls Novo Nordisk a person in the body; the headline's 'Drug Maker' does not reach it"),
        WireArticle(
            topic: "weather",
            headline: "Flood Warnings Issued Across Northern Italy",
            paragraphs: [
                "Authorities in Emilia-Romagna issued flood warnings on Saturday after heavy rain swelled rivers near Bologna.",
                "\"People living near the rivers must leave their homes now,\" regional president Michele de Pascale said in a video message.",
                "More rain is expected on Sunday, the weather service Meteo Italia said, the news agency ANSA reports."
            ],
            people: ["Michele de Pascale"], organisations: ["Meteo Italia", "ANSA"], places: ["Emilia-Romagna", "Bologna"],
            sources: ["ANSA"], speakers: ["Michele de Pascale"]),
        WireArticle(
            topic: "rail deal (the issue's shapes, other text)",
            headline: "Siemens, Alstom Seal Rail Signalling Deal as Brussels Weighs Rules",
            paragraphs: [
                "Siemens and Alstom agreed on Tuesday to pool their rail signalling businesses in a deal worth 2 billion euros, as the European Commission studies new rules for the sector.",
                "\"This partnership gives Europe a champion in signalling,\" Siemens chief executive Roland Busch said in a statement, according to Reuters.",
                "\"We expect the approval process to take about a year,\" Poupart-Lafarge said, according to the newspaper Les Echos.",
                "The research firm Wood Mackenzie estimates the market for signalling equipment will grow 6% a year until 2030. Orders from Germany and France are expected to rise, Handelsblatt reports.",
                "Henri Poupart-Lafarge, Alstom's chief executive, said the companies would keep their brands."
            ],
            people: ["Roland Busch", "Henri Poupart-Lafarge"], organisations: ["Siemens", "Alstom", "European Commission", "Reuters", "Les Echos", "Wood Mackenzie", "Handelsblatt"], places: ["Europe", "Germany", "France"],
            sources: ["Reuters", "Les Echos", "Handelsblatt"], speakers: ["Roland Busch", "Henri Poupart-Lafarge"]),
    ]
}

@Suite("Wire articles nobody tuned for: names, sources and speakers")
struct WireRegressionTests {
    static let analyzer = EntityAnalyzer(model: EntityModel.embedded!)

    func missing(_ article: WireArticle) -> [String] {
        let a = Self.analyzer.analyze(ArticleText(headline: article.headline, paragraphs: article.paragraphs))
        var missing: [String] = []
        let people = Set(a.people.map(\.name)), orgs = Set(a.organisations.map(\.name)), places = Set(a.places.map(\.name))
        missing += article.people.filter { !people.contains($0) }.map { "person " + $0 }
        missing += article.organisations.filter { !orgs.contains($0) }.map { "organisation " + $0 }
        missing += article.places.filter { !places.contains($0) }.map { "place " + $0 }
        return missing
    }

    @Test("every person, organisation and place is found with its type", arguments: WireArticle.all)
    func names(_ article: WireArticle) {
        if let known = article.knownIssue {
            withKnownIssue(Comment(rawValue: known)) { #expect(missing(article) == []) }
        } else {
            #expect(missing(article) == [])
        }
    }

    @Test("sources are the outlets credited, in order, and never a person or place", arguments: WireArticle.all)
    func sources(_ article: WireArticle) {
        let a = Self.analyzer.analyze(ArticleText(headline: article.headline, paragraphs: article.paragraphs))
        #expect(a.sources.map(\.name) == article.sources)
    }

    @Test("each quote's speaker is the person the attribution names", arguments: WireArticle.all)
    func speakers(_ article: WireArticle) {
        let a = Self.analyzer.analyze(ArticleText(headline: article.headline, paragraphs: article.paragraphs))
        #expect(a.quotes.map(\.speaker) == article.speakers)
    }

    @Test("at most one false person, organisation or place in three articles")
    func falseNames() {
        var wrong: [String] = []
        for article in WireArticle.all {
            let a = Self.analyzer.analyze(ArticleText(headline: article.headline, paragraphs: article.paragraphs))
            let expected = Set(article.people.map { "PER " + $0 } + article.organisations.map { "ORG " + $0 } + article.places.map { "LOC " + $0 })
            for (type, list) in [("PER", a.people), ("ORG", a.organisations), ("LOC", a.places)] {
                wrong += list.map { type + " " + $0.name }.filter { !expected.contains($0) }.map { article.topic + ": " + $0 }
            }
        }
        #expect(wrong.count * 3 <= WireArticle.all.count, "\(wrong)")
    }

    @Test("a title-case headline gives no junk name and is never the long form of a body name")
    func headline() {
        let a = Self.analyzer.analyze(ArticleText(
            headline: "Vestas, Orsted Sign Turbine Supply Pact As Regulators Circle",
            paragraphs: ["The turbine maker Vestas and the energy group Orsted signed a supply agreement on Friday.", "Orsted said the deal covers two wind farms off Denmark."]))
        #expect(!a.people.map(\.name).contains { $0.contains("Sign") || $0.contains("Turbine") })
        #expect(a.people.isEmpty)
        #expect(Set(a.organisations.map(\.name)).isSuperset(of: ["Vestas", "Orsted"]))
    }

    @Test("an all-caps headline is read in the body's case and confirmed by it")
    func allCapsHeadline() {
        let a = Self.analyzer.analyze(ArticleText(
            headline: "UPDATE 2-SIEMENS WINS ORDER FROM DEUTSCHE BAHN",
            paragraphs: ["Siemens won an order for 30 trains from the rail operator Deutsche Bahn, the company said on Monday."]))
        #expect(Set(a.organisations.map(\.name)).isSuperset(of: ["Siemens", "Deutsche Bahn"]))
        #expect(a.people.isEmpty)
        #expect(!a.organisations.map(\.name).contains("SIEMENS"))
    }
}
