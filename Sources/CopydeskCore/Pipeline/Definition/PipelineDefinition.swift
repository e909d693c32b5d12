import CopydeskLog
import FoundationEssentials

/// A pipeline as written in YAML: its name, duplicate policy and stages,
/// loaded strictly and validated, ready to ``build(context:)``.
///
/// ```yaml
/// name: news
/// description: …
/// duplicates: drop        # exact duplicates: drop (default) | mark
/// stages:
///   - type: parse
///     format: auto        # auto|text|json|jsonl
///   - type: normalize
///     boilerplate: ["Follow us on Twitter"]
///   - type: deduplicate
///   - type: compress
/// ```
///
/// Every mistake is a ``StageError`` whose message starts with the file and,
/// for a stage, its position and type (`Pipelines/news.yaml: stage 2
/// (normalize): unknown key 'boilerplat'; known keys: …`).
public struct PipelineDefinition: Sendable {
    /// The keys a pipeline file may hold at the top.
    public static let topLevelKeys = ["name", "description", "duplicates", "stages"]

    /// The pipeline's name; drop directories are bound to it. Defaults to the file's name without `.yaml`.
    public var name: String
    /// What the pipeline is for, for operators.
    public var description: String?
    /// The pipeline-wide duplicate policy (a deduplicate stage's `policy` overrides it).
    public var duplicates: DuplicatePolicy
    /// The stages, in order.
    public var stages: [StageDefinition]
    /// The file it was loaded from, or ``BuiltInPipelines/file``.
    public var file: String

    /// Makes a definition from parts and validates it.
    public init(
        name: String, description: String? = nil, duplicates: DuplicatePolicy = .drop,
        stages: [StageDefinition], file: String
    ) throws(StageError) {
        self.name = name
        self.description = description
        self.duplicates = duplicates
        self.stages = stages
        self.file = file
        try validate()
    }

    /// Loads and validates a definition from YAML text.
    ///
    /// - Parameters:
    ///   - yaml: the file's contents.
    ///   - file: the path (or label) errors name.
    ///   - registry: the stage types allowed.
    public init(yaml: String, file: String, registry: StageRegistry = .builtIn) throws(StageError) {
        self = try Self.parse(yaml: yaml, file: file, registry: registry)
        try validate()
    }

    /// Loads and validates the definition in the file at `path`.
    public static func load(path: String, registry: StageRegistry = .builtIn) throws(StageError) -> PipelineDefinition {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .definition(.badConfig, file: path, "cannot read the file (missing, unreadable or a directory)")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw .definition(.badConfig, file: path, "the file is not UTF-8 text")
        }
        return try PipelineDefinition(yaml: text, file: path, registry: registry)
    }

    /// The pipeline-wide settings stages fall back on.
    public var defaults: PipelineDefaults { PipelineDefaults(duplicates: duplicates) }

    /// A context for this pipeline's stages.
    public func makeContext(compressor: RecordCompressor, contentIndex: ContentIndex) -> StageContext {
        StageContext(pipeline: name, file: file, compressor: compressor, contentIndex: contentIndex)
    }

    /// Builds the runtime pipeline: each stage's config makes its stage.
    ///
    /// - Throws: the first stage's build error, its message prefixed with the file and stage.
    public func build(context: StageContext) throws(StageError) -> Pipeline {
        var built: [any Stage] = []
        built.reserveCapacity(stages.count)
        for stage in stages {
            do {
                built.append(try stage.config.build(name: stage.name, context: context))
            } catch {
                throw .definition(error.code, file: file, "\(stage.label): \(error.message)")
            }
        }
        return Pipeline(name: name, stages: built, duplicates: duplicates)
    }
}
