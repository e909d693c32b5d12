#if canImport(Glibc)
import Glibc
#endif

/// Claims the article's content id in the shared ``ContentIndex``; a second
/// article with the same id is dropped or marked, by policy. Then looks the
/// body up in the near-duplicate window: a syndicated copy is marked
/// `near_duplicate` of the most similar earlier article, in its story cluster
/// (or dropped, by policy); anything else starts a cluster of its own.
///
/// Parallel-safe without `isSerial`: ``ContentIndex/claim(contentID:rawHash:)``
/// and ``NearDuplicateIndex/claim(id:sketch:rule:insert:time:)`` each look up
/// and insert under one lock, so of two equal or near-equal articles in flight
/// the second always sees the first. The sketch is computed outside the lock.
///
/// What it leaves for the runner: an article marked `unique` or
/// `near_duplicate` owns its claims (commit them once durable, release them if
/// the item is quarantined later); a `duplicate` owns none and must not
/// release the id.
public struct DeduplicateStage: Stage {
    /// The stage's name in its pipeline.
    public let name: String
    /// What happens to an exact duplicate.
    public let policy: DuplicatePolicy
    /// The daemon's content index.
    public let index: ContentIndex
    /// What happens to a near-duplicate.
    public let nearDuplicates: NearDuplicatePolicy
    /// When two articles are near-duplicates.
    public let rule: NearDuplicateRule

    /// Makes the stage.
    public init(name: String, policy: DuplicatePolicy, index: ContentIndex,
                nearDuplicates: NearDuplicatePolicy = .mark, rule: NearDuplicateRule = NearDuplicateRule()) {
        self.name = name
        self.policy = policy
        self.index = index
        self.nearDuplicates = nearDuplicates
        self.rule = rule
    }

    /// Sets `copydesk.dedup`, or handles a duplicate by policy.
    public func process(_ item: inout PipelineItem) throws(StageError) -> StageOutcome {
        var article = try item.requireArticle(stage: name)
        guard let key = ContentIndex.Key(hex: article.id) else {
            throw StageError(.noArticle, stage: name, "The article has no content id: put a 'normalize' stage before '\(name)'.", line: item.source.line)
        }
        switch index.claim(contentID: article.id, rawHash: item.rawHash) {
        case .new:
            article.copydesk.dedup = Article.Copydesk.Dedup(status: .unique)
            if nearDuplicates != .off, let body = article.bodyText {
                let sketch = index.near.sketch(body)
                if sketch.shingles + index.near.settings.shingleWords - 1 >= rule.minWords {
                    let drop = nearDuplicates == .drop
                    let match = index.near.claim(id: key, sketch: sketch, rule: rule, insert: { m in !(drop && m != nil) }, time: Int64(time(nil)))
                    if let match {
                        if drop {
                            index.release(contentID: article.id, rawHash: item.rawHash)
                            return .drop(.nearDuplicate)
                        }
                        article.copydesk.dedup = Article.Copydesk.Dedup(
                            status: .nearDuplicate, of: match.of, similarity: Self.rounded(match.similarity.jaccard),
                            cluster: match.cluster, containment: Self.rounded(match.similarity.containment))
                    } else {
                        article.copydesk.dedup?.cluster = article.id
                    }
                }
            }
        case .duplicate:
            switch policy {
            case .drop:
                return .drop(.duplicate)
            case .mark:
                article.copydesk.dedup = Article.Copydesk.Dedup(status: .duplicate, of: article.id)
            }
        }
        item.article = article
        return .next
    }

    private static func rounded(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
}
