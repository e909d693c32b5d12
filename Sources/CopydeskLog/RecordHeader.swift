/// The kind of a record in a segment.
public enum RecordType: UInt8, Sendable {
    /// An article (or any payload): the only kind that readers see.
    case data = 1
    /// A compression dictionary, embedded before its first use in the segment.
    case dictionary = 2
    /// The last record of a sealed segment, with a summary of it.
    case seal = 3
}

/// How a record's body is encoded.
public enum Codec: UInt8, Sendable {
    /// Stored as is.
    case none = 0
    /// One zstd frame, with the dictionary-id field set when a dictionary was used.
    case zstd = 1
}

/// The fixed, little-endian header in front of every record.
///
/// ```
/// 0  u32 body length        16 u64 offset
/// 4  u32 CRC32C             24 i64 timestamp (µs since the epoch)
/// 8  u8  type               32 u32 raw (decoded) length
/// 9  u8  codec
/// 10 u16 flags (0)
/// 12 u32 dictionary id
/// ```
/// The CRC covers bytes 8..<36 of the header and then the body, so a torn or
/// flipped header is caught as surely as a damaged body.
public struct RecordHeader: Sendable, Equatable {
    /// Bytes in a header.
    public static let size = 36
    /// The largest body the log accepts; anything claiming more is corrupt.
    public static let maxBodyLength = 256 << 20

    public var bodyLength: UInt32
    public var crc: UInt32
    public var type: UInt8
    public var codec: UInt8
    public var flags: UInt16
    public var dictionaryID: UInt32
    public var offset: UInt64
    public var timestamp: Int64
    public var rawLength: UInt32

    /// Makes a header; the CRC is filled in by `encode`.
    public init(type: RecordType, codec: Codec, dictionaryID: UInt32, offset: UInt64, timestamp: Int64, rawLength: UInt32, bodyLength: UInt32) {
        self.bodyLength = bodyLength
        self.crc = 0
        self.type = type.rawValue
        self.codec = codec.rawValue
        self.flags = 0
        self.dictionaryID = dictionaryID
        self.offset = offset
        self.timestamp = timestamp
        self.rawLength = rawLength
    }

    /// Reads a header from `p` (36 bytes, any alignment).
    public init(loading p: UnsafeRawPointer) {
        bodyLength = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
        crc = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        type = p.load(fromByteOffset: 8, as: UInt8.self)
        codec = p.load(fromByteOffset: 9, as: UInt8.self)
        flags = UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 10, as: UInt16.self))
        dictionaryID = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
        offset = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        timestamp = Int64(littleEndian: p.loadUnaligned(fromByteOffset: 24, as: Int64.self))
        rawLength = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 32, as: UInt32.self))
    }

    /// Writes the header at `p` with a CRC over it and `body`.
    public func store(to p: UnsafeMutableRawPointer, body: UnsafeRawBufferPointer) {
        p.storeBytes(of: bodyLength.littleEndian, toByteOffset: 0, as: UInt32.self)
        p.storeBytes(of: type, toByteOffset: 8, as: UInt8.self)
        p.storeBytes(of: codec, toByteOffset: 9, as: UInt8.self)
        p.storeBytes(of: flags.littleEndian, toByteOffset: 10, as: UInt16.self)
        p.storeBytes(of: dictionaryID.littleEndian, toByteOffset: 12, as: UInt32.self)
        p.storeBytes(of: offset.littleEndian, toByteOffset: 16, as: UInt64.self)
        p.storeBytes(of: timestamp.littleEndian, toByteOffset: 24, as: Int64.self)
        p.storeBytes(of: rawLength.littleEndian, toByteOffset: 32, as: UInt32.self)
        let crc = RecordHeader.checksum(headerAt: UnsafeRawPointer(p), body: body)
        p.storeBytes(of: crc.littleEndian, toByteOffset: 4, as: UInt32.self)
    }

    /// The CRC of a header (bytes 8..<36) followed by a body.
    public static func checksum(headerAt p: UnsafeRawPointer, body: UnsafeRawBufferPointer) -> UInt32 {
        let head = CRC32C.checksum(UnsafeRawBufferPointer(start: p + 8, count: size - 8))
        return CRC32C.checksum(body, extending: head)
    }

    /// Appends a whole framed record to `buffer`.
    public static func append(_ header: RecordHeader, body: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: size))
        buffer.append(contentsOf: body)
        buffer.withUnsafeMutableBytes { all in
            let p = all.baseAddress! + start
            header.store(to: p, body: UnsafeRawBufferPointer(start: p + size, count: body.count))
        }
    }
}
