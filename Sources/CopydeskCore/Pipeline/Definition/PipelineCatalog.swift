import FoundationEssentials

/// Every pipeline a daemon can bind drop directories to: the built-in ones
/// plus every `*.yaml` / `*.yml` file in a directory, keyed by name.
///
/// Loading never stops at the first bad file: ``errors`` holds one error per
/// problem, each naming its file, so `copydesk validate` reports them all.
/// A file in the directory may replace a built-in pipeline of the same name
/// (the operator's copy wins); two files with the same name are an error.
public struct PipelineCatalog: Sendable {
    /// The usable definitions, by name.
    public private(set) var definitions: [String: PipelineDefinition]
    /// The problems found, each message starting with its file.
    public private(set) var errors: [StageError]

    /// The built-in pipelines only.
    public static func builtIn(registry: StageRegistry = .builtIn) -> PipelineCatalog {
        PipelineCatalog(directory: nil, registry: registry)
    }

    /// Loads the built-in pipelines, then every pipeline file in `directory`
    /// (hidden files skipped, files read in name order).
    public init(directory: String?, registry: StageRegistry = .builtIn) {
        definitions = [:]
        errors = []
        for yaml in BuiltInPipelines.all {
            do throws(StageError) {
                let definition = try PipelineDefinition(yaml: yaml, file: BuiltInPipelines.file, registry: registry)
                definitions[definition.name] = definition
            } catch {
                errors.append(error)
            }
        }
        guard let directory else { return }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            errors.append(.definition(.badConfig, file: directory, "cannot list the pipeline directory: \(error)"))
            return
        }
        let files = names.filter { !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }.sorted()
        var fromDirectory: [String: String] = [:]
        for name in files {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            do throws(StageError) {
                let definition = try PipelineDefinition.load(path: path, registry: registry)
                if let other = fromDirectory[definition.name] {
                    throw .definition(.invalidPipeline, file: path, "pipeline name '\(definition.name)' is already defined by \(other)")
                }
                fromDirectory[definition.name] = path
                definitions[definition.name] = definition
            } catch {
                errors.append(error)
            }
        }
    }

    /// The definition named `name`.
    public subscript(name: String) -> PipelineDefinition? { definitions[name] }

    /// The pipeline names, sorted.
    public var names: [String] { definitions.keys.sorted() }

    /// Throws one `invalid_pipeline` error listing every problem, one per line, when there are any.
    public func check() throws(StageError) {
        guard !errors.isEmpty else { return }
        let lines = errors.map(\.message).joined(separator: "\n")
        let count = errors.count == 1 ? "1 problem" : "\(errors.count) problems"
        throw StageError(.invalidPipeline, stage: StageError.definitionStage, "\(count) in pipeline definitions:\n\(lines)")
    }
}
