/// SHA-256 (FIPS 180-4), incremental, in plain Swift.
///
/// CopydeskCore has no dependencies, so it carries its own digest; the content
/// hash is computed once per article over a few kilobytes, where this runs at
/// about 320 MB/s in release builds (see `SHA256+Compression.swift`).
public struct SHA256: Sendable {
    /// A finished 32-byte digest.
    public struct Digest: Hashable, Sendable, CustomStringConvertible {
        /// The 32 digest bytes.
        public let bytes: [UInt8]

        /// Lower-case hex, 64 characters.
        public var hex: String {
            // Written straight into the string's storage: one allocation, not three.
            String(unsafeUninitializedCapacity: bytes.count * 2) { out in
                @inline(__always) func digit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 &+ v : 0x57 &+ v }  // 0-9, a-f
                for (i, byte) in bytes.enumerated() {
                    out[2 &* i] = digit(byte >> 4)
                    out[2 &* i &+ 1] = digit(byte & 0x0F)
                }
                return bytes.count * 2
            }
        }

        /// The hex form.
        public var description: String { hex }
    }

    // Internal so the compression function in SHA256+Compression.swift can update it.
    var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    private var buffer = [UInt8]()
    private var length: UInt64 = 0

    /// Starts an empty hash.
    public init() {
        buffer.reserveCapacity(64)
    }

    /// Hashes `bytes` in one call (through libcrypto, which uses the CPU's SHA
    /// instructions, when the bytes are contiguous).
    public static func hash(_ bytes: some Sequence<UInt8>) -> Digest {
        if let d = bytes.withContiguousStorageIfAvailable({ libcrypto(UnsafeRawBufferPointer($0)) }), let d {
            return d
        }
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Hashes the UTF-8 of `text` in one call.
    public static func hash(_ text: String) -> Digest {
        var text = text
        return text.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }

    /// Feeds more input.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { update($0) }
        }
    }

    /// Feeds more input from raw memory.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        length &+= UInt64(bytes.count)
        var rest = bytes[...]
        if !buffer.isEmpty {
            let take = min(64 - buffer.count, rest.count)
            buffer.append(contentsOf: rest.prefix(take))
            rest = rest.dropFirst(take)
            guard buffer.count == 64 else { return }
            let block = buffer
            block.withUnsafeBytes { compress(block: $0.baseAddress!) }
            buffer.removeAll(keepingCapacity: true)
        }
        while rest.count >= 64 {
            compress(block: bytes.baseAddress! + rest.startIndex)
            rest = rest.dropFirst(64)
        }
        buffer.append(contentsOf: rest)
    }

    /// Pads, finishes and returns the digest.
    public consuming func finalize() -> Digest {
        let bitLength = length &* 8
        var tail = buffer
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        tail.withUnsafeBytes { raw in
            for offset in stride(from: 0, to: raw.count, by: 64) { compress(block: raw.baseAddress! + offset) }
        }
        var out = [UInt8]()
        out.reserveCapacity(32)
        for word in [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7] {
            out.append(UInt8(truncatingIfNeeded: word >> 24))
            out.append(UInt8(truncatingIfNeeded: word >> 16))
            out.append(UInt8(truncatingIfNeeded: word >> 8))
            out.append(UInt8(truncatingIfNeeded: word))
        }
        return Digest(bytes: out)
    }
}
