#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Dispatch
import Synchronization

/// Watches drop directories with inotify (`IN_CLOSE_WRITE | IN_MOVED_TO`)
/// through a Dispatch read source on the inotify descriptor. Reports each
/// finished file by directory and name, and an overflow (events were lost:
/// rescan everything).
package final class InotifyWatcher: Sendable {
    /// What the kernel told us.
    enum Event: Sendable {
        case file(directory: String, name: String)
        /// A new entry that may not be a regular file (symlink, FIFO, folder): no close-write will come for it.
        case created(directory: String, name: String)
        case overflow
    }

    private let fd: Int32
    private let watches = WatchTable()
    private let source: ReadSource

    /// Starts watching; `handler` runs on `queue`.
    init(queue: DispatchQueue, handler: @escaping @Sendable (Event) -> Void) throws(DaemonError) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if fd < 0 { throw DaemonError(.io, "inotify_init1 failed: \(String(cString: strerror(errno)))") }
        self.fd = fd
        let s = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source = ReadSource(source: s)
        let watches = self.watches
        s.setEventHandler { @Sendable in
            InotifyWatcher.drain(fd: fd, watches: watches, handler: handler)
        }
        s.setCancelHandler { @Sendable in close(fd) }
        s.resume()
    }

    /// Adds a directory.
    func watch(_ directory: String) throws(DaemonError) {
        let wd = inotify_add_watch(fd, directory, UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF))
        if wd < 0 {
            throw DaemonError(.io, "cannot watch \(directory): \(String(cString: strerror(errno)))")
        }
        watches.map.withLock { $0[wd] = directory }
    }

    /// Stops watching everything.
    func cancel() {
        source.source.cancel()
    }

    private static func drain(fd: Int32, watches: WatchTable, handler: @Sendable (Event) -> Void) {
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer, size)
            if n <= 0 { return }   // EAGAIN: drained
            forEachEvent(in: UnsafeRawBufferPointer(start: buffer, count: n)) { event, name in
                if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    handler(.overflow)
                } else if let name, let dir = watches.map.withLock({ $0[event.wd] }) {
                    if event.mask & UInt32(IN_CREATE) != 0 {
                        handler(.created(directory: dir, name: name))
                    } else if event.mask & UInt32(IN_ISDIR) == 0 || event.mask & UInt32(IN_MOVED_TO) != 0 {
                        handler(.file(directory: dir, name: name))
                    }
                }
            }
        }
    }

    /// Calls `body` with each event in `bytes` (what one read of an inotify
    /// descriptor returned) and its name, nil when the event has none.
    package static func forEachEvent(in bytes: UnsafeRawBufferPointer, _ body: (inotify_event, String?) -> Void) {
        guard let base = bytes.baseAddress else { return }
        let header = MemoryLayout<inotify_event>.size
        var offset = 0
        while offset + header <= bytes.count {
            let event = base.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
            let nameLength = Int(event.len)
            let name = nameLength > 0 ? String(cString: (base + offset + header).assumingMemoryBound(to: CChar.self)) : nil
            body(event, name)
            offset += header + nameLength
        }
    }
}

/// A Dispatch source shared across threads: Dispatch sources are thread-safe.
struct ReadSource: @unchecked Sendable {
    let source: any DispatchSourceRead
}

/// Watch descriptors to directories.
final class WatchTable: Sendable {
    let map = Mutex<[Int32: String]>([:])
}
