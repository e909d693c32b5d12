/// `to: file:PATH`: JSON Lines appended to a file, zstd or gzip compressed by
/// its `.zst`/`.gz` name unless `compress` says otherwise.
///
/// ```yaml
/// to: file:/var/tmp/articles.jsonl.zst
/// compress: zstd          # none | zstd | gzip; default by the name
/// ```
public struct FileSinkConfig: SinkConfig, Equatable {
    /// The keys of a file sink.
    public enum CodingKeys: String, CodingKey, CaseIterable { case to, compress }

    /// `file`.
    public static let schemes = ["file"]
    /// The documented example.
    public static let example = "to: file:/var/tmp/articles.jsonl.zst\ncompress: zstd"

    /// The file (relative to the working directory unless absolute).
    public var path: String
    /// The compression; nil chooses by the file's name.
    public var compression: StreamSink.Compression?

    /// `file:PATH`.
    public init(target: String) throws(SinkError) {
        path = String(target.dropFirst("file:".count))
        guard target.hasPrefix("file:"), !path.isEmpty else { throw .config("file: needs a path (file:/var/tmp/articles.jsonl)") }
    }

    /// Decodes `to` and `compress`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(target: c.decode(String.self, forKey: .to))
        compression = try c.decodeIfPresent(StreamSink.Compression.self, forKey: .compress)
    }

    /// Takes `--compress`.
    public mutating func apply(_ overrides: SinkOverrides) {
        if let c = overrides.compression { compression = c }
    }

    /// Opens the file for appending.
    public func build() throws -> any ReplaySink { try StreamSink(path: path, compression: compression) }
}
