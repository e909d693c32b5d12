/// `to: stdout` (or `-`): JSON Lines on standard output. No other keys.
///
/// ```yaml
/// to: stdout
/// ```
public struct StdoutSinkConfig: SinkConfig, Equatable {
    /// The keys of a stdout sink.
    public enum CodingKeys: String, CodingKey, CaseIterable { case to }

    /// `stdout`.
    public static let schemes = ["stdout"]
    /// The documented example.
    public static let example = "to: stdout"

    /// Standard output; `target` is `stdout` or `-`.
    public init(target: String) throws(SinkError) {
        guard target == "stdout" || target == "-" else { throw .config("a stdout target is 'stdout' or '-', not '\(target)'") }
    }

    /// Decodes `to`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(target: c.decode(String.self, forKey: .to))
    }

    /// Nothing to take.
    public func apply(_ overrides: SinkOverrides) {}

    /// A ``StreamSink`` on descriptor 1.
    public func build() -> any ReplaySink { StreamSink() }
}
