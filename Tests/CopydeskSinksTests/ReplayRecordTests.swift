import Testing
@testable import CopydeskSinks

@Suite("Replay records")
struct ReplayRecordTests {
    @Test("the offset is spliced in first; a payload that is not a one-line JSON object is wrapped")
    func jsonLine() {
        let r = ReplayRecord(offset: 42, timestamp: 0, payload: Array(#"{"id":"a","x":1}"#.utf8))
        #expect(String(decoding: r.jsonLine, as: UTF8.self) == #"{"offset":42,"id":"a","x":1}"#)
        let empty = ReplayRecord(offset: 1, timestamp: 0, payload: Array("{}".utf8))
        #expect(String(decoding: empty.jsonLine, as: UTF8.self) == #"{"offset":1}"#)
        let text = ReplayRecord(offset: 2, timestamp: 0, payload: Array("plain \"text\"\n".utf8))
        #expect(String(decoding: text.jsonLine, as: UTF8.self) == #"{"offset":2,"raw":"plain \"text\"\n"}"#)
    }
}
