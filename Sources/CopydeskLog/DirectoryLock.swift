#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Synchronization

/// The writer's exclusive `flock` on `LOCK`, holding who took it.
final class DirectoryLock: Sendable {
    private let descriptor: Atomic<Int32>
    let path: String

    /// Takes the lock or throws `.locked` naming the holder.
    init(path: String, owner: String) throws(LogError) {
        let fd = try Posix.open(path, O_RDWR | O_CREAT, mode: 0o644)
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            let holder = (try? Posix.readFile(path)).map { String(decoding: $0, as: UTF8.self) }?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(fd)
            if e == EWOULDBLOCK {
                let who = holder.isEmpty ? "another process" : holder
                throw LogError(.locked, "the log is already open for writing by \(who); stop that process or point this one at another directory", path: path)
            }
            throw Posix.error("flock", path: path, errno: e)
        }
        let note = Array("\(owner)\n".utf8)
        _ = ftruncate(fd, 0)
        _ = note.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        descriptor = Atomic(fd)
        self.path = path
    }

    /// Gives the lock up; a second call does nothing.
    func release() {
        let fd = descriptor.exchange(-1, ordering: .acquiringAndReleasing)
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// Whether some process holds the writer lock of `path` now.
    static func isHeld(path: String) -> Bool {
        guard Posix.exists(path), let fd = try? Posix.open(path, O_RDONLY) else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }

    deinit { release() }
}

extension String {
    func trimmingCharacters(in set: WhitespaceSet) -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}

enum WhitespaceSet { case whitespacesAndNewlines }
