/// An error of the daemon's own (configuration, OS glue), with a stable code.
public struct DaemonError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let raw: String
        private init(_ raw: String) { self.raw = raw }
        /// A system call failed.
        public static let io = Code("io")
        /// The configuration or a pipeline is invalid.
        public static let config = Code("config")
        /// Another daemon runs on this state.
        public static let locked = Code("locked")
        public var description: String { raw }
    }

    /// The kind of failure.
    public let code: Code
    /// What happened and what to do.
    public let message: String

    /// Makes an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
