/// Reads records in offset order, beside a running writer.
///
/// A reader stops at the durable end by default (what replay and
/// acknowledgement may use) or at the visible end (what `tail` shows); with no
/// writer running it reads every valid record. Not thread-safe: one reader per
/// consumer thread. `next` returning nil means "nothing more for now": call it
/// again later to follow the log.
public final class LogReader {
    /// How far a reader may go.
    public enum Bound: Sendable {
        /// Up to the durable end: replay, acknowledgement.
        case durable
        /// Up to the visible end: tail.
        case visible
    }

    /// The log read.
    public let directory: LogDirectory
    /// Dictionaries met so far (shared with a writer of the same process, if given).
    public let dictionaries: DictionaryRegistry
    private let endsProvider: (@Sendable () -> LogEndOffsets)?
    private let decompressor = Decompressor()
    private var scanner: SegmentScanner?
    private var segmentBase: UInt64 = 0
    private var bases: [UInt64] = []
    /// The offset `next` returns next.
    public private(set) var nextOffset: UInt64 = 0
    private var notBefore: Int64?
    private var knownLimit: UInt64 = 0
    private var knownBound: Bound = .durable

    /// A reader of `directory`. Pass a writer of the same process to share its
    /// dictionaries and read its ends without touching the disk.
    public init(directory: LogDirectory, writer: LogWriter? = nil) throws(LogError) {
        guard directory.exists else {
            throw LogError(.invalidArgument, "no log at \(directory.path) (no segments/ folder)", path: directory.path)
        }
        self.directory = directory
        dictionaries = writer?.dictionaries ?? DictionaryRegistry(directory: directory.dictionaries)
        if let writer { endsProvider = { writer.ends } } else { endsProvider = nil }
        try refreshBases()
        nextOffset = bases.first ?? 0
    }

    /// The offset of the oldest record still in the log.
    public var firstOffset: UInt64 { bases.first ?? 0 }

    /// The log's ends as a writer publishes them; nil when no writer runs
    /// (then every valid record on disk counts as durable).
    public func currentEnds() -> LogEndOffsets? {
        if let endsProvider { return endsProvider() }
        return LogEnds.read(directory)
    }

    private func refreshBases() throws(LogError) {
        bases = try directory.segmentBases()
    }

    /// Positions the reader so that `next` returns `offset` (or the first record
    /// after it). An offset deleted by retention is an error naming where the log starts.
    public func seek(to offset: UInt64) throws(LogError) {
        try refreshBases()
        notBefore = nil
        scanner = nil
        guard let first = bases.first else {
            nextOffset = offset
            return
        }
        if offset < first {
            throw LogError(.outOfRange, "offset \(offset) is no longer in the log (retention); the oldest record is \(first)", offset: offset)
        }
        nextOffset = offset
        try open(segmentFor: offset)
    }

    /// Positions the reader at the first record stamped at or after `timestamp` (µs).
    public func seek(toTime timestamp: Int64) throws(LogError) {
        try refreshBases()
        scanner = nil
        notBefore = timestamp
        guard !bases.isEmpty else { return }
        // The segment to start in is the last one whose first indexed time is before `timestamp`.
        var chosen = bases[0]
        var position: Int64?
        var offset = bases[0]
        for base in bases {
            let path = directory.segment(base: base)
            guard let s = try? SegmentScanner(path: path) else { continue }
            let index = SegmentIndex.loadOrRebuild(forSegment: path, scanner: s, writeBack: false)
            guard let e = index.floor(beforeTime: timestamp) else { break }
            chosen = base
            position = e.position
            offset = e.offset
        }
        nextOffset = offset
        segmentBase = chosen
        scanner = try SegmentScanner(path: directory.segment(base: chosen))
        if let position { scanner!.seek(to: position) }
    }

    private func open(segmentFor offset: UInt64) throws(LogError) {
        guard let base = bases.last(where: { $0 <= offset }) else { return }
        let path = directory.segment(base: base)
        let s = try SegmentScanner(path: path)
        if let e = SegmentIndex.loadOrRebuild(forSegment: path, scanner: s, writeBack: false).floor(offset: offset) {
            s.seek(to: e.position)
        }
        scanner = s
        segmentBase = base
    }

