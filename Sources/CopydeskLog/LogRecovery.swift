#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// What recovery learned about one segment it scanned.
struct RecoveredSegment {
    var base: UInt64
    var size: Int64
    var nextOffset: UInt64
    var embedded: Set<UInt32>
    var index: SegmentIndex
    var summary: SealSummary
    var sealed: Bool
}

/// Bytes that recovery cut from a segment and saved beside it.
public struct RecoveryCut: Sendable, Equatable {
    /// The segment file that was cut.
    public var segment: String
    /// Where the cut starts, in bytes.
    public var position: Int64
    /// How many bytes were cut.
    public var bytes: Int64
    /// The offset the first cut record would have had.
    public var firstBadOffset: UInt64
    /// Why the bytes were not a valid record.
    public var reason: String
    /// Where the cut bytes were saved.
    public var savedTo: String
}

/// What opening a log found and repaired.
public struct RecoveryReport: Sendable {
    /// Segments in the log after recovery.
    public var segments = 0
    /// Bytes scanned (the active segment and any unsealed one).
    public var scannedBytes: Int64 = 0
    /// Torn or damaged tails that were cut and saved.
    public var cuts: [RecoveryCut] = []
    /// Segments found unsealed before the last one and sealed now.
    public var sealedNow: [String] = []
    /// Index files rebuilt because they were missing or stale.
    public var rebuiltIndexes: [String] = []
    /// The next offset after recovery.
    public var nextOffset: UInt64 = 0
}

enum LogRecovery {
    /// The SEAL summary at the end of a segment, if the segment is sealed.
    static func sealSummary(path: String) -> SealSummary? {
        guard let fd = try? Posix.open(path, O_RDONLY) else { return nil }
        defer { close(fd) }
        let n = RecordHeader.size + SealSummary.size
        guard let size = try? Posix.size(fd, path: path), size >= Int64(SegmentName.headerSize + n) else { return nil }
        var tail = [UInt8](repeating: 0, count: n)
        let got = tail.withUnsafeMutableBytes { (try? Posix.pread(fd, into: $0.baseAddress!, count: n, at: size - Int64(n), path: path)) ?? 0 }
        guard got == n else { return nil }
        return tail.withUnsafeBytes { b -> SealSummary? in
            let h = RecordHeader(loading: b.baseAddress!)
            let body = UnsafeRawBufferPointer(rebasing: b[RecordHeader.size...])
            guard h.type == RecordType.seal.rawValue, h.bodyLength == UInt32(SealSummary.size),
                  RecordHeader.checksum(headerAt: b.baseAddress!, body: body) == h.crc else { return nil }
            return SealSummary(body)
        }
    }

    /// Scans a segment from its start and returns its state and, if the scan
    /// stopped early, where and why.
    static func scan(path: String, expectedBase: UInt64?, dictionaries: DictionaryRegistry) throws(LogError)
        -> (RecoveredSegment, cut: (position: Int64, reason: String)?) {
        let scanner = try SegmentScanner(path: path)
        let base = scanner.base
        if let expectedBase, expectedBase != base {
            throw LogError(.corrupt, "segment header says base offset \(base), its name says \(expectedBase)", path: path)
        }
        var state = RecoveredSegment(base: base, size: Int64(SegmentName.headerSize), nextOffset: base, embedded: [],
                                     index: SegmentIndex(),
                                     summary: SealSummary(nextOffset: base, records: 0, rawBytes: 0, storedBytes: 0, firstTimestamp: 0, lastTimestamp: 0),
                                     sealed: false)
        var cut: (Int64, String)?
        scanning: while true {
            let step = try scanner.next()
            switch step {
            case .end:
                break scanning
            case .incomplete(let p, let why), .corrupt(let p, let why):
                cut = (p, why)
                break scanning
            case .record(let r):
                if state.sealed {
                    cut = (r.position, "record after the SEAL record")
                    break scanning
                }
                let h = r.header
                if h.offset != state.nextOffset {
                    cut = (r.position, "record has offset \(h.offset), expected \(state.nextOffset)")
                    break scanning
                }
                switch r.type! {
                case .data:
                    if h.dictionaryID != 0 && !state.embedded.contains(h.dictionaryID) {
                        cut = (r.position, "record uses dictionary \(LogDictionary.hex(h.dictionaryID)) before the segment embeds it")
                        break scanning
                    }
                    if state.index.isDue(r.position) {
                        state.index.add(.init(offset: h.offset, position: r.position, timestamp: h.timestamp))
                    }
                    if state.summary.records == 0 { state.summary.firstTimestamp = h.timestamp }
                    state.summary.records += 1
                    state.summary.rawBytes += UInt64(h.rawLength)
                    state.summary.storedBytes += UInt64(h.bodyLength)
                    state.summary.lastTimestamp = h.timestamp
                    state.nextOffset += 1
                    state.summary.nextOffset = state.nextOffset
                case .dictionary:
                    do throws(LogError) {
                        let d = try dictionaries.register(bytes: scanner.body(of: r))
                        guard d.id == h.dictionaryID else {
                            cut = (r.position, "DICT record holds dictionary \(LogDictionary.hex(d.id)), header says \(LogDictionary.hex(h.dictionaryID))")
                            break scanning
                        }
                        state.embedded.insert(d.id)
                    } catch {
                        cut = (r.position, "DICT record is not a usable dictionary: \(error.message)")
                        break scanning
                    }
                case .seal:
                    state.sealed = true
                }
                state.size = scanner.position
            }
        }
        return (state, cut)
    }

    /// Saves the bytes from `position` to the end of a segment in a `.corrupt`
    /// file, then cuts the segment there. Nothing is dropped unseen.
    static func cut(path: String, at position: Int64) throws(LogError) -> (saved: String, bytes: Int64) {
        let fd = try Posix.open(path, O_RDWR)
        defer { close(fd) }
        let size = try Posix.size(fd, path: path)
        let count = Int(size - position)
        var bytes = [UInt8](repeating: 0, count: count)
        _ = try logThrowing { try bytes.withUnsafeMutableBytes { b in
            try Posix.pread(fd, into: b.baseAddress!, count: count, at: position, path: path)
        } }
        let stem = path.hasSuffix(".log") ? String(path.dropLast(4)) : path
        var saved = "\(stem).\(position).corrupt"
        var n = 1
        while Posix.exists(saved) {
            saved = "\(stem).\(position).\(n).corrupt"
            n += 1
        }
        try Posix.atomicWrite(saved, bytes)
        try Posix.truncate(fd, to: position, path: path)
        try Posix.fsync(fd, path: path)
        return (saved, Int64(count))
    }
}
