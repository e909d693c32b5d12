#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CopydeskLog
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Synchronization

/// The exact-duplicate index: content ids (SHA-256 of the normalised headline
/// and body) and raw-byte hashes of everything in the log, plus what is in
/// flight. Shared by every pipeline of a daemon; thread-safe.
///
/// Claims are provisional until the record is durable: `commit` makes them
/// permanent, `release` forgets a claim whose item was quarantined, so a later
/// copy is not wrongly called a duplicate. The index is rebuilt at start from a
/// snapshot plus the log records after it.
public final class ContentIndex: Sendable {
    /// A 128-bit key: the first 32 hex digits of a SHA-256.
    public struct Key: Hashable, Sendable {
        let hi: UInt64
        let lo: UInt64

        /// The key of a hex digest (at least 32 hex digits); nil when it is not hex.
        public init?(hex: String) {
            let u = Array(hex.utf8)
            guard u.count >= 32 else { return nil }
            func parse(_ s: ArraySlice<UInt8>) -> UInt64? {
                var v: UInt64 = 0
                for c in s {
                    let d: UInt8
                    switch c {
                    case 0x30...0x39: d = c - 0x30
                    case 0x61...0x66: d = c - 0x61 + 10
                    case 0x41...0x46: d = c - 0x41 + 10
                    default: return nil
                    }
                    v = v << 4 | UInt64(d)
                }
                return v
            }
            guard let h = parse(u[0..<16]), let l = parse(u[16..<32]) else { return nil }
            hi = h
            lo = l
        }

        package init(hi: UInt64, lo: UInt64) {
            self.hi = hi
            self.lo = lo
        }
    }

    /// The answer to a claim.
    public enum Claim: Sendable, Equatable {
        /// First time seen: the caller owns the claim until it commits or releases it.
        case new
        /// Already in the log or in flight.
        case duplicate
    }

    struct State {
        /// Ids of durable records.
        var content: Set<Key> = []
        /// Raw hashes of durable records.
        var raw: Set<Key> = []
        /// Ids claimed by items in flight (not yet durable).
        var pending: Set<Key> = []
        var coveredOffset: UInt64 = 0
    }

    private let state = Mutex(State())

    /// The near-duplicate sketches of the articles in the window.
    public let near: NearDuplicateIndex

    /// An empty index.
    public init(near settings: NearDuplicateSettings = NearDuplicateSettings()) {
        near = NearDuplicateIndex(settings: settings)
    }

    /// Articles known.
    public var count: Int { state.withLock { $0.content.count } }

    /// The log offset up to which records have been added.
    public var coveredOffset: UInt64 { state.withLock { $0.coveredOffset } }

    /// Whether these exact bytes were delivered before.
    public func containsRaw(_ hash: String) -> Bool {
        guard let k = Key(hex: hash) else { return false }
        return state.withLock { $0.raw.contains(k) }
    }

    /// Claims a content id for an item in flight. Atomic: of two items with the
    /// same id claiming at once on different threads, exactly one gets `.new`.
    public func claim(contentID: String, rawHash: String) -> Claim {
        guard let c = Key(hex: contentID) else { return .new }
        return state.withLock { s in
            if s.content.contains(c) || s.pending.contains(c) { return .duplicate }
            s.pending.insert(c)
            return .new
        }
    }

    /// Forgets a claim whose item never reached the log.
    public func release(contentID: String, rawHash: String) {
        guard let c = Key(hex: contentID) else { return }
        _ = state.withLock { $0.pending.remove(c) }
        near.release(c)
    }

    /// Makes a claim permanent once its record is durable at `offset`.
    public func commit(contentID: String?, rawHash: String?, offset: UInt64) {
        let c = contentID.flatMap { Key(hex: $0) }
        let r = rawHash.flatMap { Key(hex: $0) }
        state.withLock { s in
            if let c {
                s.pending.remove(c)
                s.content.insert(c)
            }
            if let r { s.raw.insert(r) }
            s.coveredOffset = max(s.coveredOffset, offset + 1)
        }
        if let c { near.commit(c) }
    }

