/// A stage's refusal of one article: the reason it is quarantined.
///
/// The pipeline runner writes it beside the quarantined file as
/// `NAME.error.json` (`{stage, code, message, time}`, see ``StageError/Report``).
/// Bad input throws a `StageError`; programmer errors trap instead.
public struct StageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable reason (`not_text`, `bad_json`, …).
    ///
    /// A string-backed struct rather than an enum so that stages added later
    /// (or living in other modules) can define their own codes without breaking
    /// exhaustive switches in callers.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code as it appears in `NAME.error.json`.
        public let rawValue: String

        /// Makes a code from its snake_case name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The input holds no bytes, or nothing but whitespace.
        public static let empty = Code(rawValue: "empty")
        /// The input is binary (NUL bytes, control characters, undecodable bytes).
        public static let notText = Code(rawValue: "not_text")
        /// The input claims to be JSON but does not parse.
        public static let badJSON = Code(rawValue: "bad_json")
        /// JSON nested deeper than the parser's limit.
        public static let tooDeep = Code(rawValue: "too_deep")
        /// JSON that parses but is not an article (wrong top-level type, wrong field types).
        public static let notArticle = Code(rawValue: "not_article")
        /// An input larger than the stage reads (a web page over `max_html_bytes`).
        public static let tooLarge = Code(rawValue: "too_large")
        /// An article without a headline.
        public static let noHeadline = Code(rawValue: "no_headline")
        /// An article without body text.
        public static let noBody = Code(rawValue: "no_body")
        /// A stage configuration value that cannot be used (a bad regex, say).
        public static let badConfig = Code(rawValue: "bad_config")

        /// The raw value.
        public var description: String { rawValue }
    }

    /// Why the article was refused.
    public var code: Code
    /// A sentence for the operator: what is wrong with the input and what to do.
    public var message: String
    /// The stage that refused it (`parse`, `normalize`, …).
    public var stage: String
    /// The 1-based line of a JSONL file the error belongs to, when it is about one line.
    public var line: Int?

    /// Makes an error.
    public init(_ code: Code, stage: String, _ message: String, line: Int? = nil) {
        self.code = code
        self.message = message
        self.stage = stage
        self.line = line
    }

    /// `stage: code: message`, as a log line would show it.
    public var description: String {
        let at = line.map { " (line \($0))" } ?? ""
        return "\(stage): \(code)\(at): \(message)"
    }
}
