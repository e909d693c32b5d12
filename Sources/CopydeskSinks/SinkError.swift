/// A sink's failure: a bad sink configuration or option, or a batch that was
/// not delivered (naming its first offset).
public struct SinkError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, stable for scripts and tests; new kinds are new
    /// static values, so callers' code keeps compiling.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let raw: String
        private init(_ raw: String) { self.raw = raw }
        /// A sink's mapping in `sinks:` holds a key its sink does not take.
        public static let unknownKey = Code("unknown_key")
        /// A sink setting or option has a value the sink cannot use.
        public static let badConfig = Code("bad_config")
        /// A target whose scheme no sink serves.
        public static let unknownTarget = Code("unknown_target")
        /// Downstream failed or refused a batch, or the log could not be read for it.
        public static let delivery = Code("delivery")
        /// The snake_case name.
        public var description: String { raw }
    }

    /// The kind of failure.
    public var code: Code
    /// The first offset of the batch that failed.
    public var offset: UInt64?
    /// What went wrong and what to do.
    public var message: String
    /// Whether retrying cannot help (a 4xx, a bad table, a bad option).
    public var permanent: Bool
    /// PostgreSQL's SQLSTATE, when the server gave one.
    public var sqlState: String?

    /// A delivery error (code ``Code/delivery``).
    public init(_ message: String, offset: UInt64? = nil, permanent: Bool = false, sqlState: String? = nil) {
        self.init(.delivery, message, offset: offset, permanent: permanent, sqlState: sqlState)
    }

    /// An error of kind `code`.
    public init(_ code: Code, _ message: String, offset: UInt64? = nil, permanent: Bool = false, sqlState: String? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
        self.permanent = permanent
        self.sqlState = sqlState
    }

    /// A configuration error of kind `code`: permanent, about no offset.
    static func config(_ code: Code, _ message: String) -> SinkError {
        SinkError(code, message, permanent: true)
    }

    /// A `bad_config` error.
    static func config(_ message: String) -> SinkError { config(.badConfig, message) }

    /// `at offset N: message`.
    public var description: String { offset.map { "at offset \($0): \(message)" } ?? message }
}
