import Testing
@testable import CopydeskCore

@Suite("Pipeline definitions")
struct PipelineDefinitionTests {
    static let minimal = """
        name: news
        stages:
          - type: parse
          - type: normalize
          - type: deduplicate
          - type: compress
        """

    func loadError(_ yaml: String, file: String = "Pipelines/news.yaml") -> StageError? {
        #expect(throws: StageError.self) { try PipelineDefinition(yaml: yaml, file: file) }
    }

    @Test("an unknown key in a stage names the file, the stage and the key, and lists the known keys")
    func unknownStageKey() {
        let yaml = """
            name: news
            stages:
              - type: parse
              - type: normalize
                boilerplat: ["Advertisement"]
            """
        let error = loadError(yaml)
        #expect(error?.code == .unknownKey)
        #expect(error?.message == "Pipelines/news.yaml: stage 2 (normalize): unknown key 'boilerplat'; known keys: name, type, boilerplate, patterns")
    }

    @Test("an unknown top-level key names the file and the key")
    func unknownTopLevelKey() {
        let error = loadError("name: news\nduplicate: mark\nstages:\n  - type: parse\n")
        #expect(error?.code == .unknownKey)
        #expect(error?.message == "Pipelines/news.yaml: unknown key 'duplicate'; known keys: name, description, duplicates, stages")
    }

    @Test("an unknown stage type lists the known types")
    func unknownType() {
        let error = loadError("name: news\nstages:\n  - type: parse\n  - type: entitys\n")
        #expect(error?.code == .unknownStageType)
        #expect(error?.message == "Pipelines/news.yaml: stage 2: unknown type 'entitys'; known types: compress, deduplicate, entities, exec, normalize, parse")
    }

    @Test("a stage without a type is refused with the known types")
    func missingType() {
        let error = loadError("name: news\nstages:\n  - format: text\n")
        #expect(error?.message.contains("stage 1: missing key 'type'; known types: compress") == true)
    }

    @Test("a bad value names the stage, the key and the allowed values")
    func badChoice() {
        let error = loadError("name: news\nstages:\n  - type: parse\n    format: xml\n")
        #expect(error?.code == .badConfig)
        #expect(error?.message == "Pipelines/news.yaml: stage 1 (parse): key 'format': 'xml' is not one of auto|text|json|jsonl|html|newsml")
    }

    @Test("a value of the wrong shape names the key and what was expected")
    func wrongShape() {
        let error = loadError("name: news\nstages:\n  - type: parse\n  - type: normalize\n    boilerplate: {a: b}\n")
        #expect(error?.message == "Pipelines/news.yaml: stage 2 (normalize): key 'boilerplate': expected a list")
    }

    @Test("a boilerplate pattern that does not compile fails loading, not the first article")
    func badPattern() {
        let error = loadError("name: news\nstages:\n  - type: parse\n  - type: normalize\n    patterns: ['(unclosed']\n")
        #expect(error?.code == .badConfig)
        #expect(error?.message.contains("stage 2 (normalize): key 'patterns'") == true)
        #expect(error?.message.contains("(unclosed") == true)
    }

    @Test("a YAML syntax error names the file and the line")
    func syntaxError() {
        let error = loadError("name: news\nstages:\n  - type: parse\n   bad: [\n")
        #expect(error?.message.hasPrefix("Pipelines/news.yaml: not valid YAML: 4:") == true)
    }

    @Test("a key given twice is an error")
    func duplicatedKey() {
        let error = loadError("name: news\nname: other\nstages:\n  - type: parse\n")
        #expect(error?.message.contains("'name'") == true)
    }

