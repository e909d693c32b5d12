/// `type: compress`: encodes the record and compresses it with the log's
/// current dictionary. No keys: the level and dictionary belong to the log.
///
/// ```yaml
/// - type: compress
/// ```
public struct CompressStageConfig: StageConfig, Hashable {
    /// The stage takes no keys.
    public enum CodingKeys: CodingKey, CaseIterable {}

    /// `compress`.
    public static let type = "compress"

    /// The only configuration.
    public init() {}

    /// Decodes an empty mapping (unknown keys were already refused).
    public init(from decoder: any Decoder) throws {}

    /// Makes a ``CompressStage`` with the context's compressor.
    public func build(name: String, context: StageContext) throws(StageError) -> any Stage {
        CompressStage(name: name, compressor: context.compressor)
    }
}
