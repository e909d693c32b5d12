import CopydeskLog
import CopydeskRecord

/// One record on its way downstream.
public struct ReplayRecord: Sendable {
    /// Its log offset.
    public var offset: UInt64
    /// When it was appended (µs since the epoch).
    public var timestamp: Int64
    /// The record's JSON, as stored.
    public var payload: [UInt8]

    /// Makes a record.
    public init(offset: UInt64, timestamp: Int64, payload: [UInt8]) {
        self.offset = offset
        self.timestamp = timestamp
        self.payload = payload
    }

    /// The record as one JSON line with `"offset"` first (no newline at the end).
    ///
    /// copydesk's records are JSON objects written on one line, so the offset
    /// is spliced in after the opening brace without parsing; anything else is
    /// wrapped as `{"offset":N,"raw":"…"}`.
    public var jsonLine: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + 24)
        out += Array("{\"offset\":\(offset)".utf8)
        var start = 0
        while start < payload.count, payload[start] == 0x20 || payload[start] == 0x0A || payload[start] == 0x09 || payload[start] == 0x0D { start += 1 }
        var end = payload.count
        while end > start, payload[end - 1] == 0x20 || payload[end - 1] == 0x0A || payload[end - 1] == 0x09 || payload[end - 1] == 0x0D { end -= 1 }
        if end - start >= 2, payload[start] == UInt8(ascii: "{"), payload[end - 1] == UInt8(ascii: "}"), !payload[start..<end].contains(0x0A) {
            var inner = start + 1
            while inner < end, payload[inner] == 0x20 { inner += 1 }
            if payload[inner] != UInt8(ascii: "}") { out.append(UInt8(ascii: ",")) }
            out += payload[inner..<end]
            return out
        }
        out += Array(",\"raw\":".utf8)
        out += JSONString.quoted(String(decoding: payload, as: UTF8.self))
        out.append(UInt8(ascii: "}"))
        return out
    }
}

/// A downstream system that replay writes to.
///
/// `write` returns only once every record of the batch is acknowledged
/// downstream (flushed to the file, committed in the database, confirmed by
/// the broker, answered 2xx); a throw means none of the batch may be counted
/// as delivered, and the replay stops without advancing its checkpoint past it.
public protocol ReplaySink: AnyObject {
    /// What the sink writes to, for messages (no password).
    var description: String { get }

    /// Delivers `batch`. When the sink keeps consumer checkpoints itself
    /// (``keepsCheckpoints``), `checkpoint` is stored atomically with the batch.
    func write(_ batch: [ReplayRecord], checkpoint: (consumer: String, nextOffset: UInt64)?) throws

    /// Whether the sink stores checkpoints in the same transaction as the records (PostgreSQL).
    var keepsCheckpoints: Bool { get }

    /// The checkpoint the sink stored for `consumer`, if it keeps them.
    func storedCheckpoint(consumer: String) throws -> UInt64?

    /// Flushes and releases everything.
    func close() throws
}

extension ReplaySink {
    /// Most sinks leave checkpoints to the log's `consumers/` folder.
    public var keepsCheckpoints: Bool { false }

    /// None stored.
    public func storedCheckpoint(consumer: String) throws -> UInt64? { nil }
}
