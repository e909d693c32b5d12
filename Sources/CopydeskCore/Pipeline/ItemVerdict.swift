import CopydeskLog

/// What a caller of a pipeline still needs of an item once its record is
/// encoded: enough to count it, report it, and settle its claims in the content
/// index. The daemon's log completion keeps only this, so the article's strings
/// are freed on the worker that made them (freed on the writer's thread, each
/// one took the worker's malloc arena lock while the worker was allocating in it).
public struct ItemSummary: Sendable {
    /// The article's content id, once normalize has run.
    public var id: String?
    /// The deduplicate stage's verdict, once it has run.
    public var dedup: Article.Copydesk.Dedup?
    /// Hex SHA-256 of the input bytes.
    public var rawHash: String
    /// The line of a JSONL file, or nil for a whole file.
    public var line: Int?
    /// The input bytes (kept for a quarantined JSONL line's report).
    public var raw: [UInt8]

    /// The summary of `item`.
    public init(_ item: PipelineItem) {
        id = item.article?.id
        dedup = item.article?.copydesk.dedup
        rawHash = item.rawHash
        line = item.source.line
        raw = item.raw
    }

    /// Whether the item holds claims in the content index (a unique article or a
    /// near-duplicate: its id, and its place in the near-duplicate window).
    public var ownsClaims: Bool { id != nil && dedup?.status.ownsClaims == true }
}

/// The one reading of a ``PipelineResult``, shared by the daemon and
/// `copydesk ingest`: append this record, count this drop, or quarantine this
/// error. Claims travel with it: ``ContentIndex/settle(_:durableAt:)`` commits
/// them once a record is durable, ``ContentIndex/abandon(_:)`` releases them
/// when the item never reaches the log.
public enum ItemVerdict: Sendable {
    /// Append `record`; settle `summary` once it is durable.
    case append(EncodedRecord, ItemSummary)
    /// No record, no quarantine: counted under `reason`.
    case dropped(DropReason, ItemSummary)
    /// Quarantine with `error`; the item's claims are already released.
    case quarantined(StageError, ItemSummary)

    /// The summary of the item, whatever the verdict.
    public var summary: ItemSummary {
        switch self {
        case .append(_, let s), .dropped(_, let s), .quarantined(_, let s): s
        }
    }
}

extension PipelineResult {
    /// The item, whatever became of it.
    public var item: PipelineItem {
        switch self {
        case .record(let item), .dropped(let item, _, _), .quarantined(let item, _): item
        }
    }

    /// The verdict on the item. A pipeline without a compress stage still gets
    /// its record into the log, stored uncompressed; a quarantined item's claims
    /// are released in `index` here, so no caller can forget it.
    public func verdict(releasingIn index: ContentIndex) -> ItemVerdict {
        switch self {
        case .record(let item):
            let summary = ItemSummary(item)
            if let encoded = item.encoded { return .append(encoded, summary) }
            guard let article = item.article else {
                let error = StageError(.notArticle, stage: "log", "the pipeline produced no article")
                index.abandon(summary)
                return .quarantined(error, summary)
            }
            return .append(EncodedRecord(raw: Array(article.jsonData())), summary)
        case .dropped(let item, _, let reason):
            return .dropped(reason, ItemSummary(item))
        case .quarantined(let item, let error):
            let summary = ItemSummary(item)
            index.abandon(summary)
            return .quarantined(error, summary)
        }
    }
}

extension ContentIndex {
    /// Makes an appended item's claims permanent, and its raw bytes known (a
    /// redelivery of them makes no new record), once it is durable at `offset`.
    public func settle(_ summary: ItemSummary, durableAt offset: UInt64) {
        commit(contentID: summary.id, rawHash: summary.rawHash, offset: offset)
    }

    /// Releases the claims of an item that will not reach the log (quarantined,
    /// or its append failed), so a later copy is not called a duplicate of nothing.
    public func abandon(_ summary: ItemSummary) {
        guard summary.ownsClaims, let id = summary.id else { return }
        release(contentID: id, rawHash: summary.rawHash)
    }
}
