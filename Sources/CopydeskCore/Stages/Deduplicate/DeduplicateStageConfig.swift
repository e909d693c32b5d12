/// `type: deduplicate`: spikes or marks exact duplicates (same content id).
///
/// ```yaml
/// - type: deduplicate
///   policy: mark     # drop | mark; default: the pipeline's `duplicates:`
/// ```
public struct DeduplicateStageConfig: StageConfig, Hashable {
    /// The stage's YAML keys.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case policy
    }

    /// `deduplicate`.
    public static let type = "deduplicate"

    /// The policy the stage's own `policy:` set, if it did.
    public var policy: DuplicatePolicy?
    /// The pipeline's `duplicates:`, used when ``policy`` is nil.
    public var pipelinePolicy: DuplicatePolicy = .drop

    /// A config with an explicit policy, or the pipeline's.
    public init(policy: DuplicatePolicy? = nil) {
        self.policy = policy
    }

    /// Decodes `policy`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        policy = try c.decodeChoice(DuplicatePolicy.self, forKey: .policy)
    }

    /// The policy in force.
    public var effectivePolicy: DuplicatePolicy { policy ?? pipelinePolicy }

    /// Takes the pipeline's `duplicates:`.
    public mutating func applyPipelineDefaults(_ defaults: PipelineDefaults) {
        pipelinePolicy = defaults.duplicates
    }

    /// Makes a ``DeduplicateStage`` over the context's shared content index.
    public func build(name: String, context: StageContext) throws(StageError) -> any Stage {
        DeduplicateStage(name: name, policy: effectivePolicy, index: context.contentIndex)
    }
}
