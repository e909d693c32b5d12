import Testing
import CopydeskRecord

@Suite("Reading fields out of a record's JSON without parsing it")
struct RecordFieldTests {
    let record = Array(#"""
        { "bodies" : [ {"role":"main","value":"a \"quoted\" }] body \\"} ],
          "n": -1.5e3, "ok": true, "none": null,
          "headlines":[{"role":"main","value":"Caf\u00e9 \ud83d\ude00 \\ tab\t"}, {"value":"second"}],
          "copydesk":{"pipeline":"news","dedup":{"status":"unique","cluster":"c-1"}},
          "id":"story-1" }
        """#.utf8)

    @Test("a top-level string, a nested one, an array element; escapes and surrogate pairs resolved")
    func paths() {
        #expect(RecordField.string("id", in: record) == "story-1")
        #expect(RecordField.string(at: ["copydesk", "dedup", "cluster"], in: record) == "c-1")
        #expect(RecordField.string(at: ["headlines", 0, "value"], in: record) == "Café 😀 \\ tab\t")
        #expect(RecordField.string(at: ["headlines", 1, "value"], in: record) == "second")
        #expect(RecordField.string(at: ["bodies", 0, "value"], in: record) == #"a "quoted" }] body \"#)
    }

    @Test("missing paths, values that are not strings and broken JSON give nil")
    func absent() {
        #expect(RecordField.string(at: ["headlines", 2, "value"], in: record) == nil)
        #expect(RecordField.string(at: ["copydesk", "nothing"], in: record) == nil)
        #expect(RecordField.string("n", in: record) == nil)
        #expect(RecordField.string("none", in: record) == nil)
        #expect(RecordField.string("id", in: Array(#"{"id":"unterminated"#.utf8)) == nil)
        #expect(RecordField.string("id", in: Array(#"["id","x"]"#.utf8)) == nil)
        #expect(RecordField.string("id", in: []) == nil)
        // A key inside a string is not a key.
        #expect(RecordField.string("id", in: Array(#"{"text":"\"id\":\"fake\"","id":"real"}"#.utf8)) == "real")
    }

    @Test("several paths in one walk give what each path alone gives")
    func several() {
        let paths: [[RecordField.Step]] = [["versionCreated"], ["headlines", 0, "value"], ["copydesk", "pipeline"],
                                           ["copydesk", "dedup", "status"], ["copydesk", "dedup", "cluster"], ["id"], ["ok"]]
        #expect(RecordField.strings(at: paths, in: record) == paths.map { RecordField.string(at: $0, in: record) })
        #expect(RecordField.strings(at: paths, in: record) == [nil, "Café 😀 \\ tab\t", "news", "unique", "c-1", "story-1", nil])
    }
}

extension RecordFieldTests {
    @Test("several paths past empty and nested containers in any key order")
    func containers() {
        let json = Array(#"{"a":{},"b":[],"c":{"x":{"y":"1"},"z":"2"},"d":[[],{"k":"v"},"3"],"e":"4"}"#.utf8)
        let paths: [[RecordField.Step]] = [["c", "x", "y"], ["c", "z"], ["d", 1, "k"], ["d", 2], ["e"]]
        #expect(RecordField.strings(at: paths, in: json) == ["1", "2", "v", "3", "4"])
    }
}

extension RecordFieldTests {
    @Test("each element of an array is visited in order, with its index")
    func each() {
        var seen: [String] = []
        RecordField.visit([["headlines", .each, "value"], ["headlines", .each, "role"]], in: record) { path, element, value in
            seen.append("\(element).\(path)=\(value)")
        }
        #expect(seen == ["0.1=main", "0.0=Café 😀 \\ tab\t", "1.0=second"])
    }

    @Test("a path through .each gives its first string in strings(at:)")
    func eachFirst() {
        #expect(RecordField.strings(at: [["headlines", .each, "value"], ["id"]], in: record) == ["Café 😀 \\ tab\t", "story-1"])
    }

    @Test("visit says whether the bytes are one well-formed object", arguments: [
        (#"{"a":[1,{"b":"c"}]}"#, true), (" {} \n", true), (#"{"a":"b"} x"#, false), (#"{"a":"b""#, false),
        (#"["a"]"#, false), ("", false), ("not json", false), (#"{"a":{"b":"c"}"#, false),
    ])
    func structure(text: String, isObject: Bool) {
        #expect(RecordField.visit([], in: Array(text.utf8)) { _, _, _ in } == isObject)
    }

    @Test("a key written with escapes matches its plain spelling")
    func escapedKey() {
        #expect(RecordField.string("id", in: Array(#"{"\u0069d":"x"}"#.utf8)) == "x")
    }
}
