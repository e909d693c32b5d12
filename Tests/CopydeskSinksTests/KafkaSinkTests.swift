import CRdKafka
import CopydeskLog
import Foundation
import CopydeskBench
import Testing
@testable import CopydeskSinks

/// librdkafka's mock cluster (``MockKafkaCluster``) and a consumer reading it back.
final class MockKafka: @unchecked Sendable {
    let cluster: MockKafkaCluster
    var bootstraps: String { cluster.bootstraps }

    init(topic: String, partitions: Int32) throws {
        cluster = try MockKafkaCluster(topic: topic, partitions: partitions)
    }

    /// Every message of `topic` as (partition, key, value), in partition order.
    func consume(topic: String, partitions: Int32, expecting count: Int) throws -> [(partition: Int32, key: String, value: String)] {
        var err = [CChar](repeating: 0, count: 512)
        let conf = rd_kafka_conf_new()
        rd_kafka_conf_set(conf, "bootstrap.servers", bootstraps, &err, err.count)
        rd_kafka_conf_set(conf, "group.id", "copydesk-test", &err, err.count)
        rd_kafka_conf_set(conf, "enable.partition.eof", "false", &err, err.count)
        let consumer = try #require(rd_kafka_new(RD_KAFKA_CONSUMER, conf, &err, err.count))
        defer { rd_kafka_consumer_close(consumer); rd_kafka_destroy(consumer) }
        let list = rd_kafka_topic_partition_list_new(partitions)
        for p in 0..<partitions {
            rd_kafka_topic_partition_list_add(list, topic, p).pointee.offset = Int64(RD_KAFKA_OFFSET_BEGINNING)
        }
        rd_kafka_assign(consumer, list)
        rd_kafka_topic_partition_list_destroy(list)
        var out: [(Int32, String, String)] = []
        let deadline = Date().addingTimeInterval(30)
        while out.count < count && Date() < deadline {
            guard let m = rd_kafka_consumer_poll(consumer, 200) else { continue }
            defer { rd_kafka_message_destroy(m) }
            guard m.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
            let key = m.pointee.key.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: m.pointee.key_len), as: UTF8.self) } ?? ""
            let value = m.pointee.payload.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: m.pointee.len), as: UTF8.self) } ?? ""
            out.append((m.pointee.partition, key, value))
        }
        return out
    }
}

private func offset(of value: String) -> Int {
    Int(value.dropFirst("{\"offset\":".count).prefix { $0.isNumber }) ?? -1
}

@Suite("Replay into Kafka (librdkafka's mock cluster)")
struct KafkaSinkTests {
    @Test("every record once, keyed by article id, in log order within each partition; the checkpoint follows the delivery reports")
    func byID() throws {
        let kafka = try MockKafka(topic: "articles", partitions: 4)
        let log = try TestLog(count: 3_000)
        var options = ReplayOptions()
        options.consumer = "stream"
        options.batch = 500
        let sink = try KafkaSink(brokers: kafka.bootstraps, topic: "articles")
        let p = try ReplayDriver(directory: log.directory, sink: sink, options: options).run()
        #expect(p.sent == 3_000)
        #expect(try ConsumerCheckpoints(log.directory).load("stream")?.nextOffset == 3_000)
        let got = try kafka.consume(topic: "articles", partitions: 4, expecting: 3_000)
        #expect(got.count == 3_000)
        #expect(Set(got.map(\.key)).count == 3_000)
        #expect(got.allSatisfy { $0.key == "story-\(offset(of: $0.value))" })
        for partition in 0..<Int32(4) {
            let offsets = got.filter { $0.partition == partition }.map { offset(of: $0.value) }
            #expect(offsets == offsets.sorted(), "partition \(partition) out of log order")
        }
        #expect(Set(got.map(\.partition)).count > 1)
    }

    @Test("keyed by story cluster, a cluster's records share a partition, in log order")
    func byCluster() throws {
        let kafka = try MockKafka(topic: "stories", partitions: 3)
        let log = try TestLog(count: 600)
        let sink = try KafkaSink(brokers: kafka.bootstraps, topic: "stories", key: .cluster)
        #expect(try ReplayDriver(directory: log.directory, sink: sink, options: ReplayOptions()).run().sent == 600)
        let got = try kafka.consume(topic: "stories", partitions: 3, expecting: 600)
        #expect(got.count == 600)
        var partitionOf: [String: Int32] = [:]
        for m in got {
            #expect(m.key == "c-\(offset(of: m.value) / 3)")
            if let p = partitionOf[m.key] { #expect(p == m.partition) } else { partitionOf[m.key] = m.partition }
        }
    }

    @Test("a bad librdkafka setting is a clear error")
    func badSetting() {
        #expect(throws: SinkError.self) { try KafkaSink(brokers: "127.0.0.1:1", topic: "t", settings: ["no.such.setting=1"]) }
    }
}
