import FoundationEssentials
import Testing
@testable import CopydeskCore

@Suite("Parsing JSON and JSONL")
struct ArticleParserJSONTests {
    let parser = ArticleParser()

    func code(of body: () throws(StageError) -> Void) -> StageError.Code? {
        do {
            try body()
            return nil
        } catch {
            return error.code
        }
    }

    @Test("a ninjs object maps headline, summary, body, byline and dates")
    func ninjs() throws {
        let json = """
            {"uri": "https://example.test/a/1", "headlines": [{"role": "main", "value": "Ninjs headline"}],
             "descriptions": [{"role": "summary", "value": "The summary."}],
             "bodies": [{"role": "main", "contentType": "text/plain", "value": "Para one.\\n\\nPara two."}],
             "by": "Ann Writer", "located": "Paris", "contentCreated": "2024-05-01T08:00:00Z", "language": "fr"}
            """
        let article = try parser.parse(Fixtures.bytes(json))
        #expect(article.headline == "Ninjs headline")
        #expect(article.summary == "The summary.")
        #expect(article.bodyText == "Para one.\n\nPara two.")
        #expect(article.by == "Ann Writer")
        #expect(article.located == "Paris")
        #expect(article.language == "fr")
        #expect(article.contentCreated == "2024-05-01T08:00:00Z")
        #expect(article.altIds.contains(.init(role: "url", value: "https://example.test/a/1")))
    }

    @Test("a plain scraper object maps title, content, url, published, author and source")
    func plainObject() throws {
        let json = """
            {"title": "Plain title", "content": "<p>First &amp; foremost.</p><p>Second.</p>", "url": "https://example.test/p",
             "published": "Tue, 05 Mar 2024 10:00:00 GMT", "author": ["A. One", "B. Two"], "source": {"name": "Example News"}}
            """
        let article = try parser.parse(Fixtures.bytes(json))
        #expect(article.headline == "Plain title")
        #expect(article.bodyText == "First & foremost.\n\nSecond.")
        #expect(article.contentCreated == "2024-03-05T10:00:00Z")
        #expect(article.by == "A. One, B. Two")
        #expect(article.infoSources == [.init(name: "Example News", role: "publisher")])
    }

    @Test("JSON nested 200,000 deep is refused as too_deep without crashing")
    func deeplyNested() {
        let hostile = Array(repeating: UInt8(ascii: "["), count: 200_000)
        #expect(code { () throws(StageError) in _ = try parser.parseAll(hostile) } == .tooDeep)
        let objects = Array(String(repeating: "{\"a\":", count: 200_000).utf8)
        #expect(code { () throws(StageError) in _ = try parser.parseAll(objects, fileName: "x.json") } == .tooDeep)
    }

    @Test("nesting within the limit is accepted")
    func nestingWithinLimit() throws {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let json = "{\"title\": \"T\", \"body\": \"B\", \"extra\": \(deep)}"
        #expect(try parser.parse(Fixtures.bytes(json)).headline == "T")
    }

    @Test("malformed JSON is refused as bad_json")
    func malformed() {
        #expect(code { () throws(StageError) in _ = try parser.parse(Fixtures.bytes("{\"title\": \"T\", \"body\": }")) } == .badJSON)
    }

    @Test("a JSON object without a body is refused as no_body")
    func noBody() {
        #expect(code { () throws(StageError) in _ = try parser.parse(Fixtures.bytes("{\"title\": \"T\"}")) } == .noBody)
    }

    @Test("JSONL gives one result per line with 1-based line numbers, bad lines kept as errors")
    func jsonlWithBadLines() throws {
        let jsonl = """
            {"title": "One", "body": "First body."}
            {"title": "Two", "body": 
            not json at all

            {"title": "Four"}
            \(String(repeating: "[", count: 300))
            {"title": "Six", "text": "Sixth body."}
            """
        let records = try parser.parseAll(Fixtures.bytes(jsonl), fileName: "feed.jsonl")
        #expect(records.map(\.line) == [1, 2, 3, 5, 6, 7])
        let codes = records.map { record -> String in
            switch record.result {
            case .success: "ok"
            case .failure(let error): error.code.rawValue
            }
        }
        #expect(codes == ["ok", "bad_json", "bad_json", "no_body", "too_deep", "ok"])
        #expect(try records[5].result.get().bodyText == "Sixth body.")
        if case .failure(let error) = records[1].result { #expect(error.line == 2) }
    }

    @Test("JSONL is detected without its file extension")
    func jsonlDetected() throws {
        let jsonl = "{\"title\": \"A\", \"body\": \"a\"}\n{\"title\": \"B\", \"body\": \"b\"}\n"
        #expect(try parser.parseAll(Fixtures.bytes(jsonl)).count == 2)
    }

    @Test("the format option overrides detection")
    func formatOption() throws {
        let text = ArticleParser(options: .init(format: .text))
        let article = try text.parse(Fixtures.bytes("{not json headline}\n\nbody text here"))
        #expect(article.headline == "{not json headline}")
    }

    @Test("a JSON array gives one record per element")
    func jsonArray() throws {
        let json = "[{\"title\": \"A\", \"body\": \"a\"}, 7]"
        let records = try parser.parseAll(Fixtures.bytes(json))
        #expect(records.count == 2)
        #expect(throws: StageError.self) { try records[1].result.get() }
    }
}

@Suite("Parser regressions found by fuzzing")
struct FuzzRegressionTests {
    @Test("a date with a time part of many digits is read without overflowing", arguments: [
        "2024-05-01T08:066666666666666666666660:00Z",
        "08:1234567890123456789012345678901234567890",
        "May 99999999999999999999999999, 2024",
    ])
    func longDigits(date: String) throws {
        let json = "{\"title\": \"T\", \"body\": \"Some words here.\", \"contentCreated\": \"\(date)\"}"
        let article = try ArticleParser().parse(Array(json.utf8))
        #expect(article.headline == "T")
    }
}
