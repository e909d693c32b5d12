import CopydeskLog

/// Encodes the article as its record JSON and compresses it for the log
/// (``PipelineItem/encoded``); the runtime appends exactly those bytes.
///
/// Stage timings the runner collected so far go into `copydesk.timings_us`
/// first, so the record says what each earlier stage cost.
public struct CompressStage: Stage {
    /// The stage's name in its pipeline.
    public let name: String
    /// The log's shared compressor (thread-safe, pooled contexts).
    public let compressor: RecordCompressor

    /// Makes the stage.
    public init(name: String, compressor: RecordCompressor) {
        self.name = name
        self.compressor = compressor
    }

    /// Sets `item.encoded`; throws `compress_failed` when the article holds a
    /// number JSON cannot express or zstd refuses.
    public func process(_ item: inout PipelineItem) throws(StageError) -> StageOutcome {
        var article = try item.requireArticle(stage: name)
        if !item.timings.isEmpty {
            article.copydesk.timingsMicroseconds.merge(item.timings) { _, new in new }
        }
        let bytes: [UInt8]
        do {
            bytes = try article.recordJSON()
        } catch {
            throw StageError(.compressFailed, stage: name, "The record cannot be written as JSON: \(error), which JSON cannot hold; an earlier stage computed it from this article. The article is kept in quarantine and can be dropped again once that stage is fixed.", line: item.source.line)
        }
        do {
            item.encoded = try compressor.compress(bytes)
        } catch {
            throw StageError(.compressFailed, stage: name, "The record could not be compressed (\(error.code): \(error.message)); the article is kept in quarantine and can be dropped again.", line: item.source.line)
        }
        item.article = article
        return .next
    }
}
