/// A replay sink configured by name (`sinks.NAME` in copydesk.yaml): the
/// sink's own configuration and replay's settings for it.
public struct SinkDefinition: Sendable {
    /// The keys of a sink mapping that belong to replay rather than to the sink.
    public static let replayKeys = ["filter", "batch", "rate"]

    /// The sink's name (its consumer, unless `--consumer` says otherwise).
    public var name: String
    /// The sink's configuration, its kind chosen by `to:`'s scheme.
    public var config: any SinkConfig
    /// Filters, as `--filter` takes them (checked).
    public var filter: [String] = []
    /// Records per batch.
    public var batch: Int?
    /// Records a second at most.
    public var rate: Int?

    /// A definition of `config` with replay's defaults.
    public init(name: String, config: any SinkConfig) {
        self.name = name
        self.config = config
    }

    /// Whether `name` can name a sink: letters, digits, `.`, `_` and `-`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == ".")
        }
    }
}
