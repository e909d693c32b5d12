extension PipelineDefinition {
    /// Checks what the YAML alone cannot: a usable name, at least one stage,
    /// unique stage names, `parse` first and once, `compress` last and at most
    /// once, `deduplicate` after a `normalize` (it keys on the content id).
    public func validate() throws(StageError) {
        func fail(_ message: String) -> StageError { .definition(.invalidPipeline, file: file, message) }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard !name.isEmpty, name.allSatisfy(allowed.contains) else {
            throw fail("pipeline name '\(name)' must be non-empty and use only letters, digits, '.', '_' and '-'")
        }
        guard let first = stages.first else {
            throw fail("no stages: a pipeline needs at least a 'parse' stage")
        }
        var seen: [String: StageDefinition] = [:]
        for stage in stages {
            if let earlier = seen[stage.name] {
                throw fail("\(stage.label): name '\(stage.name)' is already used by \(earlier.label); give one of them a distinct 'name'")
            }
            seen[stage.name] = stage
        }
        let parse = ParseStageConfig.type, compress = CompressStageConfig.type
        guard first.type == parse else {
            throw fail("\(first.label): the first stage must be '\(parse)' (it turns the input bytes into an article)")
        }
        if let again = stages.dropFirst().first(where: { $0.type == parse }) {
            throw fail("\(again.label): '\(parse)' may appear only once, as the first stage")
        }
        if let early = stages.dropLast().first(where: { $0.type == compress }) {
            throw fail("\(early.label): '\(compress)' must be the last stage (the record is final once compressed)")
        }
        for (position, stage) in stages.enumerated() where stage.type == DeduplicateStageConfig.type {
            guard stages[..<position].contains(where: { $0.type == NormalizeStageConfig.type }) else {
                throw fail("\(stage.label): '\(stage.type)' needs a '\(NormalizeStageConfig.type)' stage before it (it keys on the content id that normalize computes)")
            }
        }
    }
}
