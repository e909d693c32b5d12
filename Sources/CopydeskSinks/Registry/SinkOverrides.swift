/// Sink settings given on `replay`'s command line; each one given wins over
/// the named sink's configuration (``SinkConfig/apply(_:)``).
public struct SinkOverrides: Sendable, Equatable {
    /// `--format`: the HTTP body.
    public var format: HTTPSink.Format?
    /// `--compress`: a file target's compression.
    public var compression: StreamSink.Compression?
    /// `--table`: the PostgreSQL table.
    public var table: String?
    /// `--connections`: PostgreSQL connections in parallel.
    public var connections: Int?
    /// `--key`: the Kafka message key.
    public var key: KafkaSink.Key?
    /// `-X key=value`: librdkafka settings, applied after the configuration's (so they win).
    public var kafka: [String] = []

    /// Overrides; nil leaves the configuration's value.
    public init(format: HTTPSink.Format? = nil, compression: StreamSink.Compression? = nil, table: String? = nil,
                connections: Int? = nil, key: KafkaSink.Key? = nil, kafka: [String] = []) {
        self.format = format
        self.compression = compression
        self.table = table
        self.connections = connections
        self.key = key
        self.kafka = kafka
    }
}
