import FoundationEssentials
import Testing
@testable import CopydeskCore

@Suite("The article record")
struct ArticleRecordTests {
    @Test("encodes with the DESIGN §4 field names and leaves out what is absent")
    func fieldNames() throws {
        var article = Article(id: "abc", headlines: [.init(value: "H")], bodies: [.init(value: "B b")])
        article.copydesk.source = .init(path: "/drop/a.txt", drop: "/drop", bytes: 3, mtime: "2024-01-01T00:00:00Z")
        article.copydesk.dedup = .init(status: .unique)
        article.copydesk.timingsMicroseconds = ["parse": 40]
        article.copydesk.addFlag("invalid_utf8_repaired")
        let text = String(decoding: article.jsonData(), as: UTF8.self)
        #expect(text.contains(#""bodies":[{"charCount":3,"contentType":"text/plain","role":"main","value":"B b","wordCount":2}]"#))
        #expect(text.contains(#""timings_us":{"parse":40}"#))
        #expect(text.contains(#""source":{"bytes":3,"drop":"/drop","mtime":"2024-01-01T00:00:00Z","path":"/drop/a.txt"}"#))
        #expect(text.contains(#""flags":["invalid_utf8_repaired"]"#))
        #expect(!text.contains("descriptions"))
        #expect(!text.contains("people"))
        #expect(!text.contains("contentCreated"))
    }

    @Test("encoding is deterministic and round-trips")
    func roundTrip() throws {
        let article = Article(
            uri: "urn:copydesk:1", id: "1", language: "en", contentCreated: "2024-03-03",
            headlines: [.init(value: "H")], descriptions: [.init(value: "S")], bodies: [.init(value: "Body.")],
            by: "A", located: "L", slugline: "S", people: [.init(name: "P", literal: "P", rel: "mentions")],
            infoSources: [.init(name: "Wire", role: "originfeed")], altIds: [.init(role: "sha256", value: "ff")],
            copydesk: .init(pipeline: "news", dedup: .init(status: .nearDuplicate, of: "2", similarity: 0.93, cluster: "2"),
                            quotes: [.init(text: "q", speaker: "s")], timingsMicroseconds: ["b": 2, "a": 1]))
        #expect(article.jsonData() == article.jsonData())
        #expect(try Article(jsonData: article.jsonData()) == article)
    }

    @Test("a stage error becomes the quarantine report {stage, code, message, time}")
    func errorReport() {
        let error = StageError(.notText, stage: "parse", "binary")
        let text = String(decoding: error.reportJSON(at: Date(timeIntervalSince1970: 0)), as: UTF8.self)
        #expect(text == #"{"code":"not_text","message":"binary","stage":"parse","time":"1970-01-01T00:00:00Z"}"#)
    }
}
