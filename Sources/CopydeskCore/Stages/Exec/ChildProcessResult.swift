/// How a ``ChildProcess`` run ended, and what it wrote.
struct ChildProcessResult: Sendable {
    /// How the process ended.
    enum Termination: Hashable, Sendable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal it did not handle ended it.
        case signaled(Int32)
        /// It ran past the timeout; its process group was killed.
        case timedOut
        /// It wrote more than the output limit; its process group was killed.
        case outputTooLarge
        /// It ended, but someone else collected its status (SIGCHLD set to SIG_IGN in the process).
        case statusLost
    }

    /// How the process ended.
    var termination: Termination
    /// Everything it wrote to stdout (up to the limit).
    var stdout: [UInt8]
    /// The start of what it wrote to stderr.
    var stderr: [UInt8]
    /// Whether stderr held more than ``stderr``.
    var stderrTruncated: Bool
}
