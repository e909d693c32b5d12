import CZlib
import CZstd
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `stdout` and `file:PATH`: JSON Lines, one record a line with its offset.
///
/// A file is opened for appending (a resumed consumer continues it) and each
/// batch is written and fdatasync'ed before it counts as delivered; with
/// `.zst` or `.gz` (or `--compress`) the lines go through a zstd or gzip
/// stream that is flushed at every batch, so what is on disk always
/// decompresses, and a resumed replay appends a new frame or member.
public final class StreamSink: ReplaySink {
    /// How the lines are compressed.
    public enum Compression: String, Sendable, CaseIterable {
        case none, zstd, gzip
    }

    public let description: String
    private let fd: Int32
    private let isFile: Bool
    private let compression: Compression
    private var zstd: OpaquePointer?
    /// zlib keeps a pointer back to its stream: it must not move, so it lives on the heap.
    private var gzip: UnsafeMutablePointer<z_stream>?
    private var buffer: [UInt8] = []
    private var out = [UInt8](repeating: 0, count: 1 << 17)

    /// Standard output.
    public init(stdout: Void = ()) {
        fd = 1
        isFile = false
        compression = .none
        description = "stdout"
    }

    /// An open descriptor, written without fsync (benchmarks: /dev/null).
    public init(descriptor: Int32) {
        fd = descriptor
        isFile = false
        compression = .none
        description = "fd \(descriptor)"
    }

    /// A file, created if missing, appended to.
    public init(path: String, compression: Compression? = nil) throws {
        let chosen = compression ?? (path.hasSuffix(".zst") ? .zstd : path.hasSuffix(".gz") ? .gzip : .none)
        let f = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard f >= 0 else { throw SinkError("cannot open \(path): \(String(cString: strerror(errno)))", permanent: true) }
        fd = f
        isFile = true
        self.compression = chosen
        description = "file:\(path)"
        switch chosen {
        case .zstd:
            zstd = ZSTD_createCCtx()
            ZSTD_CCtx_setParameter(zstd, ZSTD_c_compressionLevel, 3)
        case .gzip:
            let z = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            z.initialize(to: z_stream())
            let rc = deflateInit2_(z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            guard rc == Z_OK else { z.deallocate(); throw SinkError("cannot start gzip: \(rc)", permanent: true) }
            gzip = z
        case .none:
            break
        }
    }

    public func write(_ batch: [ReplayRecord], checkpoint: (consumer: String, nextOffset: UInt64)?) throws {
        buffer.removeAll(keepingCapacity: true)
        for r in batch {
            buffer += r.jsonLine
            buffer.append(0x0A)
        }
        switch compression {
        case .none: try writeAll(buffer)
        case .zstd: try zstdWrite(buffer, end: false)
        case .gzip: try gzipWrite(buffer, flush: Z_SYNC_FLUSH)
        }
        if isFile, fdatasync(fd) != 0 {
            throw SinkError("cannot fsync \(description): \(String(cString: strerror(errno)))", offset: batch.first?.offset)
        }
    }

    public func close() throws {
        switch compression {
        case .zstd: try zstdWrite([], end: true); ZSTD_freeCCtx(zstd); zstd = nil
        case .gzip:
            try gzipWrite([], flush: Z_FINISH)
            deflateEnd(gzip)
            gzip?.deallocate()
            gzip = nil
        case .none: break
        }
        if isFile {
            _ = fdatasync(fd)
            Glibc.close(fd)
        }
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw SinkError("cannot write to \(description): \(String(cString: strerror(errno)))")
                }
                done += n
            }
        }
    }

    private func zstdWrite(_ bytes: [UInt8], end: Bool) throws {
        var chunks: [UInt8] = []
        try bytes.withUnsafeBytes { src in
            var input = ZSTD_inBuffer(src: src.baseAddress, size: src.count, pos: 0)
            while true {
                let more: Int = try out.withUnsafeMutableBytes { dst in
                    var output = ZSTD_outBuffer(dst: dst.baseAddress, size: dst.count, pos: 0)
                    let rc = ZSTD_compressStream2(zstd, &output, &input, end ? ZSTD_e_end : ZSTD_e_flush)
                    if ZSTD_isError(rc) != 0 { throw SinkError("zstd: \(String(cString: ZSTD_getErrorName(rc)))") }
                    chunks += UnsafeRawBufferPointer(rebasing: dst[0..<output.pos])
                    return rc
                }
                if more == 0 { break }
            }
        }
        try writeAll(chunks)
    }

    private func gzipWrite(_ bytes: [UInt8], flush: Int32) throws {
        var chunks: [UInt8] = []
        var input = bytes
        guard let z = gzip else { return }
        try input.withUnsafeMutableBufferPointer { src in
            z.pointee.next_in = src.baseAddress
            z.pointee.avail_in = UInt32(src.count)
            repeat {
                try out.withUnsafeMutableBufferPointer { dst in
                    z.pointee.next_out = dst.baseAddress
                    z.pointee.avail_out = UInt32(dst.count)
                    let rc = deflate(z, flush)
                    if rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR { throw SinkError("gzip: deflate returned \(rc)") }
                    chunks += dst[0..<(dst.count - Int(z.pointee.avail_out))]
                }
            } while z.pointee.avail_out == 0
        }
        try writeAll(chunks)
    }
}
