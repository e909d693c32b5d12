#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The sparse indexes of one segment: offset → file position (`.idx`) and
/// time → offset (`.tidx`), one entry each per `interval` bytes of records.
///
/// Both files are a cache: written without fsync, checked when loaded, and
/// rebuilt from the segment when missing, torn or stale.
struct SegmentIndex: Sendable {
    struct Entry: Sendable, Equatable {
        var offset: UInt64
        var position: Int64
        var timestamp: Int64
    }

    /// Bytes of records between two entries.
    static let interval: Int64 = 4096

    var entries: [Entry] = []
    /// Position of the last indexed record, to know when the next entry is due.
    private(set) var lastIndexedPosition: Int64 = -1

    /// Whether a data record at `position` gets an entry.
    func isDue(_ position: Int64) -> Bool {
        lastIndexedPosition < 0 || position - lastIndexedPosition >= Self.interval
    }

    mutating func add(_ entry: Entry) {
        entries.append(entry)
        lastIndexedPosition = entry.position
    }

    /// The last entry at or before `offset`.
    func floor(offset: UInt64) -> Entry? {
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if entries[mid].offset <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : entries[lo - 1]
    }

    /// The last entry strictly before `timestamp`: records at or after it start later.
    func floor(beforeTime timestamp: Int64) -> Entry? {
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if entries[mid].timestamp < timestamp { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : entries[lo - 1]
    }

    static func paths(forSegment path: String) -> (idx: String, tidx: String) {
        let stem = path.hasSuffix(".log") ? String(path.dropLast(4)) : path
        return (stem + ".idx", stem + ".tidx")
    }

    static func encode(idx e: Entry) -> [UInt8] {
        var b: [UInt8] = []
        withUnsafeBytes(of: e.offset.littleEndian) { b.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt64(e.position).littleEndian) { b.append(contentsOf: $0) }
        return b
    }

    static func encode(tidx e: Entry) -> [UInt8] {
        var b: [UInt8] = []
        withUnsafeBytes(of: e.timestamp.littleEndian) { b.append(contentsOf: $0) }
        withUnsafeBytes(of: e.offset.littleEndian) { b.append(contentsOf: $0) }
        return b
    }

    /// Writes both files atomically (no fsync needed for a cache, but a rename keeps readers from seeing half a file).
    func write(forSegment path: String) {
        let p = Self.paths(forSegment: path)
        var idx: [UInt8] = [], tidx: [UInt8] = []
        idx.reserveCapacity(entries.count * 16)
        tidx.reserveCapacity(entries.count * 16)
        for e in entries {
            idx += Self.encode(idx: e)
            tidx += Self.encode(tidx: e)
        }
        for (file, bytes) in [(p.idx, idx), (p.tidx, tidx)] {
            let tmp = file + ".tmp-\(getpid())"
            guard let fd = try? Posix.open(tmp, O_WRONLY | O_CREAT | O_TRUNC) else { continue }
            let ok = (try? Posix.writeAll(fd, bytes, path: tmp)) != nil
            close(fd)
            if !ok || rename(tmp, file) != 0 { unlink(tmp) }
        }
    }

    /// Loads the index files of a segment and checks them against it; nil when
    /// they are missing, torn or stale.
    static func load(forSegment path: String, scanner: SegmentScanner, base: UInt64) -> SegmentIndex? {
        let p = paths(forSegment: path)
        guard let idx = try? Posix.readFile(p.idx), let tidx = try? Posix.readFile(p.tidx) else { return nil }
        let n = min(idx.count, tidx.count) / 16
        guard n > 0, let size = try? scanner.fileSize() else { return nil }
        var index = SegmentIndex()
        index.entries.reserveCapacity(n)
        let ok: Bool = idx.withUnsafeBytes { i in
            tidx.withUnsafeBytes { t in
                var prev: Entry?
                for k in 0..<n {
                    let off = UInt64(littleEndian: i.loadUnaligned(fromByteOffset: k * 16, as: UInt64.self))
                    let pos = Int64(UInt64(littleEndian: i.loadUnaligned(fromByteOffset: k * 16 + 8, as: UInt64.self)))
                    let ts = Int64(littleEndian: t.loadUnaligned(fromByteOffset: k * 16, as: Int64.self))
                    let toff = UInt64(littleEndian: t.loadUnaligned(fromByteOffset: k * 16 + 8, as: UInt64.self))
                    guard toff == off, off >= base, pos >= Int64(SegmentName.headerSize), pos < size else { return false }
                    if let prev, !(off > prev.offset && pos > prev.position && ts >= prev.timestamp) { return false }
                    let e = Entry(offset: off, position: pos, timestamp: ts)
                    index.add(e)
                    prev = e
                }
                return true
            }
        }
        guard ok, let first = index.entries.first, first.offset == base,
              index.matches(index.entries[index.entries.count - 1], scanner: scanner) else { return nil }
        return index
    }

    /// Whether the record at an entry's position is the data record it names.
    private func matches(_ e: Entry, scanner: SegmentScanner) -> Bool {
        let saved = scanner.position
        defer { scanner.seek(to: saved) }
        scanner.seek(to: e.position)
        guard case .record(let r)? = try? scanner.next() else { return false }
        return r.type == .data && r.header.offset == e.offset && r.header.timestamp == e.timestamp
    }

    /// Scans a whole segment and builds its index; stops at the first bad record.
    static func rebuild(scanner: SegmentScanner) -> SegmentIndex {
        var index = SegmentIndex()
        scanner.seek(to: Int64(SegmentName.headerSize))
        while case .record(let r)? = try? scanner.next() {
            if r.type == .data && index.isDue(r.position) {
                index.add(Entry(offset: r.header.offset, position: r.position, timestamp: r.header.timestamp))
            }
        }
        return index
    }

    /// The index of a segment: loaded when valid, else rebuilt and written back.
    static func loadOrRebuild(forSegment path: String, scanner: SegmentScanner, writeBack: Bool) -> SegmentIndex {
        if let index = load(forSegment: path, scanner: scanner, base: scanner.base) { return index }
        let index = rebuild(scanner: scanner)
        if writeBack { index.write(forSegment: path) }
        return index
    }
}
