import Foundation
import Testing
import CopydeskRecord

@Suite("JSON string literals")
struct JSONStringTests {
    /// Every control character, both escapes, a slash, DEL, and non-ASCII up to four bytes, at several alignments.
    static let texts: [String] = {
        var controls = ""
        for value in 0..<0x20 { controls.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
        let awkward = controls + "\"quoted\" back\\slash a/b \u{7F} £ é ’ \u{2028} \u{FEFF} 😀 e\u{301}"
        return ["", "plain", "exactly8", "sixteen bytes ok", awkward, "x" + awkward, "1234567\"", String(repeating: "long text ", count: 40) + "\n"]
    }()

    @Test("writes what JSONEncoder writes without escaping slashes", arguments: texts)
    func sameAsJSONEncoder(text: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        #expect(JSONString.quoted(text) == Array(try encoder.encode(text)))
    }

    @Test("what it writes reads back as the same string", arguments: texts)
    func roundTrip(text: String) throws {
        let read = try JSONSerialization.jsonObject(with: Data(JSONString.quoted(text)), options: [.fragmentsAllowed]) as? String
        #expect(read == text)
        let inside = Array(JSONString.quoted(text).dropFirst().dropLast())
        #expect(inside.withUnsafeBufferPointer { JSONString.unescaped($0) } == text)
    }

    @Test("appends after what the buffer holds")
    func appends() {
        var out = Array("[".utf8)
        JSONString.append("a\"b", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"["a\"b""#)
    }

    @Test("the escape scan finds each byte to escape, in order", arguments: texts)
    func escapeScan(text: String) {
        let bytes = Array(text.utf8)
        let expected = bytes.indices.filter { bytes[$0] < 0x20 || bytes[$0] == 0x22 || bytes[$0] == 0x5C }
        var found: [Int] = []
        bytes.withUnsafeBufferPointer { buffer in
            var i = JSONString.firstEscape(buffer, from: 0)
            while i < buffer.count {
                found.append(i)
                i = JSONString.firstEscape(buffer, from: i + 1)
            }
        }
        #expect(found == expected)
    }

    @Test("a lone surrogate reads as U+FFFD, a pair as its scalar, a broken escape as nil")
    func unescapeEdges() {
        func read(_ s: String) -> String? { Array(s.utf8).withUnsafeBufferPointer { JSONString.unescaped($0) } }
        #expect(read(#"\ud83d\ude00"#) == "😀")
        #expect(read(#"a\ud83db"#) == "a\u{FFFD}b")
        #expect(read(#"\u12"#) == nil)
        #expect(read(#"tail\"#) == nil)
    }
}
