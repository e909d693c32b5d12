extension PipelineItem {
    /// The article an earlier stage made, or a `no_article` error naming `stage`.
    ///
    /// Validation puts `parse` first, so this fails only for a pipeline built by hand in the wrong order.
    func requireArticle(stage: String) throws(StageError) -> Article {
        guard let article else {
            throw StageError(.noArticle, stage: stage, "No article to work on: the '\(stage)' stage ran before 'parse'. Put 'parse' first in the pipeline.", line: source.line)
        }
        return article
    }
}
