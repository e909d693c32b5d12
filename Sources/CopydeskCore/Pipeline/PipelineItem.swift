#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CopydeskLog

/// Where an item came from.
public struct ItemSource: Sendable, Hashable {
    /// The file's path when it was claimed (in the drop directory), or the path given to `ingest`.
    public var path: String
    /// The drop directory, if any.
    public var drop: String?
    /// Bytes of the whole file.
    public var bytes: Int
    /// The file's modification time.
    public var mtime: Date?
    /// The 1-based line of a JSONL file, or nil for a whole file.
    public var line: Int?

    /// Makes a source description.
    public init(path: String, drop: String? = nil, bytes: Int, mtime: Date? = nil, line: Int? = nil) {
        self.path = path
        self.drop = drop
        self.bytes = bytes
        self.mtime = mtime
        self.line = line
    }
}

/// One article on its way through a pipeline: the input bytes, and what each
/// stage has made of them so far.
public struct PipelineItem: Sendable {
    /// The bytes of the file, or of one JSONL line.
    public var raw: [UInt8]
    /// How to read `raw` (`.json` for a JSONL line).
    public var format: InputFormat
    /// Where it came from.
    public var source: ItemSource
    /// When the file was picked up.
    public var receivedAt: Date
    /// Hex SHA-256 of `raw`: the same bytes delivered again are recognised by it.
    public var rawHash: String
    /// The record, once parse has run.
    public var article: Article?
    /// The normalised headline and body that the content hash is taken over, once normalize has run.
    public var hashingText: String?
    /// The stored form of the record, once compress has run; the runtime appends exactly this.
    public var encoded: EncodedRecord?
    /// Microseconds spent in each stage, by stage name.
    public var timings: [String: Int]

    /// A new item.
    public init(raw: [UInt8], format: InputFormat = .auto, source: ItemSource, receivedAt: Date = Date(), rawHash: String) {
        self.raw = raw
        self.format = format
        self.source = source
        self.receivedAt = receivedAt
        self.rawHash = rawHash
        self.article = nil
        self.hashingText = nil
        self.encoded = nil
        self.timings = [:]
    }
}
