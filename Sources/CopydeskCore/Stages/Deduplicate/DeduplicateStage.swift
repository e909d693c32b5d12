/// Claims the article's content id in the shared ``ContentIndex``; a second
/// article with the same id is dropped or marked, by policy.
///
/// Parallel-safe without `isSerial`: ``ContentIndex/claim(contentID:rawHash:)``
/// checks and inserts under one lock, so of two equal articles in flight
/// exactly one is `unique`.
///
/// What it leaves for the runner: an article marked `unique` owns its claim
/// (commit it once durable, release it if the item is quarantined later); a
/// `duplicate` owns none and must not release the id.
public struct DeduplicateStage: Stage {
    /// The stage's name in its pipeline.
    public let name: String
    /// What happens to a duplicate.
    public let policy: DuplicatePolicy
    /// The daemon's content index.
    public let index: ContentIndex

    /// Makes the stage.
    public init(name: String, policy: DuplicatePolicy, index: ContentIndex) {
        self.name = name
        self.policy = policy
        self.index = index
    }

    /// Sets `copydesk.dedup` to `unique`, or handles a duplicate by ``policy``.
    public func process(_ item: inout PipelineItem) throws(StageError) -> StageOutcome {
        var article = try item.requireArticle(stage: name)
        guard ContentIndex.Key(hex: article.id) != nil else {
            throw StageError(.noArticle, stage: name, "The article has no content id: put a 'normalize' stage before '\(name)'.", line: item.source.line)
        }
        switch index.claim(contentID: article.id, rawHash: item.rawHash) {
        case .new:
            article.copydesk.dedup = Article.Copydesk.Dedup(status: "unique")
        case .duplicate:
            switch policy {
            case .drop:
                return .drop(reason: "duplicate")
            case .mark:
                article.copydesk.dedup = Article.Copydesk.Dedup(status: "duplicate", of: article.id)
            }
        }
        item.article = article
        return .next
    }
}
