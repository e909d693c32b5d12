import CCRC32C

/// CRC32C (Castagnoli), the checksum of every record header and body.
public enum CRC32C {
    /// The checksum of `bytes`, or its continuation from `crc`.
    @inlinable
    public static func checksum(_ bytes: UnsafeRawBufferPointer, extending crc: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        return copydesk_crc32c_extend(crc, base, bytes.count)
    }

    /// The checksum of an array of bytes.
    public static func checksum(_ bytes: [UInt8], extending crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0, extending: crc) }
    }

    /// Whether the CPU's crc32 instruction is in use.
    public static var usesHardware: Bool { copydesk_crc32c_hardware() != 0 }
}
