import Foundation

/// `to: http(s)://HOST/PATH`: batches POSTed as NDJSON or as an Elasticsearch
/// `_bulk` body.
///
/// ```yaml
/// to: https://search.internal:9200/articles/_bulk
/// format: elasticsearch-bulk   # ndjson (default) | elasticsearch-bulk
/// ```
public struct HTTPSinkConfig: SinkConfig, Equatable {
    /// The keys of an HTTP sink.
    public enum CodingKeys: String, CodingKey, CaseIterable { case to, format }

    /// `http` and `https`.
    public static let schemes = ["http", "https"]
    /// The documented example.
    public static let example = "to: https://search.internal:9200/articles/_bulk\nformat: elasticsearch-bulk"

    /// Where batches are POSTed.
    public var url: URL
    /// The body format.
    public var format = HTTPSink.Format.ndjson

    /// A URL with a host.
    public init(target: String) throws(SinkError) {
        guard let url = URL(string: target), url.host != nil else { throw .config("'\(target)' is not a usable URL") }
        self.url = url
    }

    /// Decodes `to` and `format`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(target: c.decode(String.self, forKey: .to))
        format = try c.decodeIfPresent(HTTPSink.Format.self, forKey: .format) ?? format
    }

    /// Takes `--format`.
    public mutating func apply(_ overrides: SinkOverrides) {
        if let f = overrides.format { format = f }
    }

    /// An ``HTTPSink`` (it connects on the first batch).
    public func build() -> any ReplaySink { HTTPSink(url: url, format: format) }
}
