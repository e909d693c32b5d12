/// Puts the article's text in house form with ``Normalizer`` and sets its
/// content id, `uri`, `sha256` alt id and the item's hashing text.
public struct NormalizeStage: Stage {
    /// The stage's name in its pipeline.
    public let name: String
    /// The normalizer with the pipeline's boilerplate rules.
    public let normalizer: Normalizer

    /// Makes the stage.
    public init(name: String, normalizer: Normalizer) {
        self.name = name
        self.normalizer = normalizer
    }

    /// Normalizes `item.article`; throws `no_headline`/`no_body` when cleaning empties them.
    public func process(_ item: inout PipelineItem) throws(StageError) -> StageOutcome {
        let article = try item.requireArticle(stage: name)
        let result: NormalizedArticle
        do {
            result = try normalizer.normalize(article)
        } catch {
            var error = error
            error.stage = name
            error.line = item.source.line
            throw error
        }
        item.article = result.article
        item.hashingText = result.hashingText
        return .next
    }
}
