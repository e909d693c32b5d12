/// `type: deduplicate`: spikes or marks exact duplicates (same content id) and
/// marks or drops near-duplicates (syndicated copies) with their story cluster.
///
/// ```yaml
/// - type: deduplicate
///   policy: mark              # exact duplicates: drop | mark; default: the pipeline's `duplicates:`
///   near_duplicates: mark     # mark (default) | drop | off
///   containment: 0.6          # near-duplicate when the shorter body lies this much inside the longer …
///   jaccard: 0.5              # … or when the two bodies are this alike (5-word shingles)
///   min_words: 30             # shorter bodies are neither checked nor indexed
/// ```
///
/// The defaults were chosen by `copydesk dedup eval` (README: "Near-duplicates").
public struct DeduplicateStageConfig: StageConfig, Hashable {
    /// The stage's YAML keys.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case policy
        case nearDuplicates = "near_duplicates"
        case containment
        case jaccard
        case minWords = "min_words"
    }

    /// `deduplicate`.
    public static let type = "deduplicate"

    /// The policy the stage's own `policy:` set, if it did.
    public var policy: DuplicatePolicy?
    /// The pipeline's `duplicates:`, used when ``policy`` is nil.
    public var pipelinePolicy: DuplicatePolicy = .drop
    /// What happens to near-duplicates.
    public var nearDuplicates: NearDuplicatePolicy = .mark
    /// When two articles are near-duplicates.
    public var rule = NearDuplicateRule()

    /// A config with an explicit policy, or the pipeline's.
    public init(policy: DuplicatePolicy? = nil, nearDuplicates: NearDuplicatePolicy = .mark, rule: NearDuplicateRule = NearDuplicateRule()) {
        self.policy = policy
        self.nearDuplicates = nearDuplicates
        self.rule = rule
    }

    /// Decodes the keys; thresholds must lie in 0…1, `min_words` at least 5.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        policy = try c.decodeChoice(DuplicatePolicy.self, forKey: .policy)
        nearDuplicates = try c.decodeChoice(NearDuplicatePolicy.self, forKey: .nearDuplicates) ?? .mark
        for key in [CodingKeys.containment, .jaccard] {
            guard let v = try c.decodeIfPresent(Double.self, forKey: key) else { continue }
            guard v > 0, v <= 1 else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "must be a number above 0 and at most 1, not \(v)")
            }
            if key == .containment { rule.containment = v } else { rule.jaccard = v }
        }
        if let v = try c.decodeIfPresent(Int.self, forKey: .minWords) {
            guard v >= 5 else {
                throw DecodingError.dataCorruptedError(forKey: .minWords, in: c, debugDescription: "must be at least 5, not \(v)")
            }
            rule.minWords = v
        }
    }

    /// The policy in force.
    public var effectivePolicy: DuplicatePolicy { policy ?? pipelinePolicy }

    /// Takes the pipeline's `duplicates:`.
    public mutating func applyPipelineDefaults(_ defaults: PipelineDefaults) {
        pipelinePolicy = defaults.duplicates
    }

    /// Makes a ``DeduplicateStage`` over the context's shared content index.
    public func build(name: String, context: StageContext) throws(StageError) -> any Stage {
        DeduplicateStage(name: name, policy: effectivePolicy, index: context.contentIndex, nearDuplicates: nearDuplicates, rule: rule)
    }
}

/// What the deduplicate stage does with a near-duplicate.
public enum NearDuplicatePolicy: String, Sendable, Codable, CaseIterable {
    /// Append it with `copydesk.dedup.status = near_duplicate`, `of`, `similarity` and `cluster`.
    case mark
    /// Count it and acknowledge its file; no record.
    case drop
    /// Do not look for near-duplicates.
    case off
}
