#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CopydeskCore

/// The outcome of trying to read a file from a drop directory.
package enum FileClaim {
    /// Read whole; size and mtime unchanged while reading.
    case read(bytes: [UInt8], size: Int, mtimeSeconds: Double)
    /// Not to be read: quarantine with this code and message.
    case refuse(code: StageError.Code, message: String)
    /// Gone before we got to it (another consumer, or a producer's rename).
    case gone
    /// Still being written (size or mtime changed while reading): try again later.
    case changing

    /// Opens without following symlinks and without blocking on FIFOs, checks
    /// with fstat that it is a regular file within the size cap, reads it, and
    /// checks again that it did not change meanwhile.
    package static func read(path: String, maxBytes: Int) -> FileClaim {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        if fd < 0 {
            let e = errno
            switch e {
            case ENOENT: return .gone
            case ELOOP: return .refuse(code: .init(rawValue: "symlink"), message: "a symbolic link; copydesk never follows links in a drop directory — drop the file itself")
            default:
                return .refuse(code: .init(rawValue: "unreadable"), message: "cannot open: \(String(cString: strerror(e)))")
            }
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .refuse(code: .init(rawValue: "unreadable"), message: "fstat failed: \(String(cString: strerror(errno)))") }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .refuse(code: .init(rawValue: "not_regular"), message: "a directory; drop files, not folders")
        case S_IFIFO: return .refuse(code: .init(rawValue: "not_regular"), message: "a FIFO (named pipe); only regular files are read")
        case S_IFCHR, S_IFBLK: return .refuse(code: .init(rawValue: "not_regular"), message: "a device node; only regular files are read")
        case S_IFSOCK: return .refuse(code: .init(rawValue: "not_regular"), message: "a socket; only regular files are read")
        default: return .refuse(code: .init(rawValue: "not_regular"), message: "not a regular file")
        }
        let size = Int(st.st_size)
        if size > maxBytes {
            return .refuse(code: .init(rawValue: "too_large"), message: "\(size) bytes, over the drop's limit of \(maxBytes) bytes (max_file_bytes)")
        }
        let mtime = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, size - done, off_t(done)) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .refuse(code: .init(rawValue: "unreadable"), message: "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            done += n
        }
        var after = stat()
        guard fstat(fd, &after) == 0 else { return .changing }
        let mtimeAfter = Double(after.st_mtim.tv_sec) + Double(after.st_mtim.tv_nsec) / 1e9
        if done != size || Int(after.st_size) != size || mtimeAfter != mtime {
            return .changing
        }
        return .read(bytes: bytes, size: size, mtimeSeconds: mtime)
    }
}
