import Yams

/// One stage type known to a ``StageRegistry``: its `type:` name, its keys,
/// and how to decode its configuration.
public struct StageRegistration: Sendable {
    /// The `type:` name.
    public let type: String
    /// The keys a stage mapping of this type may hold, `name` and `type` first.
    public let keys: [String]
    private let decodeNode: @Sendable (Node, PipelineDefaults) throws -> any StageConfig

    /// Registers `config`.
    public init<Config: StageConfig>(_ config: Config.Type) {
        type = Config.type
        keys = ["name", "type"] + Config.configKeys
        decodeNode = { node, defaults in
            var decoded = try YAMLDecoder().decode(Config.self, from: node)
            decoded.applyPipelineDefaults(defaults)
            return decoded
        }
    }

    /// Decodes a stage mapping (without its `name` and `type` keys).
    ///
    /// - Throws: the `DecodingError` of a bad value.
    func decode(_ node: Node, defaults: PipelineDefaults) throws -> any StageConfig {
        try decodeNode(node, defaults)
    }
}
