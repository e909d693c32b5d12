import CopydeskCore
import Foundation
import Testing
@testable import CopydeskDaemon

@Suite("Splitting a dropped file into items: one per file, or one per line of JSON Lines")
struct SplitTests {
    private func split(_ text: String, path: String) -> [PipelineItem] {
        let bytes = Array(text.utf8)
        return Runtime.split(bytes, path: path, source: ItemSource(path: path, bytes: bytes.count), received: Date())
    }

    @Test("a .jsonl file gives one item per non-blank line, numbered from 1, without its CR or LF")
    func lines() {
        let items = split("{\"a\":1}\r\n\n  \t \n{\"b\":2}\n{\"c\":3}", path: "/drop/x.jsonl")
        #expect(items.map { String(decoding: $0.raw, as: UTF8.self) } == ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"])
        #expect(items.map(\.source.line) == [1, 4, 5])
        #expect(items.allSatisfy { $0.format == .json })
        #expect(items[0].rawHash == SHA256.hash(Array("{\"a\":1}".utf8)).hex)
    }

    @Test("a final newline, an empty file and a file of blank lines add no item")
    func blanks() {
        #expect(split("{\"a\":1}\n", path: "/drop/x.ndjson").count == 1)
        #expect(split("", path: "/drop/x.jsonl").isEmpty)
        #expect(split("\n\r\n \n", path: "/drop/x.jsonl").isEmpty)
    }

    @Test("any other file is one item of its whole bytes, its format left to detection")
    func wholeFile() {
        let items = split("Headline\n\nBody one.\n\nBody two.\n", path: "/drop/a.txt")
        #expect(items.count == 1)
        #expect(items[0].raw == Array("Headline\n\nBody one.\n\nBody two.\n".utf8))
        #expect(items[0].source.line == nil)
        #expect(items[0].format == .auto)
    }
}