    /// The next data record, or nil when the reader is at the bound for now.
    public func next(bound: Bound = .durable) throws(LogError) -> LogRecord? {
        let record = try nextRecord(bound: bound)
        // At the end for now: look the ends up afresh next time (a writer may have started).
        if record == nil { knownLimit = 0 }
        return record
    }

    private func nextRecord(bound: Bound) throws(LogError) -> LogRecord? {
        // The ends only grow: look them up again only once the reader reaches the last known one.
        if nextOffset >= knownLimit || bound != knownBound {
            if let ends = currentEnds() {
                knownLimit = bound == .durable ? ends.durable : ends.visible
            } else {
                knownLimit = .max
            }
            knownBound = bound
        }
        let limit = knownLimit
        while nextOffset < limit {
            if scanner == nil {
                try refreshBases()
                guard bases.contains(where: { $0 <= nextOffset }) else {
                    if let first = bases.first, nextOffset < first {
                        throw LogError(.outOfRange, "offset \(nextOffset) is no longer in the log (retention); the oldest record is \(first)", offset: nextOffset)
                    }
                    return nil
                }
                try open(segmentFor: nextOffset)
                if scanner == nil { return nil }
            }
            let s = scanner!
            switch try s.next() {
            case .record(let r):
                switch r.type! {
                case .dictionary:
                    _ = try? dictionaries.register(bytes: s.body(of: r))
                case .seal:
                    if try moveToNextSegment() == false { return nil }
                case .data:
                    let h = r.header
                    if h.offset < nextOffset { continue }
                    if let t = notBefore {
                        if h.timestamp < t { nextOffset = h.offset + 1; continue }
                        notBefore = nil
                    }
                    if h.offset > nextOffset {
                        throw LogError(.corrupt, "offset \(nextOffset) is missing: segment \(s.path) continues at \(h.offset)", path: s.path, offset: nextOffset)
                    }
                    nextOffset = h.offset + 1
                    return LogRecord(offset: h.offset, timestamp: h.timestamp, codec: Codec(rawValue: h.codec)!,
                                     dictionaryID: h.dictionaryID, rawLength: Int(h.rawLength), body: s.body(of: r))
                }
            case .end, .incomplete:
                // The writer may still be writing here, or rolled to a new segment.
                if try moveToNextSegment() == false { return nil }
            case .corrupt(let position, let reason):
                throw LogError(.corrupt, "record \(nextOffset) in \(s.path) at byte \(position) is damaged: \(reason); run `copydesk verify`", path: s.path, offset: nextOffset)
            }
        }
        return nil
    }

    /// Moves to the segment that starts at `nextOffset`, if one exists yet.
    private func moveToNextSegment() throws(LogError) -> Bool {
        try refreshBases()
        guard let base = bases.first(where: { $0 > segmentBase }) else { return false }
        if base > nextOffset && notBefore == nil {
            // The current segment ended early: a damaged tail, or records cut by recovery.
            throw LogError(.corrupt, "offsets \(nextOffset)..<\(base) are missing between segments", offset: nextOffset)
        }
        scanner = try SegmentScanner(path: directory.segment(base: base))
        segmentBase = base
        nextOffset = max(nextOffset, base)
        return true
    }

    /// Decodes a record's payload, loading its dictionary from `dicts/` or,
    /// failing that, from the DICT records of its own segment.
    public func decode(_ record: LogRecord) throws(LogError) -> [UInt8] {
        do {
            return try decompressor.decode(record, dictionaries: dictionaries)
        } catch where error.code == .dictionaryMissing {
            if let base = bases.last(where: { $0 <= record.offset }) {
                try registerEmbeddedDictionaries(path: directory.segment(base: base))
            }
            return try decompressor.decode(record, dictionaries: dictionaries)
        }
    }

    private func registerEmbeddedDictionaries(path: String) throws(LogError) {
        let s = try SegmentScanner(path: path)
        while case .record(let r) = try s.next() {
            if r.type == .dictionary { _ = try? dictionaries.register(bytes: s.body(of: r)) }
        }
    }
}
