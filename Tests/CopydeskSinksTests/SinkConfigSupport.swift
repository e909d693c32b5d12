import Testing
import Yams
@testable import CopydeskSinks

/// One registered sink as the conformance tests know it: the value its
/// documented example stands for, a value it must refuse, and where it can be
/// built on this machine.
struct SinkCase: Sendable, CustomTestStringConvertible {
    /// What ``SinkConfig/example`` loads as.
    let expected: any SinkConfig & Equatable
    /// A line of the example replaced by a bad value of `badKey`.
    let badLine: String
    let badKey: String

    var schemes: [String] { type(of: expected).schemes }
    var example: String { type(of: expected).example }
    var testDescription: String { schemes.joined(separator: "/") }

    /// Whether `config` equals ``expected``.
    func matches(_ config: any SinkConfig) -> Bool { Self.same(expected, config) }

    private static func same<C: SinkConfig & Equatable>(_ a: C, _ b: any SinkConfig) -> Bool { (b as? C) == a }

    static let all: [SinkCase] = [
        SinkCase(expected: try! StdoutSinkConfig(target: "stdout"), badLine: "batch: 0", badKey: "batch"),
        SinkCase(expected: { var c = try! FileSinkConfig(target: "file:/var/tmp/articles.jsonl.zst"); c.compression = .zstd; return c }(),
                 badLine: "compress: lz4", badKey: "compress"),
        SinkCase(expected: { var c = try! HTTPSinkConfig(target: "https://search.internal:9200/articles/_bulk"); c.format = .elasticsearchBulk; return c }(),
                 badLine: "format: elasticsearch-bulkk", badKey: "format"),
        SinkCase(expected: { var c = PostgresSinkConfig(target: "postgres://copydesk@db.internal/news"); c.table = "news.articles"; c.connections = 4; return c }(),
                 badLine: "table: drop table", badKey: "table"),
        SinkCase(expected: { var c = try! KafkaSinkConfig(target: "kafka://k1:9092,k2:9092/articles"); c.key = .cluster; c.settings = ["compression.type=zstd"]; return c }(),
                 badLine: "key: clusterr", badKey: "key"),
    ]
}

/// The sink `example` in a `sinks:` mapping of `copydesk.yaml`, loaded strictly.
func loadSink(_ mapping: String) throws(SinkError) -> SinkDefinition {
    let indented = mapping.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
    let node = try! Yams.compose(yaml: "example:\n" + indented)!
    return try SinkDefinition.parseAll(node, file: "copydesk.yaml")["example"]!
}

/// `mapping` with its `key:` line replaced by `line` (or `line` added).
func replacing(_ key: String, with line: String, in mapping: String) -> String {
    var lines = mapping.split(separator: "\n").map(String.init).filter { !$0.hasPrefix(key + ":") }
    lines.append(line)
    return lines.joined(separator: "\n")
}
