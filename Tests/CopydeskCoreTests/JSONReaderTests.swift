import Foundation
import Synchronization
import Testing
@testable import CopydeskCore

@Suite("The JSON reader agrees with JSONDecoder")
struct JSONReaderTests {
    private func foundation(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    private func reader(_ text: String) -> JSONValue? {
        try? JSONReader.read(text)
    }

    static let valid = [
        "{}", "[]", " \n\t{ } \r\n", "0", "-0", "7", "-12.25E-2", "1.5e3", "1E+2", "12345678901234567890", "true", "false", "null",
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"},"f":[]}"#,
        #"["a\"b\\c\/d\b\f\n\r\t"]"#,
        #""\u00e9\u4E2D\ud83d\ude00 plain""#,
        "\"é中😀 raw\"",
        #"{"title":"Harbour reopens","body":["One.","Two."],"published":"2026-11-29T08:00:00Z","n":3.25}"#,
        #"[[[[]]],{"":""}]"#,
        "[1,]", #"{"a":1,}"#, "[1 , ] ",
    ]

    static let invalid = [
        "", "[", "{", #"{"a":}"#, "[,]", "{,}", "[1,,]", #"{"a" 1}"#, "01", "+1", ".5", "1.", "1e", "-", "NaN", "tru", "nul",
        #""abc"#, #""a\x""#, #""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, #""\u12G4""#, "{} x", "[1] [2]",
        "\"a\u{01}b\"", "\"tab\tinside\"", "{1:2}", "'single'",
    ]

    @Test("valid documents read to the same value", arguments: valid)
    func validDocuments(text: String) throws {
        let expected = try #require(foundation(text), "JSONDecoder refused \(text.debugDescription)")
        #expect(reader(text) == expected)
    }

    @Test("invalid documents are refused by both", arguments: invalid)
    func invalidDocuments(text: String) {
        #expect(foundation(text) == nil, "JSONDecoder accepted \(text.debugDescription)")
        #expect(reader(text) == nil)
    }

    @Test("a number beyond a double is refused, and the message names the byte")
    func messages() {
        #expect(reader("[1e400]") == nil)
        do {
            _ = try JSONReader.read(#"{"title": "T", "body": }"#)
            Issue.record("accepted")
        } catch {
            #expect(error.message == "a value expected at byte 23 ('}')")
        }
    }

    @Test("the depth scan skips brackets inside strings, escaped quotes and backslashes included")
    func depthScan() throws {
        let cases: [(String, Int)] = [
            (#"{"a":"[[[{{{"}"#, 1),
            (#"{"a":"x\"[[[","b":[1,[2]]}"#, 3),
            (#"["\\",["\"]"]]"#, 2),
            (#"{"long":"0123456789abcdef[[[[0123456789abcdef\"]]]]","n":{"m":{}}}"#, 3),
            ("[\"a\u{01}[\",[]]", 2),
        ]
        for (text, depth) in cases {
            let result = try Array(text.utf8).withUnsafeBufferPointer { buffer throws(StageError) in
                try JSONDepthScanner.scan(buffer, limit: 10, stage: "parse")
            }
            #expect(result.maxDepth == depth, "\(text)")
            #expect(result.firstValueEnd == text.utf8.count, "\(text)")
        }
    }

    @Test("nesting is bounded in the same pass: the bracket past the limit is named, the limit itself reads")
    func depthLimit() throws {
        let atLimit = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect(throws: Never.self) { _ = try JSONReader.read(atLimit, maxDepth: 10) }
        let past = "{\"a\":" + String(repeating: "[", count: 10) + String(repeating: "]", count: 10) + "}"
        do {
            _ = try JSONReader.read(past, maxDepth: 10)
            Issue.record("accepted")
        } catch {
            #expect(error.tooDeep == 14)  // the eleventh level ({ and ten [) opens at byte 14
        }
    }

    @Test("512 levels, JSONDecoder's own ceiling, read on a Dispatch worker thread's stack; deeper is refused whatever max_json_depth allows")
    func readerCeiling() {
        func onWorker(_ depth: Int) -> Result<JSONValue, JSONReader.Failure> {
            let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let done = DispatchSemaphore(value: 0)
            let result = Mutex<Result<JSONValue, JSONReader.Failure>?>(nil)
            DispatchQueue.global().async {
                let r = Result { () throws(JSONReader.Failure) in try JSONReader.read(text, maxDepth: 10_000) }
                result.withLock { $0 = r }
                done.signal()
            }
            done.wait()
            return result.withLock { $0! }
        }
        #expect((try? onWorker(512).get()) != nil)
        guard case .failure(let error) = onWorker(100_000) else {
            Issue.record("100,000 levels were read")
            return
        }
        #expect(error.tooDeep == nil)
        #expect(error.message.hasPrefix("nested deeper than 512 levels"))
    }

    @Test("a repeated member name keeps its last value")
    func repeatedKey() throws {
        #expect(try JSONReader.read(#"{"a":1,"a":2}"#) == .object(["a": .number(2)]))
    }

    @Test("random documents written by JSONSerialization read back as JSONDecoder reads them")
    func randomDocuments() throws {
        var seed: UInt64 = 0x1234_5678_9ABC_DEF0
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(seed >> 33) % n
        }
        let pieces = ["a", "é", "中", "😀", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{7F}", " ", "word", "\u{2028}"]
        func string() -> String { (0..<next(8)).map { _ in pieces[next(pieces.count)] }.joined() }
        func value(_ depth: Int) -> Any {
            switch next(depth > 3 ? 4 : 6) {
            case 0: return NSNull()
            case 1: return next(2) == 0
            case 2: return [0, -1, 3.5, 1e-7, 123456789, -2.5e20][next(6)]
            case 3: return string()
            case 4: return (0..<next(4)).map { _ in value(depth + 1) }
            default: return Dictionary(uniqueKeysWithValues: (0..<next(4)).map { k in ("k\(k)" + string(), value(depth + 1)) })
            }
        }
        for _ in 0..<300 {
            let data = try JSONSerialization.data(withJSONObject: [value(0)], options: [.fragmentsAllowed])
            let text = String(decoding: data, as: UTF8.self)
            let expected = try #require(foundation(text))
            #expect(reader(text) == expected, "\(text.debugDescription)")
        }
    }
}
