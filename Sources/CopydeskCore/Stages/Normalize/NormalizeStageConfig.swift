/// `type: normalize`: cleans the text, removes boilerplate paragraphs and computes the content id.
///
/// ```yaml
/// - type: normalize
///   boilerplate: ["Follow us on Twitter"]   # exact paragraphs, ignoring case
///   patterns: ["^Advertisement$"]           # regular expressions over paragraphs
/// ```
public struct NormalizeStageConfig: StageConfig {
    /// The stage's YAML keys.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case boilerplate
        case patterns
    }

    /// `normalize`.
    public static let type = "normalize"

    /// The compiled rules (patterns are compiled while decoding, so a bad one fails `validate`).
    public var rules: BoilerplateRules

    /// Rules made in code.
    public init(rules: BoilerplateRules = .none) {
        self.rules = rules
    }

    /// Decodes and compiles the rules.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let lines = try c.decodeIfPresent([String].self, forKey: .boilerplate) ?? []
        let patterns = try c.decodeIfPresent([String].self, forKey: .patterns) ?? []
        do {
            rules = try BoilerplateRules(lines: lines, patterns: patterns)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .patterns, in: c, debugDescription: error.message)
        }
    }

    /// Makes a ``NormalizeStage``.
    public func build(name: String, context: StageContext) throws(StageError) -> any Stage {
        NormalizeStage(name: name, normalizer: Normalizer(boilerplate: rules))
    }
}
