import FoundationEssentials
import Testing
@testable import CopydeskCore

@Suite("Parse stage")
struct StageParseTests {
    let stage = ParseStage(name: "parse", pipeline: "news", config: ParseStageConfig())

    @Test("the article records its source, raw hash, pipeline and ingest time")
    func provenance() throws {
        var item = PipelineTestSupport.item(PipelineTestSupport.story)
        #expect(try stage.process(&item) == .next)
        let article = try #require(item.article)
        #expect(article.copydesk.source == .init(
            path: "/srv/drop/story.txt", drop: "/srv/drop", bytes: item.raw.count,
            mtime: "2026-01-01T00:00:00Z", line: nil, sha256: item.rawHash))
        #expect(article.copydesk.pipeline == "news")
        #expect(article.versionCreated == "2026-01-01T00:01:00Z")
        #expect(article.headline == "Harbour ferry returns after winter repairs")
    }

    @Test("a JSONL line item is parsed as JSON and keeps its line number")
    func jsonlLine() throws {
        var item = PipelineTestSupport.item(#"{"title": "Tide tables reprinted", "body": "The almanac was reprinted after a typo."}"#,
                                            path: "/srv/drop/feed.jsonl", format: .json, line: 7)
        _ = try stage.process(&item)
        #expect(item.article?.headline == "Tide tables reprinted")
        #expect(item.article?.copydesk.source?.line == 7)
    }

    @Test("a refused JSONL line is reported under the stage's name with its line")
    func badLine() {
        var item = PipelineTestSupport.item(#"{"title": "#, path: "/srv/drop/feed.jsonl", format: .json, line: 4)
        let named = ParseStage(name: "read", pipeline: "news", config: ParseStageConfig())
        let error = #expect(throws: StageError.self) { try named.process(&item) }
        #expect(error?.code == .badJSON)
        #expect(error?.stage == "read")
        #expect(error?.line == 4)
    }

    @Test("a JSON array of several articles is refused with multiple_articles, pointing at JSONL")
    func multipleArticles() {
        var item = PipelineTestSupport.item(#"[{"title": "A", "body": "One."}, {"title": "B", "body": "Two."}]"#, path: "/srv/drop/two.json")
        let error = #expect(throws: StageError.self) { try stage.process(&item) }
        #expect(error?.code == .multipleArticles)
        #expect(error?.message.contains("2 articles") == true)
        #expect(error?.message.contains("JSON Lines") == true)
    }

    @Test("the item's format wins over the configured one")
    func itemFormatWins() throws {
        let textOnly = ParseStage(name: "parse", pipeline: "news", config: ParseStageConfig(format: .text))
        var item = PipelineTestSupport.item(#"{"title": "Gulls return", "body": "The gulls came back."}"#, format: .json)
        _ = try textOnly.process(&item)
        #expect(item.article?.headline == "Gulls return")
    }

    @Test("the parse config decodes its keys, and language may be switched off")
    func configKeys() throws {
        let definition = try PipelineDefinition(
            yaml: "name: p\nstages:\n  - type: parse\n    format: text\n    max_json_depth: 32\n    language: null\n", file: "p.yaml")
        let config = try #require(definition.stages[0].config as? ParseStageConfig)
        #expect(config == ParseStageConfig(format: .text, maxJSONDepth: 32, language: nil))
    }
}
