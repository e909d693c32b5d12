/// One stage of a loaded ``PipelineDefinition``: where it sits, what it is
/// called, and its decoded configuration.
public struct StageDefinition: Sendable {
    /// 1-based position in the pipeline's `stages:` list.
    public var index: Int
    /// The stage's `name:`, else its type.
    public var name: String
    /// The stage's `type:`.
    public var type: String
    /// The decoded, validated configuration.
    public var config: any StageConfig

    /// Makes a stage definition.
    public init(index: Int, name: String, type: String, config: any StageConfig) {
        self.index = index
        self.name = name
        self.type = type
        self.config = config
    }

    /// `stage 2 (normalize)`, or `stage 2 (normalize 'clean')` when named: how messages point at it.
    public var label: String {
        name == type ? "stage \(index) (\(type))" : "stage \(index) (\(type) '\(name)')"
    }
}