    @Test("structural rules are checked", arguments: [
        ("name: p\nstages: []\n", "no stages"),
        ("name: p\n", "missing key 'stages'"),
        ("name: p\nstages:\n  - type: normalize\n", "stage 1 (normalize): the first stage must be 'parse'"),
        ("name: p\nstages:\n  - type: parse\n  - type: parse\n    name: again\n", "stage 2 (parse 'again'): 'parse' may appear only once"),
        ("name: p\nstages:\n  - type: parse\n  - type: compress\n  - type: normalize\n", "stage 2 (compress): 'compress' must be the last stage"),
        ("name: p\nstages:\n  - type: parse\n  - type: normalize\n  - type: normalize\n", "stage 3 (normalize): name 'normalize' is already used by stage 2 (normalize)"),
        ("name: p\nstages:\n  - type: parse\n  - type: deduplicate\n  - type: normalize\n", "stage 2 (deduplicate): 'deduplicate' needs a 'normalize' stage before it"),
        ("name: 'two words'\nstages:\n  - type: parse\n", "pipeline name 'two words'"),
    ])
    func structure(yaml: String, expected: String) {
        let error = loadError(yaml, file: "p.yaml")
        #expect(error?.code == .invalidPipeline)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "no error")")
    }

    @Test("a minimal definition loads with drop as the duplicate policy")
    func minimalLoads() throws {
        let definition = try PipelineDefinition(yaml: Self.minimal, file: "news.yaml")
        #expect(definition.name == "news")
        #expect(definition.duplicates == .drop)
        #expect(definition.stages.map(\.name) == ["parse", "normalize", "deduplicate", "compress"])
        #expect(definition.stages.map(\.index) == [1, 2, 3, 4])
    }

    @Test("the name defaults to the file's name")
    func nameFromFile() throws {
        let definition = try PipelineDefinition(yaml: "stages:\n  - type: parse\n", file: "/etc/copydesk/pipelines/sports.yaml")
        #expect(definition.name == "sports")
    }

    @Test("the pipeline's duplicates policy is the deduplicate stage's default, and the stage may override it")
    func policyInheritance() throws {
        let inherited = try PipelineDefinition(yaml: "name: w\nduplicates: mark\n" + Self.stagesOnly, file: "w.yaml")
        #expect((inherited.stages[2].config as? DeduplicateStageConfig)?.effectivePolicy == .mark)
        let overridden = try PipelineDefinition(
            yaml: "name: w\nduplicates: mark\nstages:\n  - type: parse\n  - type: normalize\n  - type: deduplicate\n    policy: drop\n",
            file: "w.yaml")
        #expect((overridden.stages[2].config as? DeduplicateStageConfig)?.effectivePolicy == .drop)
    }

    static let stagesOnly = "stages:\n  - type: parse\n  - type: normalize\n  - type: deduplicate\n"

    @Test("a built pipeline has the definition's name, policy and stage names in order")
    func builds() throws {
        let yaml = "name: wire\nduplicates: mark\nstages:\n  - type: parse\n  - type: normalize\n    name: clean\n  - type: deduplicate\n  - type: compress\n"
        let pipeline = try PipelineTestSupport.pipeline(yaml)
        #expect(pipeline.name == "wire")
        #expect(pipeline.duplicates == .mark)
        #expect(pipeline.stages.map(\.name) == ["parse", "clean", "deduplicate", "compress"])
    }

    @Test("a registry may be extended with a stage type of its own")
    func extendedRegistry() throws {
        let registry = StageRegistry.builtIn.registering(UppercaseStageConfig.self)
        #expect(registry.types.contains("uppercase"))
        let definition = try PipelineDefinition(yaml: "name: p\nstages:\n  - type: parse\n  - type: uppercase\n", file: "p.yaml", registry: registry)
        #expect(definition.stages[1].type == "uppercase")
        #expect(throws: StageError.self) { try PipelineDefinition(yaml: "name: p\nstages:\n  - type: parse\n  - type: uppercase\n", file: "p.yaml") }
    }
}

/// A stage type defined outside the built-in registry.
struct UppercaseStageConfig: StageConfig {
    enum CodingKeys: CodingKey, CaseIterable {}
    static let type = "uppercase"
    func build(name: String, context: StageContext) throws(StageError) -> any Stage { UppercaseStage(name: name) }
}

/// Upper-cases the headline.
struct UppercaseStage: Stage {
    let name: String
    func process(_ item: inout PipelineItem) throws(StageError) -> StageOutcome {
        guard var article = item.article else { return .next }
        article.headlines = article.headlines.map { .init(role: $0.role, value: $0.value.uppercased()) }
        item.article = article
        return .next
    }
}
