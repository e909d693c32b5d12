#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the system calls the log uses, turning `errno` into `LogError`.
package enum Posix {
    package static func error(_ what: String, path: String?, errno e: Int32 = errno) -> LogError {
        let reason = String(cString: strerror(e))
        let code: LogError.Code = (e == ENOSPC || e == EDQUOT) ? .noSpace : .io
        return LogError(code, "\(what) failed: \(reason)", path: path, errno: e)
    }

    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(LogError) -> Int32 {
        let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
        if fd < 0 { throw error("open", path: path) }
        return fd
    }

    /// Writes every byte, retrying short writes and EINTR.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(LogError) {
        guard var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = Glibc.write(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw error("write", path: path)
            }
            p += n
            left -= n
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(LogError) {
        try logThrowing { try bytes.withUnsafeBytes { b in try writeAll(fd, b, path: path) } }
    }

    /// Reads up to `count` bytes at `position`; fewer only at end of file.
    static func pread(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int, at position: Int64, path: String) throws(LogError) -> Int {
        var done = 0
        while done < count {
            let n = Glibc.pread(fd, buffer + done, count - done, off_t(position) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw error("read", path: path)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    static func fsync(_ fd: Int32, path: String) throws(LogError) {
        if Glibc.fdatasync(fd) != 0 { throw error("fsync", path: path) }
    }

    static func fsyncDirectory(_ path: String) throws(LogError) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        if Glibc.fsync(fd) != 0 { throw error("fsync", path: path) }
    }

    static func size(_ fd: Int32, path: String) throws(LogError) -> Int64 {
        var st = stat()
        if fstat(fd, &st) != 0 { throw error("fstat", path: path) }
        return Int64(st.st_size)
    }

    static func size(path: String) -> Int64? {
        var st = stat()
        if stat(path, &st) != 0 { return nil }
        return Int64(st.st_size)
    }

    package static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func truncate(_ fd: Int32, to size: Int64, path: String) throws(LogError) {
        if ftruncate(fd, off_t(size)) != 0 { throw error("truncate", path: path) }
    }

    /// Creates a folder and any missing parents (`mkdir -p`).
    package static func makeDirectory(_ path: String) throws(LogError) {
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        if errno == ENOENT {
            let parent = parent(of: path)
            if parent != path && parent != "." && parent != "/" {
                try makeDirectory(parent)
                if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
            }
        }
        throw error("mkdir", path: path)
    }

    package static func remove(_ path: String) throws(LogError) {
        if unlink(path) != 0 && errno != ENOENT { throw error("unlink", path: path) }
    }

    /// The names in a directory, without "." and "..".
    package static func list(_ path: String) throws(LogError) -> [String] {
        guard let dir = opendir(path) else { throw error("opendir", path: path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Reads a whole (small) file.
    static func readFile(_ path: String) throws(LogError) -> [UInt8] {
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        let size = Int(try Posix.size(fd, path: path))
        var bytes = [UInt8](repeating: 0, count: size)
        let n = try logThrowing { try bytes.withUnsafeMutableBytes { b in
            try pread(fd, into: b.baseAddress!, count: size, at: 0, path: path)
        } }
        bytes.removeLast(size - n)
        return bytes
    }

    /// Replaces `path` atomically: temp file, fsync, rename, fsync of the directory.
    static func atomicWrite(_ path: String, _ bytes: [UInt8]) throws(LogError) {
        let tmp = path + ".tmp-\(getpid())"
        let fd = try open(tmp, O_WRONLY | O_CREAT | O_TRUNC)
        do throws(LogError) {
            try writeAll(fd, bytes, path: tmp)
            try fsync(fd, path: tmp)
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        close(fd)
        if rename(tmp, path) != 0 {
            let e = Posix.error("rename", path: path)
            unlink(tmp)
            throw e
        }
        try fsyncDirectory(parent(of: path))
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// Microseconds since the Unix epoch.
    static func nowMicros() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1_000
    }

    /// A monotonic clock in nanoseconds.
    package static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}

/// Runs a closure passed through a `rethrows` API (which erases typed throws)
/// and restores its `LogError`.
@inline(__always)
func logThrowing<T>(_ body: () throws -> T) throws(LogError) -> T {
    do {
        return try body()
    } catch let error as LogError {
        throw error
    } catch {
        throw LogError(.io, "\(error)")
    }
}
