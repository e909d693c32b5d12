#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The file descriptors a ``ChildProcess`` run owns, so every path out of it closes each once.
struct OpenDescriptors {
    private var fds: Set<Int32> = []

    /// Takes ownership of `fd`.
    mutating func add(_ fd: Int32) { fds.insert(fd) }

    /// Closes `fd` if owned; returns -1, the value of a closed slot.
    @discardableResult
    mutating func close(_ fd: Int32) -> Int32 {
        if fds.remove(fd) != nil { Glibc.close(fd) }
        return -1
    }

    /// Closes everything still owned.
    mutating func closeAll() {
        for fd in fds { Glibc.close(fd) }
        fds.removeAll()
    }
}
