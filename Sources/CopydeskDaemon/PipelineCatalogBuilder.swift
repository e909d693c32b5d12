import CopydeskCore

extension Runtime {
    /// Builds the pipelines of a configuration from the catalog: the built-in
    /// ones plus the configuration's pipelines directory (what `copydesk run` uses).
    public static let catalogBuilder: PipelineBuilder = { config, context in
        let catalog = PipelineCatalog(directory: config.pipelinesDirectory)
        try catalog.check()
        var pipelines: [String: Pipeline] = [:]
        for name in catalog.names {
            guard let definition = catalog[name] else { continue }
            pipelines[name] = try definition.build(context: definition.makeContext(compressor: context.compressor, contentIndex: context.contentIndex))
        }
        return pipelines
    }
}
