import CopydeskEntities
import FoundationEssentials
import Testing
@testable import CopydeskCore

@Suite("The entities stage")
struct EntitiesStageTests {
    static let story = """
        Ministers back harbour plan

        Transport Secretary Louise Haigh visited Dover on Monday to back the harbour plan, the BBC reported.

        "This harbour has waited far too long for a proper crossing," Haigh told reporters.

        The plan costs £240m and would raise capacity by 15%, the council said.
        """

    @Test("a pipeline with the entities stage writes names, sources, quotes, money and percentages into the record")
    func record() throws {
        let yaml = """
            name: news
            stages:
              - type: parse
              - type: normalize
              - type: entities
              - type: compress
            """
        let pipeline = try PipelineTestSupport.pipeline(yaml)
        var item = PipelineTestSupport.item(Self.story)
        #expect(try PipelineTestSupport.run(pipeline, &item) == .next)
        let encoded = try #require(item.encoded)
        let decoded = try Article(jsonData: Data(try PipelineTestSupport.decode(encoded)))
        #expect(decoded.people == [Article.Entity(name: "Louise Haigh", literal: "Haigh", rel: "mentions", role: "Transport Secretary", mentions: 2)])
        #expect(decoded.places.map(\.name) == ["Dover"])
        #expect(decoded.infoSources == [Article.InfoSource(name: "BBC", role: "cited")])
        #expect(decoded.copydesk.quotes == [.init(text: "This harbour has waited far too long for a proper crossing", speaker: "Louise Haigh")])
        #expect(decoded.copydesk.money == [.init(text: "£240m", amount: 240_000_000, currency: "GBP")])
        #expect(decoded.copydesk.percentages == [.init(text: "15%", value: 15)])
        #expect(decoded.copydesk.dates.contains { $0.text == "Monday" && $0.role == "text" })
    }

    @Test("a model file that cannot be read or used is a bad_config naming the path")
    func badModel() throws {
        let missing = "/nonexistent/entities.model"
        #expect(throws: StageError.self) { _ = try EntitiesStageConfig(model: missing).loadModel() }
        do {
            _ = try EntitiesStageConfig(model: missing).build(name: "entities", context: PipelineTestSupport.context())
        } catch {
            #expect(error.code == .badConfig)
            #expect(error.message.contains(missing))
        }
        let garbage = FileManager.default.temporaryDirectory.appendingPathComponent("garbage-\(UInt32.random(in: 0...UInt32.max)).model")
        try Data("not a model".utf8).write(to: garbage)
        defer { try? FileManager.default.removeItem(at: garbage) }
        #expect(throws: StageError.self) { _ = try EntitiesStageConfig(model: garbage.path).loadModel() }
    }

    @Test("`model:` loads a model written by train-entities")
    func modelFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("entities-\(UInt32.random(in: 0...UInt32.max)).model")
        try Data(try #require(EntityModel.embedded).serialized()).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let model = try EntitiesStageConfig(model: url.path).loadModel()
        #expect(model.featureCount == EntityModel.embedded?.featureCount)
    }

    @Test("an unknown key in the entities stage is refused")
    func unknownKey() {
        let yaml = """
            name: news
            stages:
              - type: parse
              - type: entities
                modle: x
            """
        #expect(throws: StageError.self) { _ = try PipelineTestSupport.pipeline(yaml) }
    }

    @Test("every entity, source and quote of the real wire article comes out right",
          .enabled(if: Fixtures.shared("samples/wire-article.txt") != nil, "../shared/samples/wire-article.txt is absent"))
    func wireArticle() throws {
        let url = try #require(Fixtures.shared("samples/wire-article.txt"))
        var article = try Normalizer().normalize(try ArticleParser().parse(try [UInt8](Data(contentsOf: url)))).article
        article.applyEntities(EntityAnalyzer(model: try EntitiesStageConfig().loadModel()).analyze(article.entityText))

        #expect(article.people.map(\.name) == ["Vladimir Putin", "Xi Jinping", "Antony Blinken"])
        #expect(article.people.map(\.literal) == ["Putin", "Xi", "Blinken"])
        #expect(article.people.map(\.role) == ["President", "President", "Secretary of State"])

        let sources = ["Reuters", "AP News", "NHK World Japan", "LA Times", "Axios", "Columbia’s Center on Global Energy Policy"]
        #expect(article.infoSources.map(\.name) == sources)
        #expect(article.infoSources.allSatisfy { $0.role == "cited" })
        let organisations = Set(article.organisations.map(\.name))
        let places = Set(article.places.map(\.name))
        for source in sources {
            #expect(organisations.contains(source), "\(source) is an organisation")
            #expect(!places.contains(source), "\(source) is not a place")
        }
        for place in ["China", "Russia", "Beijing", "Ukraine", "Kharkiv", "Harbin", "Moscow", "Europe", "United States"] {
            #expect(places.contains(place), "\(place) is a place")
        }
        #expect(!places.contains("China-Russia"))
        #expect(!places.contains("Middle"))

        let quotes = article.copydesk.quotes
        #expect(quotes.map(\.speaker) == [
            "Xi Jinping", "Xi Jinping", "Vladimir Putin", "AP News", "AP News", "Xi Jinping",
            "LA Times", "LA Times", "Reuters", "Axios",
        ])
        // Each quote is the article's own words, whole (read from the sample, not written here).
        let sample = (article.summary ?? "") + "\n" + (article.bodyText ?? "")
        for quote in quotes {
            #expect(sample.contains(quote.text), "\(quote.text.prefix(40))… is the article's text")
            #expect(quote.text.split(separator: " ").count >= 4)
        }
        // The standfirst's pull quote is the first quote, kept once.
        let summary = try #require(article.summary)
        var pull = Substring(try #require(summary.split(separator: "“", maxSplits: 1).last))
        while pull.last == "”" { pull = pull.dropLast() }
        #expect(quotes[0].text == String(pull))
        #expect(quotes.filter { $0.text == String(pull) }.count == 1)
        #expect(!quotes.contains { $0.text.lowercased() == "no limits" })

        #expect(article.copydesk.money == [.init(text: "$240 billion", amount: 240_000_000_000, currency: "USD")])
        let dates = article.copydesk.dates.filter { $0.role == "text" }
        #expect(dates.contains { $0.text == "Feb. 24, 2022" && $0.value == "2022-02-24" })
        #expect(dates.contains { $0.text == "February 2022" && $0.value == "2022-02" })
        #expect(dates.contains { $0.text == "Thursday" })
        #expect(!dates.contains { $0.text == "today" })
    }
}
