import CopydeskLog
import FoundationEssentials
import Testing
@testable import CopydeskCore

/// Contexts, items and a tiny in-test runner for the pipeline and stage tests.
enum PipelineTestSupport {
    /// A short story in the BBC shape, with one line of site furniture at the end.
    static let story = """
        Harbour ferry returns after winter repairs

        The town's ferry returned to service on Monday after three months of repairs in dry dock.

        Passengers queued from early morning, and the first crossing left ten minutes late.

        Follow us on Twitter
        """

    /// A context over an in-memory compressor and a fresh (or given) content index.
    static func context(pipeline: String = "news", index: ContentIndex = ContentIndex()) -> StageContext {
        StageContext(
            pipeline: pipeline, file: "test",
            compressor: RecordCompressor(dictionaries: DictionaryRegistry(directory: nil), training: nil),
            contentIndex: index)
    }

    /// An item as the runtime would make it from `text`.
    static func item(_ text: String, path: String = "/srv/drop/story.txt", format: InputFormat = .auto, line: Int? = nil) -> PipelineItem {
        let raw = Array(text.utf8)
        return PipelineItem(
            raw: raw, format: format,
            source: ItemSource(path: path, drop: "/srv/drop", bytes: raw.count, mtime: Date(timeIntervalSince1970: 1_767_225_600), line: line),
            receivedAt: Date(timeIntervalSince1970: 1_767_225_660), rawHash: ContentHash.rawBytes(raw))
    }

    /// Runs every stage in order, as the runner would, stopping at a drop.
    static func run(_ pipeline: Pipeline, _ item: inout PipelineItem) throws(StageError) -> StageOutcome {
        for stage in pipeline.stages {
            let outcome = try stage.process(&item)
            if outcome != .next { return outcome }
        }
        return .next
    }

    /// The pipeline defined by `yaml`, built over `context`.
    static func pipeline(_ yaml: String, context: StageContext = context()) throws -> Pipeline {
        try PipelineDefinition(yaml: yaml, file: "test.yaml").build(context: context)
    }

    /// The payload of an encoded record, decoded as a reader of the log would.
    static func decode(_ record: EncodedRecord) throws -> [UInt8] {
        let stored = LogRecord(
            offset: 0, timestamp: 0, codec: record.codec, dictionaryID: record.dictionaryID,
            rawLength: record.rawLength, body: record.body)
        return try Decompressor().decode(stored, dictionaries: DictionaryRegistry(directory: nil))
    }

    /// `Pipelines/` in the package.
    static var pipelinesDirectory: URL { Fixtures.packageRoot.appendingPathComponent("Pipelines") }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("copydesk-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
