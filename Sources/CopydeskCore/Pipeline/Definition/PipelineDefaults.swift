/// Pipeline-wide settings that stages fall back on (see
/// ``StageConfig/applyPipelineDefaults(_:)``).
public struct PipelineDefaults: Hashable, Sendable {
    /// The pipeline's `duplicates:` policy.
    public var duplicates: DuplicatePolicy

    /// Makes defaults.
    public init(duplicates: DuplicatePolicy = .drop) {
        self.duplicates = duplicates
    }
}
