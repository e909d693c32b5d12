import Foundation
import Testing
import CopydeskRecord

/// Random JSON objects and the string at every path in them, as JSONSerialization reads them.
enum RandomRecords {
    /// A small deterministic generator (SplitMix64).
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// Awkward pieces strings are made of: escapes, quotes that look like keys, brackets, non-ASCII.
    static let pieces = ["a", "id", "\"", "\\", "\"id\":", "}", "]", "[{", "\n", "\t", "\u{1}", "\u{1F}", "/", "é", "😀", "\u{2028}", " ", ",", ":"]

    static func string(_ g: inout Generator) -> String {
        (0..<g.below(6)).map { _ in pieces[g.below(pieces.count)] }.joined()
    }

    static func value(_ g: inout Generator, depth: Int) -> Any {
        switch depth > 3 ? g.below(4) : g.below(7) {
        case 0: return string(&g)
        case 1: return Double(g.below(2000)) / 8 - 100
        case 2: return g.below(2) == 0
        case 3: return NSNull()
        case 4, 5: return object(&g, depth: depth + 1)
        default: return (0..<g.below(4)).map { _ in value(&g, depth: depth + 1) }
        }
    }

    static func object(_ g: inout Generator, depth: Int) -> [String: Any] {
        var out: [String: Any] = [:]
        for _ in 0..<g.below(5) { out[string(&g)] = value(&g, depth: depth) }
        return out
    }

    /// Every path in `value` that ends at a string, with the string.
    static func leaves(_ value: Any, _ path: RecordField.Path = []) -> [(RecordField.Path, String)] {
        switch value {
        case let s as String: return [(path, s)]
        case let o as [String: Any]: return o.flatMap { leaves($0.value, path + [.key(Array($0.key.utf8))]) }
        case let a as [Any]: return a.enumerated().flatMap { leaves($0.element, path + [.index($0.offset)]) }
        default: return []
        }
    }
}

@Suite("The record reader against JSONSerialization")
struct RecordFieldReferenceTests {
    @Test("on random objects every string reads as JSONSerialization reads it, one path at a time and all at once",
          arguments: [false, true])
    func randomRecords(pretty: Bool) throws {
        var g = RandomRecords.Generator(state: pretty ? 7 : 11)
        for _ in 0..<300 {
            let object = RandomRecords.object(&g, depth: 0)
            let options: JSONSerialization.WritingOptions = pretty ? [.prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
            let json = Array(try JSONSerialization.data(withJSONObject: object, options: options))
            // Reference: what JSONSerialization reads back (it may write keys in any order).
            let reread = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
            let leaves = RandomRecords.leaves(reread)
            for (path, expected) in leaves {
                #expect(RecordField.string(at: path, in: json) == expected, "\(String(decoding: json, as: UTF8.self))")
            }
            #expect(RecordField.strings(at: leaves.map(\.0), in: json) == leaves.map(\.1))
            #expect(RecordField.visit([], in: json) { _, _, _ in })
        }
    }

    @Test("paths that do not end at a string read as nil, as in JSONSerialization's tree")
    func randomMisses() throws {
        var g = RandomRecords.Generator(state: 3)
        for _ in 0..<200 {
            let object = RandomRecords.object(&g, depth: 0)
            let json = Array(try JSONSerialization.data(withJSONObject: object))
            let strings = Set(RandomRecords.leaves(object).map { "\($0.0)" })
            for key in object.keys where !strings.contains("\([RecordField.Step.key(Array(key.utf8))])") {
                #expect(RecordField.string(key, in: json) == nil)
            }
            #expect(RecordField.string(at: ["no such key"], in: json) == nil)
            #expect(RecordField.string(at: [0], in: json) == nil)
        }
    }

    @Test("a fixed ninjs record reads as JSONSerialization reads it")
    func fixedRecord() throws {
        let json = Array(#"""
            {"altIds":[{"role":"sha256","value":"ab"}],"bodies":[{"charCount":3,"contentType":"text/plain","role":"summary","value":"S"},{"role":"main","value":"Line one.\n\nLine \"two\" \\ \u0001."}],"copydesk":{"dedup":{"cluster":"cc","of":"oo","similarity":0.93,"status":"near_duplicate"},"pipeline":"news","source":{"bytes":9,"path":"/drop/a b.txt","sha256":"ff00"},"timings_us":{"parse":40}},"headlines":[{"role":"main","value":"Café 😀"}],"id":"0123","people":[{"name":"Xi Jinping","rel":"mentions"}],"uri":"urn:copydesk:0123","versionCreated":"2026-01-01T00:00:00Z"}
            """#.utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        for (path, expected) in RandomRecords.leaves(object) {
            #expect(RecordField.string(at: path, in: json) == expected)
        }
        let schema = [RecordSchema.id, RecordSchema.uri, RecordSchema.headline, RecordSchema.pipeline, RecordSchema.dedupStatus,
                      RecordSchema.dedupCluster, RecordSchema.dedupOf, RecordSchema.sourceSHA256, RecordSchema.sourcePath,
                      RecordSchema.versionCreated, RecordSchema.language]
        #expect(RecordField.strings(at: schema, in: json) == ["0123", "urn:copydesk:0123", "Café 😀", "news", RecordSchema.nearDuplicate,
                                                              "cc", "oo", "ff00", "/drop/a b.txt", "2026-01-01T00:00:00Z", nil])
        var bodies: [Int: [String]] = [:]
        RecordField.visit([RecordSchema.bodyRole, RecordSchema.bodyValue], in: json) { _, element, value in bodies[element, default: []].append(value) }
        #expect(bodies == [0: ["summary", "S"], 1: ["main", "Line one.\n\nLine \"two\" \\ \u{1}."]])
    }
}
