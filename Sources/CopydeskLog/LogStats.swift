/// Sizes and ranges of a log, for `copydesk log stats` and `status`.
public struct LogStats: Sendable, Codable {
    /// One segment's figures.
    public struct Segment: Sendable, Codable {
        public var path: String
        public var base: UInt64
        public var sealed: Bool
        public var records: UInt64
        public var rawBytes: UInt64
        public var storedBytes: UInt64
        public var fileBytes: Int64
        public var firstTime: Int64
        public var lastTime: Int64

        enum CodingKeys: String, CodingKey {
            case path, base, sealed, records, rawBytes = "raw_bytes", storedBytes = "stored_bytes", fileBytes = "file_bytes"
            case firstTime = "first_time_us", lastTime = "last_time_us"
        }
    }

    /// A dictionary in `dicts/`.
    public struct Dictionary: Sendable, Codable {
        public var id: String
        public var bytes: Int
    }

    public var segments: [Segment] = []
    public var records: UInt64 = 0
    /// Decoded bytes of all data records.
    public var rawBytes: UInt64 = 0
    /// Bytes of all segment files on disk (headers, DICT and SEAL records included).
    public var storedBytes: Int64 = 0
    /// rawBytes / storedBytes: what the log saves, framing included.
    public var ratio: Double = 0
    /// rawBytes / stored record bodies: the codec alone.
    public var payloadRatio: Double = 0
    public var firstOffset: UInt64 = 0
    public var nextOffset: UInt64 = 0
    public var firstTime: Int64?
    public var lastTime: Int64?
    public var dictionaries: [Dictionary] = []

    enum CodingKeys: String, CodingKey {
        case segments, records, rawBytes = "raw_bytes", storedBytes = "stored_bytes", ratio, payloadRatio = "payload_ratio"
        case firstOffset = "first_offset", nextOffset = "next_offset", firstTime = "first_time_us", lastTime = "last_time_us", dictionaries
    }

    /// Computes the figures: sealed segments from their SEAL summaries, the active one by a scan.
    public static func compute(_ directory: LogDirectory) throws(LogError) -> LogStats {
        guard directory.exists else {
            throw LogError(.invalidArgument, "no log at \(directory.path) (no segments/ folder)", path: directory.path)
        }
        var stats = LogStats()
        var payload: UInt64 = 0
        let bases = try directory.segmentBases()
        for base in bases {
            let path = directory.segment(base: base)
            let fileBytes = Posix.size(path: path) ?? 0
            var summary: SealSummary
            var sealed = true
            if let s = LogRecovery.sealSummary(path: path) {
                summary = s
            } else {
                sealed = false
                summary = SealSummary(nextOffset: base, records: 0, rawBytes: 0, storedBytes: 0, firstTimestamp: 0, lastTimestamp: 0)
                summary = try scanAll(scanner: try SegmentScanner(path: path), base: base)
            }
            stats.segments.append(Segment(path: path, base: base, sealed: sealed, records: summary.records, rawBytes: summary.rawBytes,
                                          storedBytes: summary.storedBytes, fileBytes: fileBytes,
                                          firstTime: summary.firstTimestamp, lastTime: summary.lastTimestamp))
            stats.records += summary.records
            stats.rawBytes += summary.rawBytes
            stats.storedBytes += fileBytes
            payload += summary.storedBytes
            if summary.records > 0 {
                if stats.firstTime == nil { stats.firstTime = summary.firstTimestamp }
                stats.lastTime = summary.lastTimestamp
            }
            stats.nextOffset = summary.nextOffset
        }
        stats.firstOffset = bases.first ?? 0
        stats.ratio = stats.storedBytes > 0 ? Double(stats.rawBytes) / Double(stats.storedBytes) : 0
        stats.payloadRatio = payload > 0 ? Double(stats.rawBytes) / Double(payload) : 0
        if Posix.exists(directory.dictionaries) {
            for name in try Posix.list(directory.dictionaries).sorted() where name.hasSuffix(".zdict") {
                stats.dictionaries.append(Dictionary(id: String(name.dropLast(6)), bytes: Int(Posix.size(path: directory.dictionaries + "/" + name) ?? 0)))
            }
        }
        return stats
    }

    private static func scanAll(scanner: SegmentScanner, base: UInt64) throws(LogError) -> SealSummary {
        var summary = SealSummary(nextOffset: base, records: 0, rawBytes: 0, storedBytes: 0, firstTimestamp: 0, lastTimestamp: 0)
        scanner.seek(to: Int64(SegmentName.headerSize))
        while case .record(let r) = try scanner.next() {
            guard r.type == .data else { continue }
            if summary.records == 0 { summary.firstTimestamp = r.header.timestamp }
            summary.records += 1
            summary.rawBytes += UInt64(r.header.rawLength)
            summary.storedBytes += UInt64(r.header.bodyLength)
            summary.lastTimestamp = r.header.timestamp
            summary.nextOffset = r.header.offset + 1
        }
        return summary
    }
}
