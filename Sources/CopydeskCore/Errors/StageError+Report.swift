import FoundationEssentials

extension StageError {
    /// The document written as `NAME.error.json` beside a quarantined file.
    public struct Report: Codable, Hashable, Sendable {
        /// The stage that refused the article.
        public var stage: String
        /// The error code (`not_text`, …).
        public var code: String
        /// The operator-facing explanation.
        public var message: String
        /// When the article was refused, ISO-8601 UTC.
        public var time: String
        /// The JSONL line, when the error is about one line of a file.
        public var line: Int?

        /// Makes a report.
        public init(stage: String, code: String, message: String, time: String, line: Int? = nil) {
            self.stage = stage
            self.code = code
            self.message = message
            self.time = time
            self.line = line
        }
    }

    /// The quarantine report for this error, stamped with `time`.
    public func report(at time: Date) -> Report {
        Report(
            stage: stage, code: code.rawValue, message: message,
            time: ISODate.string(from: time), line: line)
    }

    /// The report as deterministic JSON (sorted keys), ready to write as `NAME.error.json`.
    public func reportJSON(at time: Date) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding five plain fields cannot fail; a failure is a programmer error.
        return try! encoder.encode(report(at: time))
    }
}
