import CopydeskHTML
import FoundationEssentials

/// The parse stage's logic: bytes of an input file to ``Article`` values.
///
/// Pure and `Sendable`: the pipeline calls it from any worker thread. It
/// decodes the bytes (``TextDecoding``), detects the shape (scraped wire text,
/// the BBC shape, JSON, JSONL) and fills the record's text fields, `by`,
/// `located`, `slugline`, `contentCreated` and `copydesk.flags`. It leaves
/// cleaning to ``Normalizer`` and the id to the content hash.
public struct ArticleParser: Sendable {
    /// How to parse.
    public struct Options: Hashable, Sendable {
        /// The input shape, or `auto` to detect it.
        public var format: InputFormat
        /// JSON nested deeper than this is refused with `too_deep`.
        public var maxJSONDepth: Int
        /// The language set on articles that do not state one; nil to leave it out.
        public var defaultLanguage: String?
        /// Web pages larger than this are refused with `too_large` (16 MiB).
        public var maxHTMLBytes: Int

        /// Makes options.
        public init(format: InputFormat = .auto, maxJSONDepth: Int = 256, defaultLanguage: String? = "en", maxHTMLBytes: Int = 16 << 20) {
            self.format = format
            self.maxJSONDepth = maxJSONDepth
            self.defaultLanguage = defaultLanguage
            self.maxHTMLBytes = maxHTMLBytes
        }
    }

    /// The stage name errors are reported under.
    public static let stage = "parse"

    /// The options in force.
    public var options: Options

    /// Makes a parser.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Parses every article in a file: one for text and JSON objects, one per
    /// element of a JSON array, one per non-blank line of JSONL.
    ///
    /// A problem with the whole file (empty, binary, malformed JSON) throws; a
    /// problem with one JSONL line or array element is returned in its
    /// ``ParsedRecord`` so the rest of the file still goes through.
    ///
    /// - Parameters:
    ///   - bytes: the file's contents.
    ///   - fileName: used to detect `.json`/`.jsonl`/`.ndjson` in `auto` mode.
    ///   - receivedAt: stamped as `versionCreated`.
    public func parseAll(_ bytes: [UInt8], fileName: String? = nil, receivedAt: Date = Date()) throws(StageError) -> [ParsedRecord] {
        // NewsML-G2 and web pages go to libxml2 as bytes: it reads their declared encoding itself.
        if options.format == .newsml || (options.format == .auto && NewsMLReader.looksLikeNewsML(bytes)) {
            return try parseNewsML(bytes).map { record in
                var record = record
                record.result = record.result.map { article in
                    var article = article
                    article.versionCreated = ISODate.string(from: receivedAt)
                    if article.language == nil { article.language = options.defaultLanguage }
                    return article
                }
                return record
            }
        }
        if options.format == .html || (options.format == .auto && Self.looksLikeHTML(bytes, fileName: fileName)) {
            var article = try parseHTML(bytes)
            article.versionCreated = ISODate.string(from: receivedAt)
            if article.language == nil { article.language = options.defaultLanguage }
            return [ParsedRecord(line: 1, result: .success(article))]
        }
        let decoded = try TextDecoding.decode(bytes)
        let version = ISODate.string(from: receivedAt)
        let records: [ParsedRecord]
        switch try detectFormat(decoded.text, fileName: fileName) {
        case .jsonl:
            records = parseJSONLines(decoded.text)
        case .json:
            records = try parseJSONDocument(decoded.text)
        case .text, .auto, .html, .newsml:
            records = [ParsedRecord(line: 1, result: .success(try parseText(decoded.text)))]
        }
        return records.map { record in
            var record = record
            record.result = record.result.map { article in
                var article = article
                article.versionCreated = version
                if article.language == nil { article.language = options.defaultLanguage }
                for flag in decoded.flags { article.copydesk.addFlag(flag) }
                return article
            }
            return record
        }
    }

    /// Parses a file that must hold exactly one article.
    ///
    /// - Throws: whatever ``parseAll(_:fileName:receivedAt:)`` throws, the error of
    ///   a single refused article, or `not_article` when the file holds several.
    public func parse(_ bytes: [UInt8], fileName: String? = nil, receivedAt: Date = Date()) throws(StageError) -> Article {
        let records = try parseAll(bytes, fileName: fileName, receivedAt: receivedAt)
        guard records.count == 1 else {
            throw StageError(.notArticle, stage: Self.stage, "The file holds \(records.count) articles where one was expected; use parseAll or the jsonl format.")
        }
        return try records[0].result.get()
    }

    /// The format to parse `text` as: the configured one, else from the file name, else from the first character.
    func detectFormat(_ text: String, fileName: String?) throws(StageError) -> InputFormat {
        if options.format != .auto { return options.format }
        let lowerName = fileName?.lowercased() ?? ""
        if lowerName.hasSuffix(".jsonl") || lowerName.hasSuffix(".ndjson") { return .jsonl }
        if lowerName.hasSuffix(".json") { return .json }
        let start = text.utf8.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 }
        switch start.first {
        case UInt8(ascii: "{"):
            // Several top-level objects, one after another: JSONL without its extension.
            let scan = try scanDepth(text)
            let after = scan.firstValueEnd.map { text.utf8.dropFirst($0) }
            if let after, after.contains(where: { $0 == UInt8(ascii: "{") }) { return .jsonl }
            return .json
        case UInt8(ascii: "["):
            // "[Updated]" or "[Photo]" opens some scraped text; JSON's "[" is followed by a value.
            let next = start.dropFirst().first { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 }
            let opensValue = next.map { "{[\"]0123456789-tfn".utf8.contains($0) } ?? true
            return opensValue ? .json : .text
        default:
            return .text
        }
    }

    func scanDepth(_ text: String, line: Int? = nil) throws(StageError) -> JSONDepthScanner.Result {
        var text = text
        let limit = options.maxJSONDepth
        let result: Result<JSONDepthScanner.Result, StageError> = text.withUTF8 { bytes in
            Result { () throws(StageError) in try JSONDepthScanner.scan(bytes, limit: limit, stage: Self.stage, line: line) }
        }
        return try result.get()
    }
}
