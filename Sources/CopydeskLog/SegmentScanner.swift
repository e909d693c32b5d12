#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// One framed record found by a `SegmentScanner`.
struct ScannedRecord {
    var header: RecordHeader
    /// File position of the header.
    var position: Int64
    /// Bytes of header plus body.
    var length: Int64 { Int64(RecordHeader.size) + Int64(header.bodyLength) }
    var type: RecordType? { RecordType(rawValue: header.type) }
}

/// What a scan step found.
enum ScanStep {
    case record(ScannedRecord)
    /// Clean end of file.
    case end
    /// The file ends inside a record (a torn tail, or a record still being written).
    case incomplete(position: Int64, reason: String)
    /// Bytes at `position` are not a valid record.
    case corrupt(position: Int64, reason: String)
}

/// Reads a segment file record by record through a large buffer, checking
/// length bounds and CRCs. Used by recovery, verify, index rebuilds and readers.
final class SegmentScanner {
    let path: String
    let fd: Int32
    private var buffer: UnsafeMutableRawBufferPointer
    /// File position of `buffer[0]`.
    private var bufferStart: Int64 = 0
    private var bufferCount = 0
    /// Where the next record starts.
    private(set) var position: Int64
    /// The base offset in the segment header.
    let base: UInt64

    /// Opens a segment and checks its header.
    init(path: String, bufferSize: Int = 1 << 20) throws(LogError) {
        self.path = path
        let fd = try Posix.open(path, O_RDONLY)
        self.fd = fd
        buffer = .allocate(byteCount: max(bufferSize, 4096), alignment: 16)
        var head = [UInt8](repeating: 0, count: SegmentName.headerSize)
        let n: Int
        do throws(LogError) {
            n = try logThrowing { try head.withUnsafeMutableBytes { b in
                try Posix.pread(fd, into: b.baseAddress!, count: b.count, at: 0, path: path)
            } }
        } catch {
            close(fd)
            buffer.deallocate()
            throw error
        }
        guard n == SegmentName.headerSize, let base = head.withUnsafeBytes({ SegmentName.parseHeader($0) }) else {
            close(fd)
            buffer.deallocate()
            throw LogError(.corrupt, "segment header missing or damaged", path: path)
        }
        self.base = base
        position = Int64(SegmentName.headerSize)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// Moves to a record boundary found through an index.
    func seek(to position: Int64) {
        self.position = position
    }

    /// Makes `count` bytes at `position` available in the buffer; false at end of file.
    private func fill(_ position: Int64, _ count: Int) throws(LogError) -> Bool {
        if position >= bufferStart && position + Int64(count) <= bufferStart + Int64(bufferCount) { return true }
        if count > buffer.count {
            buffer.deallocate()
            buffer = .allocate(byteCount: count + (1 << 16), alignment: 16)
        }
        bufferStart = position
        bufferCount = try Posix.pread(fd, into: buffer.baseAddress!, count: buffer.count, at: position, path: path)
        return bufferCount >= count
    }

    private func pointer(_ position: Int64) -> UnsafeRawPointer {
        UnsafeRawPointer(buffer.baseAddress! + Int(position - bufferStart))
    }

    /// Reads the next record, checking its CRC, and moves past it when it is good.
    func next() throws(LogError) -> ScanStep {
        let at = position
        guard try fill(at, RecordHeader.size) else {
            let have = bufferStart + Int64(bufferCount) - at
            return have <= 0 ? .end : .incomplete(position: at, reason: "\(have) bytes of a record header at the end of the file")
        }
        let header = RecordHeader(loading: pointer(at))
        let length = Int(header.bodyLength)
        if length > RecordHeader.maxBodyLength || header.rawLength > UInt32(RecordHeader.maxBodyLength) {
            return .corrupt(position: at, reason: "record length \(length) out of bounds")
        }
        guard try fill(at, RecordHeader.size + length) else {
            let have = bufferStart + Int64(bufferCount) - at
            // A length field pointing past the end is either a torn write or a damaged
            // header; the CRC cannot tell them apart, so both count as a torn tail.
            return .incomplete(position: at, reason: "record needs \(RecordHeader.size + length) bytes, the file has \(have)")
        }
        let p = pointer(at)
        let crc = RecordHeader.checksum(headerAt: p, body: UnsafeRawBufferPointer(start: p + RecordHeader.size, count: length))
        if crc != header.crc {
            return .corrupt(position: at, reason: "CRC mismatch")
        }
        guard RecordType(rawValue: header.type) != nil, Codec(rawValue: header.codec) != nil else {
            return .corrupt(position: at, reason: "unknown record type \(header.type) or codec \(header.codec)")
        }
        position = at + Int64(RecordHeader.size + length)
        return .record(ScannedRecord(header: header, position: at))
    }

    /// The body of the record just returned by `next()` (still in the buffer).
    func body(of record: ScannedRecord) -> [UInt8] {
        let p = pointer(record.position + Int64(RecordHeader.size))
        return Array(UnsafeRawBufferPointer(start: p, count: Int(record.header.bodyLength)))
    }

    /// The body of the record just returned, without copying.
    func withBody<R>(of record: ScannedRecord, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let p = pointer(record.position + Int64(RecordHeader.size))
        return try body(UnsafeRawBufferPointer(start: p, count: Int(record.header.bodyLength)))
    }

    /// The file's size now.
    func fileSize() throws(LogError) -> Int64 {
        try Posix.size(fd, path: path)
    }
}
