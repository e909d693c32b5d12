import Testing
@testable import CopydeskCore

@Suite("Normalize, deduplicate and compress stages")
struct StageCompressTests {
    @Test("compress writes the runner's stage timings into the record before encoding")
    func timings() throws {
        let context = PipelineTestSupport.context()
        let pipeline = try PipelineTestSupport.pipeline("name: p\nstages:\n  - type: parse\n  - type: normalize\n  - type: compress\n", context: context)
        var item = PipelineTestSupport.item(PipelineTestSupport.story)
        for stage in pipeline.stages.dropLast() { _ = try stage.process(&item) }
        item.timings = ["parse": 40, "normalize": 12]
        _ = try pipeline.stages.last!.process(&item)
        let payload = try PipelineTestSupport.decode(try #require(item.encoded))
        #expect(String(decoding: payload, as: UTF8.self).contains(#""timings_us":{"normalize":12,"parse":40}"#))
    }

    @Test("a stage that needs an article says which stage is misplaced", arguments: ["normalize", "deduplicate", "compress"])
    func noArticle(type: String) throws {
        let yaml = "name: p\nstages:\n  - type: parse\n  - type: normalize\n  - type: \(type)\n    name: x\(type)\n"
        let stage = try #require(try PipelineTestSupport.pipeline(yaml).stages.last)
        var item = PipelineTestSupport.item("Headline\n\nBody.")
        let error = #expect(throws: StageError.self) { try stage.process(&item) }
        #expect(error?.code == .noArticle)
        #expect(error?.stage == "x\(type)")
    }

    @Test("normalize errors are reported under the stage's name")
    func normalizeErrorName() throws {
        let stage = NormalizeStage(name: "clean", normalizer: Normalizer())
        var item = PipelineTestSupport.item("x")
        item.article = Article(headlines: [.init(value: "\u{200B}")], bodies: [.init(value: "Body.")])
        let error = #expect(throws: StageError.self) { try stage.process(&item) }
        #expect(error?.code == .noHeadline)
        #expect(error?.stage == "clean")
    }
}
