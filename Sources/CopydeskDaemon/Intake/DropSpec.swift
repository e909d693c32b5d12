/// One drop directory and what happens to its files.
public struct DropSpec: Sendable, Equatable {
    /// What to do with a file once its records are durable.
    public enum OnSuccess: String, Sendable, Codable {
        /// Move it to the done folder (the default).
        case move
        /// Delete it.
        case delete
    }

    /// The directory producers write into.
    public var path: String
    /// The pipeline its files go through.
    public var pipeline: String
    /// Where handled files go (default `PATH/.done`).
    public var done: String
    /// Where quarantined files go (default `PATH/.failed`).
    public var failed: String
    /// Move or delete handled files.
    public var onSuccess: OnSuccess = .move
    /// Files found by a rescan are taken only once their mtime is this old.
    public var settleMilliseconds = 2000
    /// Larger files are quarantined unread.
    public var maxFileBytes = 16 << 20
    /// Full rescan period.
    public var rescanSeconds = 30
    /// Whether done/failed files go into dated sub-folders (YYYY-MM-DD).
    public var datedFolders = false

    /// A drop directory bound to `pipeline`, with the defaults.
    public init(path: String, pipeline: String) {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        self.path = p
        self.pipeline = pipeline
        done = p + "/.done"
        failed = p + "/.failed"
    }

    /// Whether a file name is a producer's temporary name, never picked up.
    public static func isTemporary(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix(".part") || name.hasSuffix(".partial") || name.hasSuffix("~")
    }
}
