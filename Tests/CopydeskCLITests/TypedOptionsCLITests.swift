import Foundation
import Testing

/// Options with a fixed set of values and the strict `sinks:` configuration, as a user meets them.
@Suite("Typed options and sink configuration errors")
struct TypedOptionsCLITests {
    @Test("a typo in a fixed-choice option is a usage error (exit 2) that lists the valid values", arguments: [
        (["replay", "--to", "stdout", "--format", "elasticsearch-bulkk"], "'elasticsearch-bulk'"),
        (["replay", "--to", "stdout", "--key", "clusterr"], "'cluster'"),
        (["replay", "--to", "stdout", "--compress", "lz4"], "'gzip'"),
        (["run", "--log-level", "verbose"], "notice"),
        (["log", "append-test", "--fsync", "sometimes"], "'interval:MSms'"),
    ])
    func typoIsUsageError(_ arguments: [String], _ listed: String) throws {
        let r = try copydesk(arguments)
        #expect(r.status == 2)
        #expect(r.stderr.contains("is invalid for '--"), "\(r.stderr)")
        #expect(r.stderr.contains(listed), "\(r.stderr)")
    }

    @Test("validate fails on a sink's bad format, naming the file, the sink, the key and the value")
    func validateNamesBadSinkValue() throws {
        let tmp = TemporaryDirectory("copydesk-sinks")
        let config = try writeSinkConfig(tmp, log: tmp.path + "/log", sinks: "search:\n  to: https://search.internal:9200/articles/_bulk\n  format: elasticsearch-bulkk")
        let r = try copydesk(["validate", "--config", config])
        #expect(r.status != 0)
        #expect(r.stderr.contains("\(config): sinks.search.format: 'elasticsearch-bulkk'"), "\(r.stderr)")
    }

    @Test("a flag given beside --sink overrides the sink's setting: --compress none over compress: gzip")
    func flagOverridesNamedSink() throws {
        let tmp = TemporaryDirectory("copydesk-sinks")
        let log = tmp.path + "/log"
        #expect(try copydesk(["log", "append-test", "--log", log, "--count", "5"]).status == 0)
        let out = tmp.path + "/archive.jsonl"
        let config = try writeSinkConfig(tmp, log: log, sinks: "archive:\n  to: file:\(out)\n  compress: gzip")
        let r = try copydesk(["replay", "--config", config, "--sink", "archive", "--compress", "none"])
        #expect(r.status == 0, "\(r.stderr)")
        let text = String(decoding: FileManager.default.contents(atPath: out) ?? Data(), as: UTF8.self)
        #expect(text.split(separator: "\n").count == 5)
        #expect(text.hasPrefix("{\"offset\":0"))
    }
}
