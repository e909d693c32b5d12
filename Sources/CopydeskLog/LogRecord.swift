/// A data record as read from the log.
public struct LogRecord: Sendable {
    /// Its position in the log: dense, starting where the log starts.
    public var offset: UInt64
    /// When it was appended, µs since the epoch.
    public var timestamp: Int64
    /// How `body` is encoded.
    public var codec: Codec
    /// The zstd dictionary of `body`, or 0.
    public var dictionaryID: UInt32
    /// Bytes after decoding.
    public var rawLength: Int
    /// The stored bytes; `Decompressor.decode` turns them into the payload.
    public var body: [UInt8]

    /// Makes a record.
    public init(offset: UInt64, timestamp: Int64, codec: Codec, dictionaryID: UInt32, rawLength: Int, body: [UInt8]) {
        self.offset = offset
        self.timestamp = timestamp
        self.codec = codec
        self.dictionaryID = dictionaryID
        self.rawLength = rawLength
        self.body = body
    }
}
