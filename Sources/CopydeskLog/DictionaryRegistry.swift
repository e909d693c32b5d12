import CZstd
import Synchronization

/// The dictionaries a log knows: those in `dicts/` and those met as DICT
/// records in segments. Shared by the writer and every reader of one process.
public final class DictionaryRegistry: Sendable {
    private let directory: String?
    private let known = Mutex<[UInt32: LogDictionary]>([:])

    /// A registry backed by a log's `dicts/` folder (or none, in memory only).
    public init(directory: String?) {
        self.directory = directory
    }

    /// The path of a stored dictionary.
    public static func path(in directory: String, id: UInt32) -> String {
        "\(directory)/\(LogDictionary.hex(id)).zdict"
    }

    /// Adds a dictionary met in a segment or made by training.
    public func register(_ dictionary: LogDictionary) {
        known.withLock { $0[dictionary.id] = $0[dictionary.id] ?? dictionary }
    }

    /// Adds a dictionary from its bytes (a DICT record), unless it is known.
    @discardableResult
    public func register(bytes: [UInt8]) throws(LogError) -> LogDictionary {
        let id = bytes.withUnsafeBytes { ZDICT_getDictID($0.baseAddress, $0.count) }
        if id != 0, let old = known.withLock({ $0[id] }) { return old }
        let probe = try LogDictionary(bytes: bytes)
        return known.withLock { k in
            if let old = k[probe.id] { return old }
            k[probe.id] = probe
            return probe
        }
    }

    /// Whether `id` is known without touching the disk.
    public func contains(_ id: UInt32) -> Bool {
        known.withLock { $0[id] != nil }
    }

    /// The dictionary `id`, loaded from `dicts/` when not yet known.
    public func dictionary(_ id: UInt32, for offset: UInt64? = nil) throws(LogError) -> LogDictionary {
        if let d = known.withLock({ $0[id] }) { return d }
        if let directory {
            let path = Self.path(in: directory, id: id)
            if Posix.exists(path) {
                let d = try register(bytes: try Posix.readFile(path))
                if d.id == id { return d }
            }
        }
        let at = offset.map { "record \($0) " } ?? ""
        throw LogError(.dictionaryMissing, "\(at)needs dictionary \(LogDictionary.hex(id)), which is neither embedded in its segment nor in dicts/", offset: offset)
    }

    /// Stores a dictionary in `dicts/` (fsynced) so that it exists before its first use.
    public func persist(_ dictionary: LogDictionary) throws(LogError) {
        register(dictionary)
        guard let directory else { return }
        let path = Self.path(in: directory, id: dictionary.id)
        if Posix.exists(path) { return }
        try Posix.atomicWrite(path, dictionary.bytes)
    }
}
