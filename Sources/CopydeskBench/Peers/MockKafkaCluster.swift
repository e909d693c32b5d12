import CRdKafka
import CopydeskSinks

/// librdkafka's built-in mock cluster (three brokers) in this process, for `bench replay`.
package final class MockKafkaCluster: @unchecked Sendable {
    private let handle: OpaquePointer
    /// `host:port,…` of its brokers.
    package let bootstraps: String

    /// A cluster with `topic` of `partitions` partitions, replicated three times.
    package init(topic: String, partitions: Int32) throws {
        var err = [CChar](repeating: 0, count: 512)
        let conf = rd_kafka_conf_new()
        rd_kafka_conf_set(conf, "test.mock.num.brokers", "3", &err, err.count)
        guard let h = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &err, err.count), let cluster = rd_kafka_handle_mock_cluster(h) else {
            throw SinkError("cannot start librdkafka's mock cluster")
        }
        handle = h
        bootstraps = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
        rd_kafka_mock_topic_create(cluster, topic, partitions, 3)
    }

    deinit { rd_kafka_destroy(handle) }
}
