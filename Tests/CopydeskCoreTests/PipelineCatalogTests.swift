import FoundationEssentials
import Testing
@testable import CopydeskCore

@Suite("Pipeline catalog and shipped pipelines")
struct PipelineCatalogTests {
    static let shipped: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: PipelineTestSupport.pipelinesDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    @Test("the built-in news pipeline is byte for byte Pipelines/news.yaml")
    func builtInMatchesFile() throws {
        let file = try String(contentsOf: PipelineTestSupport.pipelinesDirectory.appendingPathComponent("news.yaml"), encoding: .utf8)
        #expect(BuiltInPipelines.news == file)
    }

    @Test("Pipelines/ ships news, wire and plain")
    func shipsNewsWireAndPlain() {
        #expect(Self.shipped.contains("news.yaml"))
        #expect(Self.shipped.contains("wire.yaml"))
        #expect(Self.shipped.contains("plain.yaml"))
    }

    @Test("plain has neither near-duplicate marking nor entities")
    func plainIsTextOnly() throws {
        let definition = try PipelineDefinition.load(path: PipelineTestSupport.pipelinesDirectory.appendingPathComponent("plain.yaml").path)
        #expect(definition.stages.map(\.type) == ["parse", "normalize", "deduplicate", "compress"])
        let pipeline = try definition.build(context: definition.makeContext(
            compressor: PipelineTestSupport.context().compressor, contentIndex: ContentIndex()))
        var item = PipelineItem(raw: Array("Harbour reopens\n\nThe harbour reopened on Monday after repairs, the port authority said.\n".utf8),
                                source: ItemSource(path: "a.txt", bytes: 0), rawHash: "x")
        for stage in pipeline.stages { _ = try stage.process(&item) }
        let article = try #require(item.article)
        #expect(article.copydesk.dedup?.status == .unique)
        #expect(article.copydesk.dedup?.cluster == nil)
        #expect(article.people.isEmpty && article.places.isEmpty && article.organisations.isEmpty)
    }

    @Test("every shipped pipeline loads and builds", arguments: shipped)
    func shippedLoadsAndBuilds(file: String) throws {
        let path = PipelineTestSupport.pipelinesDirectory.appendingPathComponent(file).path
        let definition = try PipelineDefinition.load(path: path)
        #expect(definition.name + ".yaml" == file)
        let pipeline = try definition.build(context: definition.makeContext(
            compressor: PipelineTestSupport.context().compressor, contentIndex: ContentIndex()))
        #expect(pipeline.stages.first?.name == "parse")
        #expect(pipeline.stages.last?.name == "compress")
    }

    @Test("with no directory the catalog holds the built-in news pipeline")
    func builtInOnly() throws {
        let catalog = PipelineCatalog.builtIn()
        #expect(catalog.errors.isEmpty)
        #expect(catalog.names == ["news"])
        #expect(catalog["news"]?.file == BuiltInPipelines.file)
        try catalog.check()
    }

    @Test("the shipped directory loads cleanly, and its news.yaml takes the place of the built-in one")
    func shippedDirectory() throws {
        let catalog = PipelineCatalog(directory: PipelineTestSupport.pipelinesDirectory.path)
        #expect(catalog.errors.isEmpty)
        #expect(catalog.names == ["news", "plain", "wire"])
        #expect(catalog["news"]?.file.hasSuffix("Pipelines/news.yaml") == true)
    }

    @Test("every bad file is reported with its path while the good ones load")
    func reportsEveryBadFile() throws {
        let directory = try PipelineTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func write(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }
        try write("sports.yaml", "stages:\n  - type: parse\n  - type: compress\n")
        try write("typo.yaml", "stages:\n  - type: parse\n    formatt: text\n")
        try write("order.yml", "stages:\n  - type: compress\n")
        try write(".editor-swap.yaml", "not: [valid")
        try write("README.md", "not a pipeline")
        let catalog = PipelineCatalog(directory: directory.path)
        #expect(catalog.names == ["news", "sports"])
        #expect(catalog.errors.count == 2)
        let messages = catalog.errors.map(\.message)
        #expect(messages.contains { $0.hasPrefix(directory.appendingPathComponent("typo.yaml").path + ": stage 1 (parse): unknown key 'formatt'") })
        #expect(messages.contains { $0.hasPrefix(directory.appendingPathComponent("order.yml").path + ": stage 1 (compress): the first stage must be 'parse'") })
        let error = #expect(throws: StageError.self) { try catalog.check() }
        #expect(error?.message.hasPrefix("2 problems in pipeline definitions:\n") == true)
    }

    @Test("two files defining the same pipeline name are an error naming both")
    func duplicateNames() throws {
        let directory = try PipelineTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("name: feed\nstages:\n  - type: parse\n".utf8).write(to: directory.appendingPathComponent("a.yaml"))
        try Data("name: feed\nstages:\n  - type: parse\n".utf8).write(to: directory.appendingPathComponent("b.yaml"))
        let catalog = PipelineCatalog(directory: directory.path)
        #expect(catalog["feed"]?.file.hasSuffix("a.yaml") == true)
        #expect(catalog.errors.count == 1)
        #expect(catalog.errors.first?.message.contains("b.yaml: pipeline name 'feed' is already defined by") == true)
    }

    @Test("a missing directory is an error naming it")
    func missingDirectory() {
        let catalog = PipelineCatalog(directory: "/nonexistent/copydesk/pipelines")
        #expect(catalog.names == ["news"])
        #expect(catalog.errors.first?.message.hasPrefix("/nonexistent/copydesk/pipelines: cannot list") == true)
    }
}
