import CopydeskLog
import FoundationEssentials
import Testing
@testable import CopydeskCore

@Suite("Articles carrying NaN or an infinity")
struct NonFiniteNumberTests {
    static let values: [Double] = [.nan, .infinity, -.infinity]

    /// An article with `value` in the numeric field `field`, and finite numbers elsewhere.
    static func article(_ field: String, _ value: Double) -> Article {
        // The verdict as a record carries it (decoded, so the test does not depend on how status is typed).
        let dedup = try? JSONDecoder().decode(Article.Copydesk.Dedup.self, from: Data(#"{"status":"near_duplicate","of":"b","cluster":"b","similarity":0.9,"containment":0.95}"#.utf8))
        var copydesk = Article.Copydesk(
            pipeline: "news", dedup: dedup,
            money: [.init(text: "£5", amount: 5, currency: "GBP"), .init(text: "$2", amount: 2, currency: "USD")],
            percentages: [.init(text: "3%", value: 3)])
        switch field {
        case "copydesk.dedup.similarity": copydesk.dedup?.similarity = value
        case "copydesk.dedup.containment": copydesk.dedup?.containment = value
        case "copydesk.money[1].amount": copydesk.money[1].amount = value
        default: copydesk.percentages[0].value = value
        }
        return Article(id: "a", headlines: [.init(value: "H")], bodies: [.init(value: "Body text.")], copydesk: copydesk)
    }

    static let fields = ["copydesk.dedup.similarity", "copydesk.dedup.containment", "copydesk.money[1].amount", "copydesk.percentages[0].value"]

    @Test("the compress stage quarantines it as compress_failed, naming the field", arguments: fields, values)
    func compressStageQuarantines(field: String, value: Double) {
        let stage = CompressStage(name: "compress", compressor: RecordCompressor(dictionaries: DictionaryRegistry(directory: nil), training: nil))
        var item = PipelineTestSupport.item("unused")
        item.article = Self.article(field, value)
        #expect {
            _ = try stage.process(&item)
        } throws: { error in
            guard let e = error as? StageError else { return false }
            return e.code == .compressFailed && e.stage == "compress" && e.message.contains(field)
        }
        #expect(item.encoded == nil)
    }

    @Test("the record reader names the first non-finite number", arguments: fields, values)
    func firstNonFinite(field: String, value: Double) {
        let found = Self.article(field, value).firstNonFiniteNumber
        #expect(found?.field == field)
        #expect(found.map { $0.value.isNaN == value.isNaN && ($0.value.isNaN || $0.value == value) } == true)
    }

    @Test("jsonData() does not trap: it leaves the number out", arguments: fields, values)
    func jsonDataLeavesItOut(field: String, value: Double) throws {
        let decoded = try Article(jsonData: Self.article(field, value).jsonData())
        #expect(decoded.firstNonFiniteNumber == nil)
        #expect(decoded == Self.article(field, value).droppingNonFiniteNumbers())
    }

    @Test("a finite article passes the compress stage")
    func finitePasses() throws {
        let stage = CompressStage(name: "compress", compressor: RecordCompressor(dictionaries: DictionaryRegistry(directory: nil), training: nil))
        var item = PipelineTestSupport.item("unused")
        item.article = Self.article("copydesk.money[1].amount", 7)
        #expect(try stage.process(&item) == .next)
        #expect(item.encoded != nil)
    }
}
