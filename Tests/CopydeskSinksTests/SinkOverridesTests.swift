import Testing
@testable import CopydeskSinks

/// `replay --sink NAME` with flags: each flag given wins over the named sink's setting.
@Suite("Flags over a sink's configuration")
struct SinkOverridesTests {
    @Test("a flag given replaces the configuration's value")
    func flagWins() throws {
        var config = try loadSink("to: http://search.internal/_bulk\nformat: elasticsearch-bulk").config
        try config.apply(SinkOverrides(format: .ndjson))
        #expect((config as? HTTPSinkConfig)?.format == .ndjson)
    }

    @Test("a flag not given leaves the configuration's value")
    func absentFlagKeepsConfig() throws {
        var config = try loadSink("to: postgres://db/news\ntable: warehouse.articles\nconnections: 4").config
        try config.apply(SinkOverrides(connections: 8))
        #expect((config as? PostgresSinkConfig)?.table == "warehouse.articles")
        #expect((config as? PostgresSinkConfig)?.connections == 8)
    }

    @Test("-X settings come after the configuration's kafka: ones, so librdkafka takes the flag's")
    func kafkaSettingsAfterConfig() throws {
        var config = try loadSink("to: kafka://k1:9092/articles\nkafka: {linger.ms: 5}").config
        try config.apply(SinkOverrides(kafka: ["linger.ms=50"]))
        #expect((config as? KafkaSinkConfig)?.settings == ["linger.ms=5", "linger.ms=50"])
    }

    @Test("a flag's bad value is refused as the configuration's would be")
    func badFlagValue() throws {
        var config = try loadSink("to: postgres://db/news").config
        let error = #expect(throws: SinkError.self) { try config.apply(SinkOverrides(table: "drop table")) }
        #expect(error?.code == .badConfig)
    }
}
