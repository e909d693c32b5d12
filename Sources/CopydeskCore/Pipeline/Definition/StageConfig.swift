/// The configuration of one stage type, decoded from a stage's mapping in a
/// pipeline YAML file, and the factory of its runtime ``Stage``.
///
/// Contract:
/// - Decoding is strict. ``PipelineDefinition`` rejects every key of the
///   stage's mapping that is neither `name`, `type` nor a case of
///   ``CodingKeys`` *before* decoding, so an implementation only lists its keys.
/// - Values are checked while decoding (`init(from:)` throws a
///   `DecodingError` naming the key), so a definition that loads is valid and
///   `copydesk validate` finds every mistake without building anything.
/// - ``build(name:context:)`` is called once per pipeline build (at start and
///   on reload), on the caller's thread; it must not block for long.
/// - Register every implementation once in ``StageRegistry``.
public protocol StageConfig: Decodable, Sendable {
    /// The keys the stage's mapping may hold besides `name` and `type`; the
    /// names of its cases are the YAML keys.
    associatedtype CodingKeys: CodingKey & CaseIterable

    /// The stage's `type:` in pipeline YAML (`parse`, `normalize`, …).
    static var type: String { get }

    /// Takes the pipeline-wide settings the stage's own keys did not set
    /// (a deduplicate stage's `policy` defaults to the pipeline's `duplicates`).
    /// Called once, right after decoding.
    mutating func applyPipelineDefaults(_ defaults: PipelineDefaults)

    /// Makes the runtime stage.
    ///
    /// - Parameters:
    ///   - name: the stage's name in its pipeline (its `name:`, else its type).
    ///   - context: what the runtime lends to stages.
    /// - Throws: `bad_config` when the configuration cannot be used in this context.
    func build(name: String, context: StageContext) throws(StageError) -> any Stage
}

extension StageConfig {
    /// Most stages take nothing from the pipeline.
    public mutating func applyPipelineDefaults(_ defaults: PipelineDefaults) {}

    /// The stage-specific YAML keys, in declaration order.
    public static var configKeys: [String] { CodingKeys.allCases.map(\.stringValue) }
}
