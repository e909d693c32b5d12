import CRdKafka
import CopydeskRecord
import Foundation

/// `kafka://BROKER[,BROKER]/TOPIC`: an idempotent librdkafka producer; the key
/// is the article id (or its story cluster), so one story's records land on
/// one partition in log order. A batch counts as delivered only when every
/// delivery report came back without error.
public final class KafkaSink: ReplaySink {
    /// Which field keys a message.
    public enum Key: String, Sendable, CaseIterable {
        case id, cluster
    }

    public let description: String
    private let producer: OpaquePointer
    private let topic: OpaquePointer
    private let key: Key
    private let reports: Reports

    /// Counts delivery reports (librdkafka calls back from `poll`/`flush` on this thread).
    final class Reports {
        var delivered = 0
        var failed = 0
        var firstError: String?
    }

    /// A producer for `brokers` and `topic` with librdkafka `settings` on top of the defaults
    /// (`enable.idempotence=true`, `linger.ms=5`).
    public init(brokers: String, topic name: String, key: Key = .id, settings: [String] = []) throws {
        description = "kafka://\(brokers)/\(name)"
        self.key = key
        reports = Reports()
        let conf = rd_kafka_conf_new()
        var err = [CChar](repeating: 0, count: 512)
        func set(_ k: String, _ v: String) throws {
            if rd_kafka_conf_set(conf, k, v, &err, err.count) != RD_KAFKA_CONF_OK {
                throw SinkError("librdkafka setting \(k)=\(v): \(Self.text(err))", permanent: true)
            }
        }
        try set("bootstrap.servers", brokers)
        try set("enable.idempotence", "true")
        try set("linger.ms", "5")
        try set("message.timeout.ms", "60000")
        for s in settings {
            guard let eq = s.firstIndex(of: "=") else { throw SinkError("-X takes key=value, not '\(s)'", permanent: true) }
            try set(String(s[..<eq]), String(s[s.index(after: eq)...]))
        }
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(reports).toOpaque())
        rd_kafka_conf_set_dr_msg_cb(conf) { _, message, opaque in
            guard let opaque, let message else { return }
            let r = Unmanaged<Reports>.fromOpaque(opaque).takeUnretainedValue()
            if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                r.delivered += 1
            } else {
                r.failed += 1
                if r.firstError == nil { r.firstError = String(cString: rd_kafka_err2str(message.pointee.err)) }
            }
        }
        guard let p = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &err, err.count) else {
            throw SinkError("cannot create a Kafka producer: \(Self.text(err))", permanent: true)
        }
        producer = p
        guard let t = rd_kafka_topic_new(p, name, nil) else {
            rd_kafka_destroy(p)
            throw SinkError("cannot open topic \(name)", permanent: true)
        }
        topic = t
    }

    public func write(_ batch: [ReplayRecord], checkpoint: (consumer: String, nextOffset: UInt64)?) throws {
        reports.delivered = 0
        reports.failed = 0
        reports.firstError = nil
        for r in batch {
            var value = r.jsonLine
            var k = Array(((key == .cluster ? RecordField.string(at: RecordSchema.dedupCluster, in: r.payload) : RecordField.string("id", in: r.payload)) ?? "offset-\(r.offset)").utf8)
            while true {
                let rc = value.withUnsafeMutableBytes { v in
                    k.withUnsafeMutableBytes { kb in
                        rd_kafka_produce(topic, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, v.baseAddress, v.count, kb.baseAddress, kb.count, nil)
                    }
                }
                if rc == 0 { break }
                let e = rd_kafka_last_error()
                guard e == RD_KAFKA_RESP_ERR__QUEUE_FULL else {
                    throw SinkError("Kafka produce: \(String(cString: rd_kafka_err2str(e)))", offset: r.offset)
                }
                rd_kafka_poll(producer, 100)
            }
            rd_kafka_poll(producer, 0)
        }
        // Wait for every delivery report of the batch.
        while reports.delivered + reports.failed < batch.count {
            let rc = rd_kafka_flush(producer, 10_000)
            if rc == RD_KAFKA_RESP_ERR__TIMED_OUT && reports.delivered + reports.failed < batch.count { continue }
            break
        }
        if reports.failed > 0 {
            throw SinkError("Kafka did not confirm \(reports.failed) of \(batch.count) messages: \(reports.firstError ?? "unknown error")", offset: batch.first?.offset)
        }
    }

    /// A C error buffer as text.
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public func close() throws {
        rd_kafka_flush(producer, 30_000)
        rd_kafka_topic_destroy(topic)
        rd_kafka_destroy(producer)
    }
}
