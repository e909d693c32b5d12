/// Text decoded from an input file, with what was done to get it.
public struct DecodedText: Hashable, Sendable {
    /// The character encoding the bytes were read as.
    public enum Encoding: String, Hashable, Sendable {
        /// UTF-8 without a byte-order mark (also plain ASCII).
        case utf8 = "utf-8"
        /// UTF-8 with a leading byte-order mark.
        case utf8BOM = "utf-8-bom"
        /// UTF-16 little-endian (with a BOM, or detected by its NUL pattern).
        case utf16LE = "utf-16le"
        /// UTF-16 big-endian (with a BOM, or detected by its NUL pattern).
        case utf16BE = "utf-16be"
        /// Windows-1252: invalid as UTF-8 and no multi-byte UTF-8 sequence anywhere.
        case windows1252 = "windows-1252"
    }

    /// The text, line ends normalised to `\n`, without a BOM.
    public var text: String
    /// The encoding the bytes were read as.
    public var encoding: Encoding
    /// Repairs made (`invalid_utf8_repaired`, `decoded_as_windows_1252`, …), for the record's `copydesk.flags`.
    public var flags: [String]

    /// Makes a decoded text.
    public init(text: String, encoding: Encoding, flags: [String] = []) {
        self.text = text
        self.encoding = encoding
        self.flags = flags
    }
}
