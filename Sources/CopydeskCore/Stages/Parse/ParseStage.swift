import FoundationEssentials

/// Turns an item's bytes into its article with ``ArticleParser`` and records
/// where it came from (`copydesk.source`, `copydesk.pipeline`, `versionCreated`).
///
/// One item is one article: the runtime splits JSONL files into one item per
/// line. An item that still holds several articles (a JSON array, or JSONL
/// that was not split) is refused with `multiple_articles` rather than
/// silently keeping the first, so no article is lost unnoticed.
public struct ParseStage: Stage {
    /// The stage's name in its pipeline.
    public let name: String
    /// The pipeline's name, stamped on every article.
    public let pipeline: String
    /// The configuration.
    public let config: ParseStageConfig

    /// Makes the stage.
    public init(name: String, pipeline: String, config: ParseStageConfig) {
        self.name = name
        self.pipeline = pipeline
        self.config = config
    }

    /// Parses `item.raw` as `item.format` (the configured format when the item says `auto`).
    public func process(_ item: inout PipelineItem) throws(StageError) -> StageOutcome {
        let format = item.format == .auto ? config.format : item.format
        let parser = ArticleParser(options: .init(format: format, maxJSONDepth: config.maxJSONDepth, defaultLanguage: config.language, maxHTMLBytes: config.maxHTMLBytes))
        let records: [ParsedRecord]
        do {
            records = try parser.parseAll(item.raw, fileName: item.source.path, receivedAt: item.receivedAt)
        } catch {
            throw relabel(error, line: item.source.line)
        }
        guard records.count == 1 else {
            throw StageError(
                .multipleArticles, stage: name,
                "The input holds \(records.count) articles, but copydesk takes one article per file. Write one file per article, or write JSON Lines (a .jsonl file, one article object per line) instead of a JSON array.",
                line: item.source.line)
        }
        var article: Article
        switch records[0].result {
        case .success(let parsed): article = parsed
        case .failure(let error): throw relabel(error, line: item.source.line ?? error.line)
        }
        article.copydesk.source = Article.Copydesk.Source(
            path: item.source.path, drop: item.source.drop, bytes: item.source.bytes,
            mtime: item.source.mtime.map(ISODate.string(from:)), line: item.source.line, sha256: item.rawHash)
        article.copydesk.pipeline = pipeline
        article.versionCreated = ISODate.string(from: item.receivedAt)
        item.article = article
        return .next
    }

    /// The parser's error under this stage's name, with the item's JSONL line.
    private func relabel(_ error: StageError, line: Int?) -> StageError {
        var error = error
        error.stage = name
        error.line = line ?? error.line
        return error
    }
}
