/// One article (or one refusal) from a file that may hold several.
public struct ParsedRecord: Sendable {
    /// 1-based: the line of a JSONL file, the element of a JSON array, 1 for single-article files.
    public var line: Int
    /// The article, or why this line was refused (quarantine it with its line number).
    public var result: Result<Article, StageError>

    /// Makes a record.
    public init(line: Int, result: Result<Article, StageError>) {
        self.line = line
        self.result = result
    }
}
