import CRdKafka
import CopydeskLog
import CopydeskRecord
import CopydeskSinks
import Foundation

/// `copydesk bench replay`: records/s from a log of BBC articles (as copydesk
/// records, ~3 KB) to JSON Lines on /dev/null, into a throwaway PostgreSQL and
/// into librdkafka's mock cluster.
package struct ReplayBenchmark {
    /// One target's figures.
    package struct Row: Sendable, Codable {
        /// The target.
        package var target: String
        /// Records delivered.
        package var records: UInt64
        /// Seconds taken.
        package var seconds: Double
        /// Records a second.
        package var perSecond: Double

        enum CodingKeys: String, CodingKey { case target, records, seconds, perSecond = "records_per_s" }
    }

    /// Records in the log.
    package var records: Int
    /// Where the scratch log goes (removed afterwards).
    package var scratch: String
    /// A PostgreSQL URL to use instead of a throwaway server.
    package var postgres: String?
    /// Records per batch.
    package var batch = 1000

    /// Prepares a run.
    package init(records: Int, scratch: String, postgres: String? = nil) {
        self.records = records
        self.scratch = scratch
        self.postgres = postgres
    }

    /// Writes the log, then times each target.
    /// `payloads` are the records to cycle through (copydesk records, JSON with an `"id"`).
    package func run(payloads: [[UInt8]], progress: (String) -> Void) throws -> [Row] {
        guard !payloads.isEmpty else { throw SinkError("no records to replay (is the corpus there?)", permanent: true) }
        try? FileManager.default.removeItem(atPath: scratch)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let directory = LogDirectory(scratch + "/log")
        var config = LogConfiguration()
        config.fsync = .never
        progress("writing \(records) records")
        let writer = try LogWriter(directory: directory, configuration: config, owner: "copydesk bench replay")
        var batch: [EncodedRecord] = []
        for n in 0..<records {
            // Unique ids: the same article may appear many times in the cycle.
            var p = payloads[n % payloads.count]
            if n >= payloads.count, let idEnd = Self.idValueEnd(p) { p.insert(contentsOf: Array("#\(n / payloads.count)".utf8), at: idEnd) }
            batch.append(EncodedRecord(raw: p))
            if batch.count == 1000 { _ = try writer.appendAndWait(batch); batch = [] }
        }
        if !batch.isEmpty { _ = try writer.appendAndWait(batch) }
        writer.close()

        var rows: [Row] = []
        func time(_ name: String, _ sink: any ReplaySink) throws {
            progress("replaying into \(name)")
            var options = ReplayOptions()
            options.batch = self.batch
            let start = Date()
            let p = try ReplayDriver(directory: directory, sink: sink, options: options).run()
            let seconds = Date().timeIntervalSince(start)
            rows.append(Row(target: name, records: p.sent, seconds: seconds, perSecond: Double(p.sent) / seconds))
        }
        let devNull = open("/dev/null", O_WRONLY)
        try time("stdout (JSON Lines to /dev/null)", StreamSink(descriptor: devNull))
        close(devNull)
        var server: ThrowawayPostgres?
        if postgres == nil { server = try ThrowawayPostgres() }
        try time("PostgreSQL (COPY, one row per id, checkpoint per batch)", PostgresSink(url: postgres ?? server!.url, table: "bench_articles"))
        server = nil
        let kafka = try MockKafkaCluster(topic: "bench", partitions: 6)
        try time("Kafka (librdkafka mock cluster, idempotent producer)", KafkaSink(brokers: kafka.bootstraps, topic: "bench"))
        return rows
    }

    /// Where the value of the top-level `"id":"…"` ends (before its closing quote).
    static func idValueEnd(_ json: [UInt8]) -> Int? {
        guard let start = RecordField.string("id", in: json).flatMap({ id -> Int? in
            let key = Array("\"id\":\"\(id)".utf8)
            var i = 0
            while i <= json.count - key.count {
                if json[i..<(i + key.count)].elementsEqual(key) { return i + key.count }
                i += 1
            }
            return nil
        }) else { return nil }
        return start
    }
}
