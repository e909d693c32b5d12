/// Names and the small fixed header of segment files.
///
/// A segment is `segments/<20-digit base offset>.log`, where the base offset is
/// the offset of its first data record; beside it `.idx` (offset → position)
/// and `.tidx` (time → offset), both sparse and rebuildable.
public enum SegmentName {
    /// `CPDKSEG1`, then the base offset as u64 little-endian.
    static let magic: [UInt8] = Array("CPDKSEG1".utf8)
    /// Bytes before the first record.
    public static let headerSize = 16

    /// The file name of a segment.
    public static func logFile(base: UInt64) -> String {
        let digits = String(base)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".log"
    }

    /// The base offset encoded in a segment's file name, or nil when the name is not a segment.
    public static func base(ofFile name: String) -> UInt64? {
        guard name.hasSuffix(".log") else { return nil }
        let stem = name.dropLast(4)
        guard stem.count == 20, stem.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return UInt64(stem)
    }

    static func header(base: UInt64) -> [UInt8] {
        var h = magic
        withUnsafeBytes(of: base.littleEndian) { h.append(contentsOf: $0) }
        return h
    }

    /// The base offset in a segment header, or nil when the bytes are not one.
    static func parseHeader(_ p: UnsafeRawBufferPointer) -> UInt64? {
        guard p.count >= headerSize, Array(p[0..<8]) == magic else { return nil }
        return UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    }
}

/// The summary a SEAL record carries, so that stats need not scan sealed segments.
public struct SealSummary: Sendable, Equatable {
    /// Body bytes of a SEAL record.
    static let size = 48
    /// The offset after the segment's last data record.
    public var nextOffset: UInt64
    /// Data records in the segment.
    public var records: UInt64
    /// Decoded bytes of the segment's data records.
    public var rawBytes: UInt64
    /// Stored body bytes of the segment's data records.
    public var storedBytes: UInt64
    /// Timestamp of the first data record (µs), or 0.
    public var firstTimestamp: Int64
    /// Timestamp of the last data record (µs), or 0.
    public var lastTimestamp: Int64

    func encoded() -> [UInt8] {
        var b: [UInt8] = []
        b.reserveCapacity(Self.size)
        for v in [nextOffset, records, rawBytes, storedBytes, UInt64(bitPattern: firstTimestamp), UInt64(bitPattern: lastTimestamp)] {
            withUnsafeBytes(of: v.littleEndian) { b.append(contentsOf: $0) }
        }
        return b
    }

    init(nextOffset: UInt64, records: UInt64, rawBytes: UInt64, storedBytes: UInt64, firstTimestamp: Int64, lastTimestamp: Int64) {
        self.nextOffset = nextOffset
        self.records = records
        self.rawBytes = rawBytes
        self.storedBytes = storedBytes
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
    }

    init?(_ p: UnsafeRawBufferPointer) {
        guard p.count == Self.size else { return nil }
        func u(_ i: Int) -> UInt64 { UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) }
        self.init(nextOffset: u(0), records: u(1), rawBytes: u(2), storedBytes: u(3),
                  firstTimestamp: Int64(bitPattern: u(4)), lastTimestamp: Int64(bitPattern: u(5)))
    }
}
