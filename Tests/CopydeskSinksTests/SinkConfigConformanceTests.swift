import Foundation
import CopydeskBench
import Testing
@testable import CopydeskSinks

/// Every sink in ``SinkRegistry/builtIn`` against the ``SinkConfig`` contract.
@Suite("Sink configurations (every registered sink)")
struct SinkConfigConformanceTests {
    @Test("every registered sink has a conformance case, and every case a registered sink")
    func casesCoverTheRegistry() {
        let registered: [String] = SinkRegistry.builtIn.all.map { $0.schemes.joined(separator: "/") }.sorted()
        let tested: [String] = SinkCase.all.map(\.testDescription).sorted()
        #expect(registered == tested)
    }

    @Test("the documented example loads as the value it describes", arguments: SinkCase.all)
    func exampleLoads(_ sink: SinkCase) throws {
        let definition = try loadSink(sink.example)
        #expect(sink.matches(definition.config), "\(definition.config)")
    }

    @Test("a key the sink does not take fails with unknown_key, naming file, sink and key", arguments: SinkCase.all)
    func unknownKey(_ sink: SinkCase) {
        let error = #expect(throws: SinkError.self) { try loadSink(sink.example + "\ncolour: blue") }
        #expect(error?.code == .unknownKey)
        #expect(error?.message.hasPrefix("copydesk.yaml: sinks.example: unknown key 'colour'") == true, "\(error?.message ?? "")")
    }

    @Test("a bad value fails with bad_config, naming file, sink and key", arguments: SinkCase.all)
    func badValue(_ sink: SinkCase) {
        let error = #expect(throws: SinkError.self) { try loadSink(replacing(sink.badKey, with: sink.badLine, in: sink.example)) }
        #expect(error?.code == .badConfig)
        #expect(error?.message.hasPrefix("copydesk.yaml: sinks.example.\(sink.badKey): ") == true, "\(error?.message ?? "")")
    }

    @Test("a key with no value fails with bad_config instead of leaving the default", arguments: SinkCase.all)
    func emptyValue(_ sink: SinkCase) {
        let error = #expect(throws: SinkError.self) { try loadSink(replacing(sink.badKey, with: sink.badKey + ":", in: sink.example)) }
        #expect(error?.code == .badConfig)
        #expect(error?.message == "copydesk.yaml: sinks.example.\(sink.badKey): no value given")
    }

    @Test("a target no sink serves fails with unknown_target, naming the sink's to")
    func unknownTarget() {
        let error = #expect(throws: SinkError.self) { try loadSink("to: ftp://archive.internal/articles") }
        #expect(error?.code == .unknownTarget)
        #expect(error?.message.hasPrefix("copydesk.yaml: sinks.example.to: unknown target 'ftp://archive.internal/articles'") == true)
    }

    @Test("replay's own keys load beside any sink's: filters, batch and rate")
    func replayKeys() throws {
        let definition = try loadSink("to: stdout\nfilter: [\"dedup!=near_duplicate\"]\nbatch: 7\nrate: 50")
        #expect(definition.filter == ["dedup!=near_duplicate"])
        #expect(definition.batch == 7)
        #expect(definition.rate == 50)
    }

    @Test("every example builds the runtime sink when its to: names a local one", arguments: SinkCase.all)
    func builds(_ sink: SinkCase) throws {
        let local = try LocalTarget(for: sink.schemes[0])
        try withExtendedLifetime(local) {
            let definition = try loadSink(replacing("to", with: "to: \(local.target)", in: sink.example))
            try definition.config.build().close()
        }
    }
}

/// A real sink of each kind on this machine: a temporary file, librdkafka's
/// mock cluster, a throwaway PostgreSQL (with the example's `news` schema).
struct LocalTarget {
    let target: String
    private var keep: [AnyObject] = []

    init(for scheme: String) throws {
        switch scheme {
        case "file":
            let dir = try TestLog(count: 0)
            target = "file:\(dir.root)/articles.jsonl.zst"
            keep = [dir]
        case "kafka":
            let cluster = try MockKafkaCluster(topic: "articles", partitions: 1)
            target = "kafka://\(cluster.bootstraps)/articles"
            keep = [cluster]
        case "postgres":
            try #require(ThrowawayPostgres.bin != nil, "PostgreSQL is not installed (Deploy/install-deps.sh installs it)")
            let pg = try ThrowawayPostgres()
            _ = pg.rows("CREATE SCHEMA news")
            target = pg.url
            keep = [pg]
        case "http":
            target = "http://127.0.0.1:9/articles/_bulk"  // the sink connects on its first batch only
        default:
            target = scheme
        }
    }
}
