import Foundation
import Testing
@testable import CopydeskSinks

@Suite("Replay filters read the record's fields")
struct ReplayFilterTests {
    static let record = Array(#"""
        {"copydesk":{"dedup":{"status":"near_duplicate"},"pipeline":"wires"},"id":"a",
         "organisations":[{"name":"Reuters"}],"people":[{"name":"Xi Jinping","literal":"Xi"}],"places":[{"name":"Beijing"}]}
        """#.utf8)

    static func filter(_ expressions: String...) throws -> ReplayFilter {
        var filter = ReplayFilter()
        for e in expressions { try filter.add(e) }
        return filter
    }

    @Test("each filter keeps or drops the record as its field says", arguments: [
        ("pipeline=wires", true), ("pipeline=news", false), ("pipeline=news,wires", true),
        ("dedup=near_duplicate", true), ("dedup=unique", false), ("dedup!=near_duplicate", false), ("dedup!=duplicate", true),
        ("entity=reuters", true), ("entity=XI JINPING", true), ("entity=Beijing", true), ("entity=Xi", false),
    ])
    func single(expression: String, kept: Bool) throws {
        #expect(try Self.filter(expression).accepts(Self.record) == kept)
    }

    @Test("filters combine: every one must pass")
    func combined() throws {
        #expect(try Self.filter("pipeline=wires", "entity=beijing").accepts(Self.record))
        #expect(try !Self.filter("pipeline=wires", "dedup=unique").accepts(Self.record))
    }

    @Test("a record without the field has the empty value: dedup!= keeps it, dedup= drops it")
    func missingField() throws {
        let bare = Array(#"{"id":"a"}"#.utf8)
        #expect(try Self.filter("dedup!=duplicate").accepts(bare))
        #expect(try !Self.filter("dedup=unique").accepts(bare))
    }

    @Test("a payload that is not a JSON object passes no filter, and every payload passes no filter at all")
    func notAnObject() throws {
        for payload in ["not json", #"["a"]"#, #"{"copydesk":"#, ""] {
            #expect(try !Self.filter("dedup!=duplicate").accepts(Array(payload.utf8)), "\(payload)")
            #expect(ReplayFilter().accepts(Array(payload.utf8)))
        }
    }

    @Test("on records written by JSONSerialization the filter agrees with a JSONSerialization reading", arguments: [
        ("news", "unique"), ("wires", "duplicate"), ("news", nil), (nil, "near_duplicate"),
    ] as [(String?, String?)])
    func agreesWithFoundation(pipeline: String?, status: String?) throws {
        var copydesk: [String: Any] = [:]
        if let pipeline { copydesk["pipeline"] = pipeline }
        if let status { copydesk["dedup"] = ["status": status, "of": "x"] }
        let json = Array(try JSONSerialization.data(withJSONObject: ["copydesk": copydesk, "people": [["name": "Ada"]]], options: [.prettyPrinted]))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        let section = object["copydesk"] as? [String: Any]
        let read = (pipeline: section?["pipeline"] as? String ?? "", status: (section?["dedup"] as? [String: Any])?["status"] as? String ?? "")
        let expected = ["dedup=unique": read.status == "unique", "dedup!=duplicate": read.status != "duplicate",
                        "pipeline=news": read.pipeline == "news", "entity=ada": true, "entity=bob": false]
        for (expression, kept) in expected {
            #expect(try Self.filter(expression).accepts(json) == kept, "\(expression)")
        }
    }
}
