import CZstd

/// A record ready for the writer: its body as stored, and how to decode it.
public struct EncodedRecord: Sendable {
    /// How `body` is encoded.
    public var codec: Codec
    /// The dictionary the zstd frame was made with, or 0.
    public var dictionaryID: UInt32
    /// Bytes after decoding.
    public var rawLength: Int
    /// The stored bytes.
    public var body: [UInt8]
    /// The record's time in µs since the epoch; nil lets the writer stamp it.
    /// Timestamps in the log never decrease: an earlier one is raised to the last.
    public var timestamp: Int64?

    /// A record stored uncompressed.
    public init(raw: [UInt8], timestamp: Int64? = nil) {
        self.codec = .none
        self.dictionaryID = 0
        self.rawLength = raw.count
        self.body = raw
        self.timestamp = timestamp
    }

    /// A record with an already encoded body.
    public init(codec: Codec, dictionaryID: UInt32, rawLength: Int, body: [UInt8], timestamp: Int64? = nil) {
        self.codec = codec
        self.dictionaryID = dictionaryID
        self.rawLength = rawLength
        self.body = body
        self.timestamp = timestamp
    }
}

/// Compresses records with zstd. Owns one compression context, so each worker
/// thread keeps its own (`CompressorPool` hands them out).
public final class Compressor {
    private let cctx: OpaquePointer
    /// The level used when no dictionary is given (a dictionary carries its own).
    public let level: Int32
    private var scratch: [UInt8] = []

    /// Makes a compressor.
    public init(level: Int32 = 3) {
        guard let c = ZSTD_createCCtx() else { fatalError("ZSTD_createCCtx returned NULL: out of memory") }
        cctx = c
        self.level = level
    }

    deinit { ZSTD_freeCCtx(cctx) }

    /// Compresses `raw`, with `dictionary` when given. A record that zstd cannot
    /// shrink is stored uncompressed.
    public func compress(_ raw: [UInt8], dictionary: LogDictionary?, timestamp: Int64? = nil) throws(LogError) -> EncodedRecord {
        let bound = ZSTD_compressBound(raw.count)
        if scratch.count < bound { scratch = [UInt8](repeating: 0, count: bound) }
        let n = scratch.withUnsafeMutableBytes { dst in
            raw.withUnsafeBytes { src in
                if let dictionary {
                    return ZSTD_compress_usingCDict(cctx, dst.baseAddress, bound, src.baseAddress, src.count, dictionary.cdict)
                }
                return ZSTD_compressCCtx(cctx, dst.baseAddress, bound, src.baseAddress, src.count, level)
            }
        }
        if ZSTD_isError(n) != 0 {
            throw LogError(.compression, "zstd compression failed: \(String(cString: ZSTD_getErrorName(n)))")
        }
        if n >= raw.count { return EncodedRecord(raw: raw, timestamp: timestamp) }
        return EncodedRecord(codec: .zstd, dictionaryID: dictionary?.id ?? 0, rawLength: raw.count,
                             body: Array(scratch[0..<n]), timestamp: timestamp)
    }
}

/// Decompresses records. Owns one decompression context; keep one per thread.
public final class Decompressor {
    private let dctx: OpaquePointer

    /// Makes a decompressor.
    public init() {
        guard let d = ZSTD_createDCtx() else { fatalError("ZSTD_createDCtx returned NULL: out of memory") }
        dctx = d
    }

    deinit { ZSTD_freeDCtx(dctx) }

    /// Decodes a record's body. A zstd frame whose dictionary id differs from
    /// the header's, or whose dictionary is unknown, is an error naming the id.
    public func decode(_ record: LogRecord, dictionaries: DictionaryRegistry) throws(LogError) -> [UInt8] {
        switch record.codec {
        case .none:
            return record.body
        case .zstd:
            let frameID = record.body.withUnsafeBytes { ZSTD_getDictID_fromFrame($0.baseAddress, $0.count) }
            if frameID != record.dictionaryID {
                throw LogError(.corrupt, "record \(record.offset): frame names dictionary \(LogDictionary.hex(frameID)) but the header says \(LogDictionary.hex(record.dictionaryID))", offset: record.offset)
            }
            var dict: LogDictionary?
            if record.dictionaryID != 0 {
                dict = try dictionaries.dictionary(record.dictionaryID, for: record.offset)
            }
            var n = 0
            let out = [UInt8](unsafeUninitializedCapacity: record.rawLength) { dst, initialized in
                n = record.body.withUnsafeBytes { src in
                    if let dict {
                        return ZSTD_decompress_usingDDict(dctx, dst.baseAddress, dst.count, src.baseAddress, src.count, dict.ddict)
                    }
                    return ZSTD_decompressDCtx(dctx, dst.baseAddress, dst.count, src.baseAddress, src.count)
                }
                initialized = ZSTD_isError(n) != 0 ? 0 : min(n, dst.count)
            }
            if ZSTD_isError(n) != 0 {
                throw LogError(.corrupt, "record \(record.offset): zstd: \(String(cString: ZSTD_getErrorName(n)))", offset: record.offset)
            }
            if n != record.rawLength {
                throw LogError(.corrupt, "record \(record.offset): decoded \(n) bytes, header says \(record.rawLength)", offset: record.offset)
            }
            return out
        }
    }
}
