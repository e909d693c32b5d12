/// SHA-256 (FIPS 180-4), through OpenSSL's libcrypto (see `SHA256+Libcrypto.swift`).
///
/// Every digest copydesk takes is one-shot over bytes it already holds (the
/// content hash over the normalised text, the raw hash over a file), so there
/// is no incremental form; libcrypto uses the CPU's SHA instructions, about
/// 1.5 GB/s against ~320 MB/s for the plain-Swift implementation it replaced.
public enum SHA256 {
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

    /// Hashes `bytes` in one call (copied first when they are not contiguous).
    public static func hash(_ bytes: some Sequence<UInt8>) -> Digest {
        if let digest = bytes.withContiguousStorageIfAvailable({ libcrypto(UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(bytes).withUnsafeBytes { libcrypto($0) }
    }

    /// Hashes the UTF-8 of `text` in one call.
    public static func hash(_ text: String) -> Digest {
        var text = text
        return text.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }
}
