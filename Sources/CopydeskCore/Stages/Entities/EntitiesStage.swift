import CopydeskEntities

/// Finds people, organisations, places, sources, quotes, money, percentages
/// and dates with an ``EntityAnalyzer`` and writes them into the record.
/// Stateless: it runs in parallel on the work queue.
public struct EntitiesStage: Stage {
    /// The stage's name in its pipeline.
    public let name: String
    /// The tagger and rules.
    public let analyzer: EntityAnalyzer

    /// Makes the stage.
    public init(name: String, analyzer: EntityAnalyzer) {
        self.name = name
        self.analyzer = analyzer
    }

    /// Analyses `item.article` and records what it found.
    public func process(_ item: inout PipelineItem) throws(StageError) -> StageOutcome {
        var article = try item.requireArticle(stage: name)
        article.applyEntities(analyzer.analyze(article.entityText))
        item.article = article
        return .next
    }
}