    /// Adds what a durable record says (catch-up from the log).
    public func add(contentID: String?, rawHash: String?, offset: UInt64) {
        let c = contentID.flatMap { Key(hex: $0) }
        let r = rawHash.flatMap { Key(hex: $0) }
        state.withLock { s in
            if let c { s.content.insert(c) }
            if let r { s.raw.insert(r) }
            s.coveredOffset = max(s.coveredOffset, offset + 1)
        }
    }

    /// Marks records below `offset` as covered.
    public func cover(upTo offset: UInt64) {
        state.withLock { $0.coveredOffset = max($0.coveredOffset, offset) }
    }

    /// Forgets everything (before a rebuild from the log).
    public func reset() {
        state.withLock { $0 = State() }
        near.reset()
    }

    // MARK: - Snapshot

    /// Writes the durable part of the index to `path` atomically: magic,
    /// covered offset, counts, keys, then the near-duplicate window's committed
    /// sketches. Claims in flight are left out, so a crash never leaves an id
    /// in the snapshot whose record is not in the log.
    ///
    /// The near-duplicate part is taken after the exact part: an article
    /// committed in between is in the near part but beyond the covered offset,
    /// and catch-up adds it again — harmless, it only links to itself.
    public func save(to path: String) throws {
        let bytes: [UInt8] = state.withLock { s in
            var b: [UInt8] = Array("CPDKIDX2".utf8)
            b.reserveCapacity(32 + (s.content.count + s.raw.count) * 16)
            func put(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { b.append(contentsOf: $0) } }
            put(s.coveredOffset)
            put(UInt64(s.content.count))
            put(UInt64(s.raw.count))
            for k in s.content { put(k.hi); put(k.lo) }
            for k in s.raw { put(k.hi); put(k.lo) }
            return b
        }
        // Written a piece at a time: the window of a million articles is ~160 MB.
        let tmp = path + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StageError(.badConfig, stage: "deduplicate", "cannot write the index snapshot \(tmp): \(String(cString: strerror(errno)))") }
        func emit(_ chunk: [UInt8]) throws {
            try chunk.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let n = write(fd, raw.baseAddress! + done, raw.count - done)
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { throw StageError(.badConfig, stage: "deduplicate", "cannot write the index snapshot \(tmp): \(String(cString: strerror(errno)))") }
                    done += n
                }
            }
        }
        do {
            try emit(bytes)
            try near.writeSnapshot(emit)
            guard fsync(fd) == 0 else { throw StageError(.badConfig, stage: "deduplicate", "cannot fsync the index snapshot \(tmp)") }
            close(fd)
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        if rename(tmp, path) != 0 { throw StageError(.badConfig, stage: "deduplicate", "cannot write the index snapshot \(path)") }
    }

    /// What ``load(from:)`` found.
    public struct Loaded: Sendable, Equatable {
        /// The exact part (ids and raw hashes up to the covered offset) was loaded.
        public var exact: Bool
        /// The near-duplicate window was loaded too (false: rebuild it from the log).
        public var near: Bool
    }

    /// Loads a snapshot; what could not be loaded stays empty.
    @discardableResult
    public func load(from path: String) -> Loaded {
        guard let data = FileManager.default.contents(atPath: path), data.count >= 32 else { return Loaded(exact: false, near: false) }
        let b = [UInt8](data)
        guard Array(b[0..<8]) == Array("CPDKIDX2".utf8) else { return Loaded(exact: false, near: false) }
        func get(_ i: Int) -> UInt64 { b.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: i, as: UInt64.self)) } }
        let covered = get(8)
        guard get(16) < UInt64(b.count), get(24) < UInt64(b.count) else { return Loaded(exact: false, near: false) }
        let nc = Int(get(16)), nr = Int(get(24))
        let exactEnd = 32 + (nc + nr) * 16
        guard b.count >= exactEnd else { return Loaded(exact: false, near: false) }
        var s = State()
        s.coveredOffset = covered
        s.content.reserveCapacity(nc)
        s.raw.reserveCapacity(nr)
        var i = 32
        for _ in 0..<nc { s.content.insert(Key(hi: get(i), lo: get(i + 8))); i += 16 }
        for _ in 0..<nr { s.raw.insert(Key(hi: get(i), lo: get(i + 8))); i += 16 }
        state.withLock { $0 = s }
        return Loaded(exact: true, near: near.restore(b[exactEnd...]))
    }
}
