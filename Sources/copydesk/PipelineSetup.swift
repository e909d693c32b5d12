import CopydeskCore
import CopydeskLog
import CopydeskDaemon

/// Builds the pipelines of a configuration from the catalog: the built-in
/// ones plus the configuration's pipelines directory.
enum PipelineSetup {
    static let builder: PipelineBuilder = Runtime.catalogBuilder

    /// Checks every pipeline file, builds every pipeline as `run` would (so a
    /// stage's `bad_config`, such as an entity model that cannot be read, shows
    /// here, not at start), and returns the names of the pipelines.
    static func validate(_ config: DaemonConfiguration) throws -> Set<String> {
        let catalog = PipelineCatalog(directory: config.pipelinesDirectory)
        try catalog.check()
        let compressor = RecordCompressor(dictionaries: DictionaryRegistry(directory: nil), training: nil)
        for name in catalog.names {
            guard let definition = catalog[name] else { continue }
            _ = try definition.build(context: definition.makeContext(compressor: compressor, contentIndex: ContentIndex()))
        }
        return Set(catalog.names)
    }
}
