#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The segment the writer appends to, and everything it knows about it.
/// Touched only on the writer's queue.
final class ActiveSegment {
    let directory: LogDirectory
    let base: UInt64
    let path: String
    let fd: Int32
    private let idxFD: Int32
    private let tidxFD: Int32
    /// Bytes in the file (the next record's position).
    private(set) var size: Int64
    /// The offset the next data record gets.
    private(set) var nextOffset: UInt64
    /// The newest timestamp written; timestamps never decrease.
    private(set) var lastTimestamp: Int64
    /// The offset below which everything is fsynced.
    private(set) var durableOffset: UInt64
    private var embedded: Set<UInt32>
    private var index: SegmentIndex
    private var summary: SealSummary

    /// Opens (or creates) a segment for appending after recovery scanned it.
    init(directory: LogDirectory, base: UInt64, state: RecoveredSegment?, lastTimestamp: Int64) throws(LogError) {
        self.directory = directory
        self.base = base
        path = directory.segment(base: base)
        let creating = state == nil
        fd = try Posix.open(path, O_WRONLY | O_APPEND | (creating ? O_CREAT | O_EXCL : 0))
        if creating {
            do throws(LogError) {
                try Posix.writeAll(fd, SegmentName.header(base: base), path: path)
                try Posix.fsync(fd, path: path)
                try Posix.fsyncDirectory(directory.segments)
            } catch {
                close(fd)
                throw error
            }
        }
        let paths = SegmentIndex.paths(forSegment: path)
        index = state?.index ?? SegmentIndex()
        index.write(forSegment: path)
        idxFD = (try? Posix.open(paths.idx, O_WRONLY | O_APPEND | O_CREAT)) ?? -1
        tidxFD = (try? Posix.open(paths.tidx, O_WRONLY | O_APPEND | O_CREAT)) ?? -1
        size = state?.size ?? Int64(SegmentName.headerSize)
        nextOffset = state?.nextOffset ?? base
        durableOffset = nextOffset
        self.lastTimestamp = max(lastTimestamp, state?.summary.lastTimestamp ?? 0)
        embedded = state?.embedded ?? []
        summary = state?.summary ?? SealSummary(nextOffset: base, records: 0, rawBytes: 0, storedBytes: 0, firstTimestamp: 0, lastTimestamp: 0)
    }

    deinit {
        close(fd)
        if idxFD >= 0 { close(idxFD) }
        if tidxFD >= 0 { close(tidxFD) }
    }

    var records: UInt64 { summary.records }

    /// Whether the next batch should go to a new segment.
    func shouldRoll(configuration: LogConfiguration, now: Int64) -> Bool {
        guard summary.records > 0 else { return false }
        if size >= configuration.maxSegmentBytes { return true }
        if let age = configuration.maxSegmentAgeSeconds, now - summary.firstTimestamp >= age * 1_000_000 { return true }
        return false
    }

    /// Frames and writes records in one write. On failure the file is cut back
    /// to where it was and nothing in this segment's state changes.
    /// Returns the offset range of each submission.
    func write(_ batch: [[EncodedRecord]], dictionaries: DictionaryRegistry, now: Int64) throws(LogError) -> [ClosedRange<UInt64>] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(batch.reduce(0) { $0 + $1.reduce(0) { $0 + $1.body.count + RecordHeader.size } })
        var next = nextOffset
        var ts = lastTimestamp
        var newlyEmbedded: [UInt32] = []
        var entries: [SegmentIndex.Entry] = []
        var lastIndexed = index.lastIndexedPosition
        var s = summary
        var ranges: [ClosedRange<UInt64>] = []
        ranges.reserveCapacity(batch.count)
        for submission in batch {
            let first = next
            for record in submission {
                if record.dictionaryID != 0 && !embedded.contains(record.dictionaryID) && !newlyEmbedded.contains(record.dictionaryID) {
                    let dict = try dictionaries.dictionary(record.dictionaryID, for: next)
                    let h = RecordHeader(type: .dictionary, codec: .none, dictionaryID: dict.id, offset: next,
                                         timestamp: ts, rawLength: UInt32(dict.bytes.count), bodyLength: UInt32(dict.bytes.count))
                    dict.bytes.withUnsafeBytes { RecordHeader.append(h, body: $0, to: &buffer) }
                    newlyEmbedded.append(dict.id)
                }
                ts = max(ts, record.timestamp ?? now)
                let position = size + Int64(buffer.count)
                if lastIndexed < 0 || position - lastIndexed >= SegmentIndex.interval {
                    entries.append(.init(offset: next, position: position, timestamp: ts))
                    lastIndexed = position
                }
                let h = RecordHeader(type: .data, codec: record.codec, dictionaryID: record.dictionaryID, offset: next,
                                     timestamp: ts, rawLength: UInt32(record.rawLength), bodyLength: UInt32(record.body.count))
                record.body.withUnsafeBytes { RecordHeader.append(h, body: $0, to: &buffer) }
                if s.records == 0 { s.firstTimestamp = ts }
                s.records += 1
                s.rawBytes += UInt64(record.rawLength)
                s.storedBytes += UInt64(record.body.count)
                next += 1
            }
            ranges.append(first...(next - 1))
        }
        do throws(LogError) {
            try Posix.writeAll(fd, buffer.withUnsafeBytes { $0 }, path: path)
        } catch {
            _ = ftruncate(fd, off_t(size))
            throw error
        }
        size += Int64(buffer.count)
        nextOffset = next
        lastTimestamp = ts
        s.nextOffset = next
        s.lastTimestamp = ts
        summary = s
        embedded.formUnion(newlyEmbedded)
        if !entries.isEmpty {
            var idx: [UInt8] = [], tidx: [UInt8] = []
            for e in entries {
                index.add(e)
                idx += SegmentIndex.encode(idx: e)
                tidx += SegmentIndex.encode(tidx: e)
            }
            // The index is a cache: a failed append is repaired by the next open.
            if idxFD >= 0 { _ = idx.withUnsafeBytes { Glibc.write(idxFD, $0.baseAddress, $0.count) } }
            if tidxFD >= 0 { _ = tidx.withUnsafeBytes { Glibc.write(tidxFD, $0.baseAddress, $0.count) } }
        }
        return ranges
    }

    /// fsyncs what was written; afterwards `durableOffset == nextOffset`.
    func sync() throws(LogError) {
        if durableOffset == nextOffset { return }
        try Posix.fsync(fd, path: path)
        durableOffset = nextOffset
    }

    /// Appends the SEAL record and fsyncs: the segment is then immutable and trusted.
    func seal() throws(LogError) {
        var buffer: [UInt8] = []
        let body = summary.encoded()
        let h = RecordHeader(type: .seal, codec: .none, dictionaryID: 0, offset: nextOffset, timestamp: lastTimestamp,
                             rawLength: UInt32(body.count), bodyLength: UInt32(body.count))
        body.withUnsafeBytes { RecordHeader.append(h, body: $0, to: &buffer) }
        do throws(LogError) {
            try Posix.writeAll(fd, buffer, path: path)
            try Posix.fsync(fd, path: path)
        } catch {
            _ = ftruncate(fd, off_t(size))
            throw error
        }
        size += Int64(buffer.count)
        durableOffset = nextOffset
        index.write(forSegment: path)
    }

    /// The summary so far (what a SEAL would carry).
    var currentSummary: SealSummary { summary }
}
