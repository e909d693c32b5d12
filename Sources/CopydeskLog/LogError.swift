/// An error from the log, with a stable `code` for scripts and a message that
/// tells the operator what happened and what to do.
public struct LogError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case io, corrupt, locked, dictionaryMissing = "dictionary_missing", outOfRange = "out_of_range"
            case invalidArgument = "invalid_argument", closed, noSpace = "no_space", compression
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A system call failed (see `errno`).
        public static let io = Code(.io)
        /// Bytes on disk do not form a valid record.
        public static let corrupt = Code(.corrupt)
        /// Another process holds the log's writer lock.
        public static let locked = Code(.locked)
        /// A record names a dictionary that is neither in the segment nor in `dicts/`.
        public static let dictionaryMissing = Code(.dictionaryMissing)
        /// The offset or time asked for is not in the log.
        public static let outOfRange = Code(.outOfRange)
        /// The caller passed something the log cannot use.
        public static let invalidArgument = Code(.invalidArgument)
        /// The writer was closed.
        public static let closed = Code(.closed)
        /// The filesystem is full (ENOSPC or EDQUOT); the write is retried.
        public static let noSpace = Code(.noSpace)
        /// zstd refused to compress, decompress or train.
        public static let compression = Code(.compression)

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// What happened, for the operator.
    public let message: String
    /// The file concerned, when there is one.
    public let path: String?
    /// The log offset concerned, when there is one.
    public let offset: UInt64?
    /// The `errno` of a failed system call.
    public let errno: Int32?

    /// Makes an error.
    public init(_ code: Code, _ message: String, path: String? = nil, offset: UInt64? = nil, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.offset = offset
        self.errno = errno
    }

    public var description: String {
        var s = message
        if let path { s += " [\(path)]" }
        return s
    }
}
