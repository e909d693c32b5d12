#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Synchronization

/// The two ends of a log as offsets (the next offset to be written):
/// `visible` (written, tail may show it) and `durable` (fsynced per policy;
/// replay and acknowledgement stop here). `durable <= visible` always.
public struct LogEndOffsets: Sendable, Equatable {
    /// Offsets below this are written.
    public var visible: UInt64
    /// Offsets below this are durable.
    public var durable: UInt64

    /// Ends from their offsets.
    public init(visible: UInt64, durable: UInt64) {
        self.visible = visible
        self.durable = durable
    }
}

/// The writer's published ends: atomics for its own process, and the 16-byte
/// `ENDS` file for readers in other processes.
final class LogEnds: Sendable {
    private let fd: Int32
    private let visibleEnd: Atomic<UInt64>
    private let durableEnd: Atomic<UInt64>

    init(path: String, start: UInt64) throws(LogError) {
        fd = try Posix.open(path, O_RDWR | O_CREAT)
        visibleEnd = Atomic(start)
        durableEnd = Atomic(start)
        publish()
    }

    deinit { close(fd) }

    var current: LogEndOffsets {
        LogEndOffsets(visible: visibleEnd.load(ordering: .acquiring), durable: durableEnd.load(ordering: .acquiring))
    }

    func set(visible: UInt64? = nil, durable: UInt64? = nil) {
        if let visible { visibleEnd.store(visible, ordering: .releasing) }
        if let durable { durableEnd.store(durable, ordering: .releasing) }
        publish()
    }

    /// One pwrite of both ends: cheap, and a cache (recovery recomputes them).
    private func publish() {
        var b = (visibleEnd.load(ordering: .relaxed).littleEndian, durableEnd.load(ordering: .relaxed).littleEndian)
        _ = withUnsafeBytes(of: &b) { pwrite(fd, $0.baseAddress, 16, 0) }
    }

    /// The ends a writer in another process published, if one is running.
    static func read(_ directory: LogDirectory) -> LogEndOffsets? {
        guard DirectoryLock.isHeld(path: directory.lockFile),
              let bytes = try? Posix.readFile(directory.endsFile), bytes.count >= 16 else { return nil }
        return bytes.withUnsafeBytes { b in
            LogEndOffsets(visible: UInt64(littleEndian: b.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                          durable: UInt64(littleEndian: b.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
    }
}
