/// Pulls the content id and the raw-byte hash out of a record's JSON without
/// decoding all of it: `"id":"…"` at the top level and `"sha256":"…"` in
/// `copydesk.source`. Records are written by copydesk with sorted keys, so a
/// plain scan for the keys is enough; both keys are hex, never escaped.
enum RecordKeys {
    static func extract(_ json: [UInt8]) -> (id: String?, rawHash: String?) {
        (value(after: Array("\"id\":\"".utf8), in: json), value(after: Array("\"sha256\":\"".utf8), in: json, last: true))
    }

    private static func value(after key: [UInt8], in json: [UInt8], last: Bool = false) -> String? {
        guard json.count > key.count else { return nil }
        var found: Int?
        var i = 0
        let end = json.count - key.count
        while i <= end {
            if json[i] == key[0] && json[i..<(i + key.count)].elementsEqual(key) {
                found = i + key.count
                if !last { break }
            }
            i += 1
        }
        guard let start = found else { return nil }
        var j = start
        while j < json.count && json[j] != UInt8(ascii: "\"") { j += 1 }
        guard j - start >= 32 else { return nil }
        return String(decoding: json[start..<j], as: UTF8.self)
    }
}
