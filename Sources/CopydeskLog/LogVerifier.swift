/// What `verify` found.
public struct VerifyReport: Sendable, Codable {
    /// One problem: the segment, the first bad offset and why.
    public struct Problem: Sendable, Codable, Equatable {
        public var segment: String
        public var offset: UInt64
        public var position: Int64
        public var reason: String
    }

    /// True when no problem was found.
    public var clean: Bool { problems.isEmpty }
    public var segments = 0
    public var records: UInt64 = 0
    public var firstOffset: UInt64 = 0
    public var nextOffset: UInt64 = 0
    /// Damage: records that cannot be read back as written.
    public var problems: [Problem] = []
    /// Not damage: stale indexes (rebuilt on the next open), an open tail of a live writer.
    public var warnings: [String] = []

    enum CodingKeys: String, CodingKey {
        case clean, segments, records, firstOffset = "first_offset", nextOffset = "next_offset", problems, warnings
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(clean, forKey: .clean)
        try c.encode(segments, forKey: .segments)
        try c.encode(records, forKey: .records)
        try c.encode(firstOffset, forKey: .firstOffset)
        try c.encode(nextOffset, forKey: .nextOffset)
        try c.encode(problems, forKey: .problems)
        try c.encode(warnings, forKey: .warnings)
    }

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        segments = try c.decode(Int.self, forKey: .segments)
        records = try c.decode(UInt64.self, forKey: .records)
        firstOffset = try c.decode(UInt64.self, forKey: .firstOffset)
        nextOffset = try c.decode(UInt64.self, forKey: .nextOffset)
        problems = try c.decode([Problem].self, forKey: .problems)
        warnings = try c.decode([String].self, forKey: .warnings)
    }
}

/// Checks a whole log: every segment header, every record's length and CRC,
/// offset continuity within and across segments, DICT records before their
/// use, SEAL records, every payload decoded with only the segment's own
/// dictionaries, and the indexes. Trusts nothing, changes nothing.
public enum LogVerifier {
    /// Verifies the log in `directory`.
    public static func verify(_ directory: LogDirectory, decode: Bool = true) throws(LogError) -> VerifyReport {
        guard directory.exists else {
            throw LogError(.invalidArgument, "no log at \(directory.path) (no segments/ folder)", path: directory.path)
        }
        var report = VerifyReport()
        let bases = try directory.segmentBases()
        let live = DirectoryLock.isHeld(path: directory.lockFile)
        report.segments = bases.count
        report.firstOffset = bases.first ?? 0
        var expected: UInt64? = nil
        let decompressor = Decompressor()
        for (i, base) in bases.enumerated() {
            let path = directory.segment(base: base)
            let isLast = i == bases.count - 1
            func problem(_ offset: UInt64, _ position: Int64, _ reason: String) {
                report.problems.append(.init(segment: path, offset: offset, position: position, reason: reason))
            }
            if let e = expected, e != base {
                problem(e, 0, e < base ? "offsets \(e)..<\(base) are missing before this segment" : "segment starts at \(base), but the previous one ends at \(e)")
            }
            let scanner: SegmentScanner
            do throws(LogError) {
                scanner = try SegmentScanner(path: path)
            } catch {
                problem(base, 0, error.message)
                expected = nil
                continue
            }
            if scanner.base != base { problem(base, 0, "segment header says base offset \(scanner.base)") }
            let dictionaries = DictionaryRegistry(directory: nil)
            var next = base
            var sealed = false
            scanning: while true {
                let step = try scanner.next()
                switch step {
                case .end:
                    break scanning
                case .incomplete(let p, let why):
                    if isLast && live {
                        report.warnings.append("\(path): a record is being written at byte \(p)")
                    } else {
                        problem(next, p, "torn record: \(why)")
                    }
                    break scanning
                case .corrupt(let p, let why):
                    problem(next, p, why)
                    break scanning
                case .record(let r):
                    let h = r.header
                    if sealed { problem(next, r.position, "record after the SEAL record"); break scanning }
                    if h.offset != next { problem(next, r.position, "record has offset \(h.offset), expected \(next)"); break scanning }
                    switch r.type! {
                    case .dictionary:
                        do throws(LogError) {
                            let d = try dictionaries.register(bytes: scanner.body(of: r))
                            if d.id != h.dictionaryID { problem(next, r.position, "DICT record holds \(LogDictionary.hex(d.id)), header says \(LogDictionary.hex(h.dictionaryID))"); break scanning }
                        } catch {
                            problem(next, r.position, "DICT record: \(error.message)")
                            break scanning
                        }
                    case .seal:
                        sealed = true
                        if let s = scanner.withBody(of: r, { SealSummary($0) }), s.nextOffset != next {
                            problem(next, r.position, "SEAL says the segment ends at \(s.nextOffset)")
                        }
                    case .data:
                        if h.dictionaryID != 0 && !dictionaries.contains(h.dictionaryID) {
                            problem(next, r.position, "record uses dictionary \(LogDictionary.hex(h.dictionaryID)) before its segment embeds it")
                            break scanning
                        }
                        if decode {
                            let record = LogRecord(offset: h.offset, timestamp: h.timestamp, codec: Codec(rawValue: h.codec)!,
                                                   dictionaryID: h.dictionaryID, rawLength: Int(h.rawLength), body: scanner.body(of: r))
                            do throws(LogError) {
                                _ = try decompressor.decode(record, dictionaries: dictionaries)
                            } catch {
                                problem(next, r.position, error.message)
                                break scanning
                            }
                        }
                        report.records += 1
                        next += 1
                    }
                }
            }
            if !isLast && !sealed && report.problems.last?.segment != path {
                problem(next, scanner.position, "segment is not sealed but is not the last one")
            }
            if SegmentIndex.load(forSegment: path, scanner: scanner, base: base) == nil && next > base {
                report.warnings.append("\(path): index missing or stale; it is rebuilt when the log is next opened")
            }
            expected = next
        }
        report.nextOffset = expected ?? report.firstOffset
        return report
    }
}
