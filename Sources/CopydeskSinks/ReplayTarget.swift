import Foundation

/// Options that only some targets use.
public struct ReplayTargetSettings: Sendable {
    /// HTTP body: `ndjson` or `elasticsearch-bulk`.
    public var format = "ndjson"
    /// PostgreSQL table.
    public var table = "articles"
    /// Kafka key: `id` or `cluster`.
    public var key = "id"
    /// librdkafka `key=value` settings.
    public var kafka: [String] = []
    /// File compression (nil: by the file's name).
    public var compression: StreamSink.Compression?
    /// PostgreSQL connections writing in parallel (each batch split by article id).
    public var connections = 2

    /// Makes settings.
    public init(format: String = "ndjson", table: String = "articles", key: String = "id", kafka: [String] = [],
                compression: StreamSink.Compression? = nil, connections: Int = 2) {
        self.connections = connections
        self.format = format
        self.table = table
        self.key = key
        self.kafka = kafka
        self.compression = compression
    }
}

/// Turns `--to TARGET` into a sink.
public enum ReplayTarget {
    /// Opens the sink `target` names.
    public static func open(_ target: String, settings: ReplayTargetSettings = ReplayTargetSettings()) throws -> any ReplaySink {
        if target == "stdout" || target == "-" { return StreamSink() }
        if target.hasPrefix("file:") {
            let path = String(target.dropFirst(5))
            guard !path.isEmpty else { throw SinkError("file: needs a path (file:/var/tmp/articles.jsonl)", permanent: true) }
            return try StreamSink(path: path, compression: settings.compression)
        }
        if target.hasPrefix("http://") || target.hasPrefix("https://") {
            guard let url = URL(string: target), url.host != nil else { throw SinkError("'\(target)' is not a usable URL", permanent: true) }
            return HTTPSink(url: url, format: HTTPSink.Format(rawValue: settings.format) ?? .ndjson)
        }
        if target.hasPrefix("postgres://") || target.hasPrefix("postgresql://") {
            return try PostgresSink(url: target, table: settings.table, connections: settings.connections)
        }
        if target.hasPrefix("kafka://") {
            let rest = target.dropFirst("kafka://".count)
            guard let slash = rest.firstIndex(of: "/"), !rest[..<slash].isEmpty, !rest[rest.index(after: slash)...].isEmpty else {
                throw SinkError("kafka targets are kafka://BROKER[,BROKER]/TOPIC, not '\(target)'", permanent: true)
            }
            return try KafkaSink(brokers: String(rest[..<slash]), topic: String(rest[rest.index(after: slash)...]),
                                 key: KafkaSink.Key(rawValue: settings.key) ?? .id, settings: settings.kafka)
        }
        throw SinkError("unknown target '\(target)': use stdout, file:PATH, http(s)://…, postgres://… or kafka://BROKERS/TOPIC", permanent: true)
    }
}
