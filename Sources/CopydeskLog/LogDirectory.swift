/// The layout of a log directory:
///
/// ```
/// LOCK                 flock of the one writer, with its pid and command
/// ENDS                 visible and durable end, published by the writer
/// segments/<base>.log  records; .idx and .tidx beside each; .corrupt for cut bytes
/// dicts/<id>.zdict     compression dictionaries, fsynced before first use
/// consumers/<name>.json named consumer checkpoints
/// ```
public struct LogDirectory: Sendable, Hashable {
    /// The log's root folder.
    public let path: String

    /// A log rooted at `path` (not created until a writer opens it).
    public init(_ path: String) {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        self.path = p
    }

    public var lockFile: String { path + "/LOCK" }
    public var endsFile: String { path + "/ENDS" }
    public var segments: String { path + "/segments" }
    public var dictionaries: String { path + "/dicts" }
    public var consumers: String { path + "/consumers" }

    /// The path of the segment starting at `base`.
    public func segment(base: UInt64) -> String { segments + "/" + SegmentName.logFile(base: base) }

    /// Base offsets of the segments present, ascending.
    public func segmentBases() throws(LogError) -> [UInt64] {
        guard Posix.exists(segments) else { return [] }
        return try Posix.list(segments).compactMap(SegmentName.base(ofFile:)).sorted()
    }

    /// Whether this looks like a log (it has a segments folder).
    public var exists: Bool { Posix.exists(segments) }

    /// Creates the folders.
    func create() throws(LogError) {
        try Posix.makeDirectory(path)
        try Posix.makeDirectory(segments)
        try Posix.makeDirectory(dictionaries)
        try Posix.makeDirectory(consumers)
    }
}

extension LogDirectory {
    /// Whether a writer (a running daemon, an ingest) holds this log's lock now.
    public static func writerIsRunning(_ directory: LogDirectory) -> Bool {
        DirectoryLock.isHeld(path: directory.lockFile)
    }
}
