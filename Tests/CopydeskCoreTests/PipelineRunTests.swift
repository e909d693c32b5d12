import CopydeskLog
import Dispatch
import Foundation
import Synchronization
import Testing
@testable import CopydeskCore

@Suite("Running built pipelines")
struct PipelineRunTests {
    @Test("parse, normalize, deduplicate and compress turn a file into a record that decodes back to the article")
    func fullPipeline() throws {
        let pipeline = try PipelineDefinition(yaml: BuiltInPipelines.news, file: BuiltInPipelines.file)
            .build(context: PipelineTestSupport.context())
        var item = PipelineTestSupport.item(PipelineTestSupport.story)
        #expect(try PipelineTestSupport.run(pipeline, &item) == .next)

        let article = try #require(item.article)
        let encoded = try #require(item.encoded)
        let payload = try PipelineTestSupport.decode(encoded)
        #expect(payload == [UInt8](article.jsonData()))
        let decoded = try Article(jsonData: Data(payload))
        #expect(decoded.headline == "Harbour ferry returns after winter repairs")
        #expect(decoded.bodyText?.contains("Follow us on Twitter") == false)
        #expect(decoded.id.count == 32)
        #expect(decoded.uri == "urn:copydesk:" + decoded.id)
        #expect(decoded.copydesk.pipeline == "news")
        #expect(decoded.copydesk.dedup == .init(status: .unique))
        #expect(decoded.copydesk.source?.sha256 == item.rawHash)
        #expect(item.hashingText?.hasPrefix("harbour ferry returns") == true)
    }

    @Test("under the drop policy the second copy of a story is dropped as a duplicate")
    func duplicateDropped() throws {
        let pipeline = try PipelineTestSupport.pipeline(BuiltInPipelines.news)
        var first = PipelineTestSupport.item(PipelineTestSupport.story)
        var second = PipelineTestSupport.item(PipelineTestSupport.story.uppercased(), path: "/srv/drop/again.txt")
        #expect(try PipelineTestSupport.run(pipeline, &first) == .next)
        #expect(try PipelineTestSupport.run(pipeline, &second) == .drop(.duplicate))
        #expect(second.encoded == nil)
    }

    @Test("under the mark policy the second copy goes on, marked as a duplicate of the first")
    func duplicateMarked() throws {
        let yaml = BuiltInPipelines.news.replacingOccurrences(of: "duplicates: drop", with: "duplicates: mark")
        let pipeline = try PipelineTestSupport.pipeline(yaml)
        var first = PipelineTestSupport.item(PipelineTestSupport.story)
        var second = PipelineTestSupport.item(PipelineTestSupport.story, path: "/srv/drop/again.txt")
        _ = try PipelineTestSupport.run(pipeline, &first)
        #expect(try PipelineTestSupport.run(pipeline, &second) == .next)
        let id = try #require(first.article?.id)
        #expect(second.article?.copydesk.dedup == .init(status: .duplicate, of: id))
        #expect(second.encoded != nil)
    }

    @Test("pipelines sharing a content index see each other's articles")
    func sharedIndex() throws {
        let index = ContentIndex()
        let news = try PipelineTestSupport.pipeline(BuiltInPipelines.news, context: PipelineTestSupport.context(index: index))
        let other = try PipelineTestSupport.pipeline(
            BuiltInPipelines.news.replacingOccurrences(of: "name: news", with: "name: other"),
            context: PipelineTestSupport.context(pipeline: "other", index: index))
        var first = PipelineTestSupport.item(PipelineTestSupport.story)
        var second = PipelineTestSupport.item(PipelineTestSupport.story)
        _ = try PipelineTestSupport.run(news, &first)
        #expect(try PipelineTestSupport.run(other, &second) == .drop(.duplicate))
    }

    @Test("of many equal articles deduplicated at once on several threads, exactly one is unique")
    func concurrentDeduplication() throws {
        let pipeline = try PipelineTestSupport.pipeline(BuiltInPipelines.news)
        let outcomes = Mutex<[StageOutcome?]>([])
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            var item = PipelineTestSupport.item(PipelineTestSupport.story, path: "/srv/drop/\(i).txt")
            let outcome = try? PipelineTestSupport.run(pipeline, &item)
            outcomes.withLock { $0.append(outcome) }
        }
        let all = outcomes.withLock { $0 }
        #expect(all.filter { $0 == .next }.count == 1)
        #expect(all.filter { $0 == .drop(.duplicate) }.count == 15)
    }

    @Test("the wire pipeline removes sign-off, trust-principle and copyright paragraphs")
    func wireBoilerplate() throws {
        let path = PipelineTestSupport.pipelinesDirectory.appendingPathComponent("wire.yaml").path
        let definition = try PipelineDefinition.load(path: path)
        let pipeline = try definition.build(context: PipelineTestSupport.context(pipeline: "wire"))
        let story = """
            Port authority approves night dredging

            The harbour's port authority approved night-time dredging on Wednesday to clear the silted channel.

            Work is due to start next month and last six weeks.

            (Reporting by Ana Ortiz in Valparaiso; Editing by Tom Hale)

            Our Standards: The Thomson Reuters Trust Principles.

            © 2026 Copydesk Test Wire. All rights reserved.
            """
        var item = PipelineTestSupport.item(story)
        #expect(try PipelineTestSupport.run(pipeline, &item) == .next)
        #expect(item.article?.bodyText == """
            The harbour's port authority approved night-time dredging on Wednesday to clear the silted channel.

            Work is due to start next month and last six weeks.
            """)
        #expect(item.article?.copydesk.pipeline == "wire")
    }
}
