/// `type: parse`: reads an item's bytes into an article.
///
/// ```yaml
/// - type: parse
///   format: auto          # auto | text | json | jsonl | html
///   max_json_depth: 256   # deeper JSON is refused with too_deep
///   max_html_bytes: 16777216  # larger web pages are refused with too_large
///   language: en          # set on articles that state none; null to leave it out
/// ```
public struct ParseStageConfig: StageConfig, Hashable {
    /// The stage's YAML keys.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case format
        case maxJSONDepth = "max_json_depth"
        case language
        case maxHTMLBytes = "max_html_bytes"
    }

    /// `parse`.
    public static let type = "parse"

    /// The input shape when the item does not say (`auto` detects it).
    public var format: InputFormat
    /// JSON nested deeper than this is refused.
    public var maxJSONDepth: Int
    /// The language set on articles that do not state one.
    public var language: String?
    /// Web pages larger than this are refused.
    public var maxHTMLBytes = 16 << 20

    /// The defaults: `auto`, 256, `en`.
    public init(format: InputFormat = .auto, maxJSONDepth: Int = 256, language: String? = "en") {
        self.format = format
        self.maxJSONDepth = maxJSONDepth
        self.language = language
    }

    /// Decodes the stage's mapping; absent keys take the defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        format = try c.decodeChoice(InputFormat.self, forKey: .format) ?? format
        maxJSONDepth = try c.decodeIfPresent(Int.self, forKey: .maxJSONDepth) ?? maxJSONDepth
        guard (1...10_000).contains(maxJSONDepth) else {
            throw DecodingError.dataCorruptedError(forKey: .maxJSONDepth, in: c, debugDescription: "must be between 1 and 10000")
        }
        maxHTMLBytes = try c.decodeIfPresent(Int.self, forKey: .maxHTMLBytes) ?? maxHTMLBytes
        guard (1024...(1 << 30)).contains(maxHTMLBytes) else {
            throw DecodingError.dataCorruptedError(forKey: .maxHTMLBytes, in: c, debugDescription: "must be between 1024 and 1073741824")
        }
        if c.contains(.language) { language = try c.decodeNil(forKey: .language) ? nil : try c.decode(String.self, forKey: .language) }
    }

    /// Makes a ``ParseStage``.
    public func build(name: String, context: StageContext) throws(StageError) -> any Stage {
        ParseStage(name: name, pipeline: context.pipeline, config: self)
    }
}
