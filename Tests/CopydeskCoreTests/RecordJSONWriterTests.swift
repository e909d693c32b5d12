import FoundationEssentials
import Testing
@testable import CopydeskCore

@Suite("The record JSON writer")
struct RecordJSONWriterTests {
    /// Every control character, both escapes, a slash, DEL, and non-ASCII up to four bytes.
    static let awkward: String = {
        var text = ""
        for value in 0..<0x20 { text.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
        return text + "\"quoted\" back\\slash a/b \u{7F} £ é ’ \u{2028} \u{FEFF} 😀 e\u{301}"
    }()

    static let fixtures: [Article] = [
        Article(),
        Article(id: "abc", headlines: [.init(value: "H")], bodies: [.init(value: "B b")]),
        Article(
            uri: "urn:copydesk:1", id: "1", language: "en", versionCreated: "2024-03-03T00:00:00Z", contentCreated: "2024-03-03",
            headlines: [.init(value: "H"), .init(role: "sub", value: "Sub")], descriptions: [.init(value: "S")],
            bodies: [.init(value: "Body.\n\nMore.")], by: "A", located: "L", slugline: "S",
            people: [.init(name: "P", literal: "P", rel: "mentions", uri: "u")], organisations: [.init(name: "O")],
            places: [.init(name: "Pl", rel: "about")],
            infoSources: [.init(name: "Wire", role: "originfeed", uri: "https://wire.example/a")],
            altIds: [.init(role: "sha256", value: "ff"), .init(role: "url", value: "https://a.example/x?y=1&z=2")],
            copydesk: .init(
                source: .init(path: "/drop/a.txt", drop: "/drop", bytes: 3, mtime: "2024-01-01T00:00:00Z", line: 7, sha256: "00"),
                pipeline: "news", dedup: .init(status: .nearDuplicate, of: "2", similarity: 0.93, cluster: "2"),
                quotes: [.init(text: "q", speaker: "s"), .init(text: "unattributed")],
                money: [.init(text: "£5bn", amount: 5e9, currency: "GBP"), .init(text: "a few quid")],
                dates: [.init(text: "March 3", value: nil, role: "dateline"), .init(text: "2024-03-03", value: "2024-03-03")],
                timingsMicroseconds: ["parse": 40, "normalize": 12, "Z": 0, "é": 3, "a b": -1, "ab": 7],
                flags: ["invalid_utf8_repaired", "decoded_as_windows_1252"])),
        Article(
            uri: awkward, id: awkward, type: awkward, language: awkward, headlines: [.init(role: awkward, value: awkward)],
            descriptions: [.init(value: awkward)], bodies: [.init(value: awkward)], by: awkward,
            people: [.init(name: awkward, literal: "")], altIds: [.init(role: "", value: "")],
            copydesk: .init(source: .init(path: awkward), pipeline: "", timingsMicroseconds: [awkward: Int.max, "": Int.min], flags: [awkward, ""])),
    ]

    @Test("writes exactly the bytes JSONEncoder writes", arguments: fixtures.indices)
    func sameBytes(index: Int) throws {
        let article = Self.fixtures[index]
        let written = article.jsonBytes()
        let reference = Array(try article.foundationJSONData())
        // Compared as bytes: String equality would forgive a change of normalisation form.
        let identical = written == reference
        #expect(identical, "\(String(decoding: written, as: UTF8.self))\n\(String(decoding: reference, as: UTF8.self))")
    }

    @Test("what it writes decodes to the same article", arguments: fixtures.indices)
    func roundTrip(index: Int) throws {
        let article = Self.fixtures[index]
        #expect(try Article(jsonData: article.jsonData()) == article)
    }

    @Test("numbers are written as JSONEncoder writes them", arguments: [
        1.0, 0.5, -0.0, 1e21, 1e-7, 123_456_789.125, 1e16, 0.1 + 0.2, .leastNonzeroMagnitude, 1.797_693_134_862_315_7e308, 100, 1e15, -2.5,
    ])
    func doubles(value: Double) throws {
        let article = Article(copydesk: .init(dedup: .init(status: .unique, similarity: value), money: [.init(text: "t", amount: value)]))
        #expect(article.jsonBytes() == Array(try article.foundationJSONData()))
    }

    @Test("the writer refuses a non-finite number, as JSONEncoder does", arguments: [Double.infinity, -.infinity, .nan])
    func nonFinite(value: Double) {
        #expect(RecordJSONWriter.encode(Article(copydesk: .init(dedup: .init(status: .unique, similarity: value)))) == nil)
        #expect(RecordJSONWriter.encode(Article(copydesk: .init(money: [.init(text: "t", amount: value)]))) == nil)
    }

    @Test("parsed and normalised fixtures encode identically", arguments: [Fixtures.wirePage, Fixtures.bbcShape])
    func pipelineArticles(text: String) throws {
        let parsed = try ArticleParser().parse(Fixtures.bytes(text), fileName: "a.txt", receivedAt: Date(timeIntervalSince1970: 1_700_000_000))
        let article = try Normalizer().normalize(parsed).article
        #expect(article.jsonBytes() == Array(try article.foundationJSONData()))
    }
}
