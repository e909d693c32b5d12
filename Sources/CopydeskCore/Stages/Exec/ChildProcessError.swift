#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A system call that failed while starting or watching a child process.
struct ChildProcessError: Error, Sendable, CustomStringConvertible {
    /// The call (`posix_spawn`, `pipe2`, …).
    var operation: String
    /// Its `errno`.
    var errno: Int32

    var description: String { "\(operation): \(String(cString: strerror(errno)))" }
}
