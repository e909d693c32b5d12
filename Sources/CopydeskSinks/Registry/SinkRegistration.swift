import Yams

/// One kind of sink known to a ``SinkRegistry``: its schemes, its keys, and
/// how to make its configuration from a target or a YAML mapping.
public struct SinkRegistration: Sendable {
    /// The target schemes it serves.
    public let schemes: [String]
    /// The keys its mapping in `sinks:` may hold: its own, then replay's.
    public let keys: [String]
    /// Its documented example mapping.
    public let example: String
    private let makeConfig: @Sendable (String) throws(SinkError) -> any SinkConfig
    private let decodeNode: @Sendable (Node) throws -> any SinkConfig

    /// Registers `config`.
    public init<Config: SinkConfig>(_ config: Config.Type) {
        schemes = Config.schemes
        keys = Config.configKeys + SinkDefinition.replayKeys
        example = Config.example
        makeConfig = { target throws(SinkError) in try Config(target: target) }
        decodeNode = { node in try YAMLDecoder().decode(Config.self, from: node) }
    }

    /// The configuration for `target` with every other setting at its default.
    public func config(target: String) throws(SinkError) -> any SinkConfig { try makeConfig(target) }

    /// Decodes a sink mapping whose keys were checked.
    ///
    /// - Throws: the `DecodingError` of a bad value, or the ``SinkError`` of a bad `to`.
    func decode(_ node: Node) throws -> any SinkConfig { try decodeNode(node) }
}
