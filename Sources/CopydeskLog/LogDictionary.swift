import CZstd

/// A zstd dictionary with its prepared compression and decompression forms.
///
/// One instance is shared by every thread: zstd documents a CDict and a DDict
/// as read-only after creation and safe to use from many contexts at once.
public final class LogDictionary: @unchecked Sendable {
    /// The id zstd writes into every frame made with this dictionary.
    public let id: UInt32
    /// The dictionary as stored in `dicts/<id>.zdict` and in DICT records.
    public let bytes: [UInt8]
    /// The compression level baked into the prepared CDict.
    public let level: Int32
    let cdict: OpaquePointer
    let ddict: OpaquePointer

    /// Prepares a dictionary from its bytes.
    public init(bytes: [UInt8], level: Int32 = 3) throws(LogError) {
        let id = bytes.withUnsafeBytes { ZDICT_getDictID($0.baseAddress, $0.count) }
        guard id != 0 else {
            throw LogError(.compression, "not a zstd dictionary (no dictionary id in its header)")
        }
        guard let c = bytes.withUnsafeBytes({ ZSTD_createCDict($0.baseAddress, $0.count, level) }),
              let d = bytes.withUnsafeBytes({ ZSTD_createDDict($0.baseAddress, $0.count) }) else {
            throw LogError(.compression, "zstd could not prepare dictionary \(LogDictionary.hex(id))")
        }
        self.id = id
        self.bytes = bytes
        self.level = level
        self.cdict = c
        self.ddict = d
    }

    deinit {
        ZSTD_freeCDict(cdict)
        ZSTD_freeDDict(ddict)
    }

    /// Trains a dictionary from sample records with ZDICT.
    public static func train(samples: [[UInt8]], capacity: Int = 110 * 1024, level: Int32 = 3) throws(LogError) -> LogDictionary {
        guard samples.count >= 8 else {
            throw LogError(.invalidArgument, "need at least 8 samples to train a dictionary, got \(samples.count)")
        }
        var joined: [UInt8] = []
        joined.reserveCapacity(samples.reduce(0) { $0 + $1.count })
        var sizes: [Int] = []
        for s in samples where !s.isEmpty {
            joined.append(contentsOf: s)
            sizes.append(s.count)
        }
        var dict = [UInt8](repeating: 0, count: capacity)
        let n = dict.withUnsafeMutableBytes { d in
            joined.withUnsafeBytes { j in
                sizes.withUnsafeBufferPointer { sz in
                    ZDICT_trainFromBuffer(d.baseAddress, d.count, j.baseAddress, sz.baseAddress, UInt32(sz.count))
                }
            }
        }
        if ZDICT_isError(n) != 0 {
            throw LogError(.compression, "dictionary training failed: \(String(cString: ZDICT_getErrorName(n)))")
        }
        dict.removeLast(dict.count - n)
        return try LogDictionary(bytes: dict, level: level)
    }

    /// `0x1234abcd`, as ids are printed everywhere.
    public static func hex(_ id: UInt32) -> String {
        let h = String(id, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - h.count)) + h
    }
}
