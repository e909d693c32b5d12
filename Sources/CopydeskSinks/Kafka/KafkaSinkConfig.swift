/// `to: kafka://BROKER[,BROKER]/TOPIC`: an idempotent producer keyed by the
/// article id or its story cluster, with librdkafka settings passed through.
///
/// ```yaml
/// to: kafka://k1:9092,k2:9092/articles
/// key: cluster                     # id (default) | cluster
/// kafka: {compression.type: zstd}  # librdkafka settings
/// ```
public struct KafkaSinkConfig: SinkConfig, Equatable {
    /// The keys of a Kafka sink.
    public enum CodingKeys: String, CodingKey, CaseIterable { case to, key, kafka }

    /// `kafka`.
    public static let schemes = ["kafka"]
    /// The documented example.
    public static let example = "to: kafka://k1:9092,k2:9092/articles\nkey: cluster\nkafka: {compression.type: zstd}"

    /// The bootstrap brokers, comma-separated.
    public var brokers: String
    /// The topic.
    public var topic: String
    /// What keys a message.
    public var key = KafkaSink.Key.id
    /// librdkafka settings, `key=value`, applied in order (a later one wins).
    public var settings: [String] = []

    /// `kafka://BROKERS/TOPIC`.
    public init(target: String) throws(SinkError) {
        let rest = target.dropFirst("kafka://".count)
        guard target.hasPrefix("kafka://"), let slash = rest.firstIndex(of: "/"), !rest[..<slash].isEmpty, !rest[rest.index(after: slash)...].isEmpty else {
            throw .config("kafka targets are kafka://BROKER[,BROKER]/TOPIC, not '\(target)'")
        }
        brokers = String(rest[..<slash])
        topic = String(rest[rest.index(after: slash)...])
    }

    /// Decodes `to`, `key` and `kafka`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(target: c.decode(String.self, forKey: .to))
        key = try c.decodeIfPresent(KafkaSink.Key.self, forKey: .key) ?? key
        settings = try c.decodeIfPresent([String: String].self, forKey: .kafka)?.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } ?? []
    }

    /// Takes `--key` and `-X` (after the configuration's settings).
    public mutating func apply(_ overrides: SinkOverrides) {
        if let k = overrides.key { key = k }
        settings += overrides.kafka
    }

    /// Creates the producer.
    public func build() throws -> any ReplaySink { try KafkaSink(brokers: brokers, topic: topic, key: key, settings: settings) }
}
