/// When the writer calls fsync.
public enum FsyncPolicy: Sendable, Equatable, CustomStringConvertible {
    /// After every group commit, before anything is acknowledged.
    case always
    /// At most every so many milliseconds; acknowledgements wait for it.
    case interval(milliseconds: Int)
    /// Never: the durable end follows the visible end, and a power cut may lose
    /// what the kernel had not written yet (a process crash loses nothing).
    case never

    /// Parses `always`, `never`, `interval` (100 ms) or `interval:250ms`.
    public init?(parsing text: String) {
        switch text {
        case "always": self = .always
        case "never": self = .never
        case "interval": self = .interval(milliseconds: 100)
        default:
            guard text.hasPrefix("interval:") else { return nil }
            var n = text.dropFirst("interval:".count)
            if n.hasSuffix("ms") { n = n.dropLast(2) }
            guard let ms = Int(n), ms > 0 else { return nil }
            self = .interval(milliseconds: ms)
        }
    }

    public var description: String {
        switch self {
        case .always: "always"
        case .never: "never"
        case .interval(let ms): "interval:\(ms)ms"
        }
    }
}

/// How a log writer rolls, batches and syncs.
public struct LogConfiguration: Sendable {
    /// The fsync policy.
    public var fsync: FsyncPolicy = .always
    /// Roll to a new segment once the active one holds this many bytes.
    public var maxSegmentBytes: Int64 = 128 << 20
    /// Roll once the active segment's first record is this old (seconds); nil: never by age.
    public var maxSegmentAgeSeconds: Int64? = 24 * 3600
    /// Most records written by one group commit.
    public var maxBatchRecords = 8192
    /// Most bytes written by one group commit.
    public var maxBatchBytes = 8 << 20
    /// How long the writer waits for more records before a commit that is not full (ms); 0: none.
    public var lingerMilliseconds = 0
    /// How long the writer waits before retrying after a failed write (ms).
    public var retryMilliseconds = 1000

    /// The defaults.
    public init() {}
}

/// Which whole sealed segments may be deleted.
public struct RetentionPolicy: Sendable {
    /// Delete sealed segments whose newest record is older than this (seconds).
    public var maxAgeSeconds: Int64?
    /// Delete the oldest sealed segments while the log is larger than this.
    public var maxBytes: Int64?

    /// A policy; nil keeps everything.
    public init(maxAgeSeconds: Int64? = nil, maxBytes: Int64? = nil) {
        self.maxAgeSeconds = maxAgeSeconds
        self.maxBytes = maxBytes
    }
}
