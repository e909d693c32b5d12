import FoundationEssentials
#if canImport(Glibc)
import Glibc  // memchr
#endif

/// Turns the bytes of an input file into text, or refuses them as not text.
///
/// Producers deliver UTF-8 (with or without BOM), UTF-16 from Windows tools,
/// and the odd Latin-1 file; crawlers sometimes save a PDF or an image under a
/// `.txt` name. Text is decoded and repaired; binary is refused with `not_text`
/// so the pipeline quarantines it instead of logging garbage.
public enum TextDecoding {
    /// The stage name errors are reported under.
    public static let stage = "parse"

    /// Flag set when invalid UTF-8 was replaced with U+FFFD.
    public static let repairedUTF8Flag = "invalid_utf8_repaired"
    /// Flag set when invalid UTF-16 (a lone surrogate, an odd byte) was repaired.
    public static let repairedUTF16Flag = "invalid_utf16_repaired"
    /// Flag set when the bytes were read as Windows-1252.
    public static let windows1252Flag = "decoded_as_windows_1252"

    /// Decodes `data`; see ``decode(_:)-(UnsafeRawBufferPointer)``.
    public static func decode(_ data: Data) throws(StageError) -> DecodedText {
        let result: Result<DecodedText, StageError> = data.withUnsafeBytes { raw in
            Result { () throws(StageError) in try decode(raw) }
        }
        return try result.get()
    }

    /// Decodes `bytes`; see ``decode(_:)-(UnsafeRawBufferPointer)``.
    public static func decode(_ bytes: [UInt8]) throws(StageError) -> DecodedText {
        let result: Result<DecodedText, StageError> = bytes.withUnsafeBytes { raw in
            Result { () throws(StageError) in try decode(raw) }
        }
        return try result.get()
    }

    /// Decodes raw bytes to text with `\n` line ends.
    ///
    /// - Throws: `empty` for no bytes or only whitespace; `not_text` for binary
    ///   data (NUL bytes outside UTF-16, more than 5 % control or undecodable characters).
    public static func decode(_ raw: UnsafeRawBufferPointer) throws(StageError) -> DecodedText {
        let bytes = raw.bindMemory(to: UInt8.self)
        guard !bytes.isEmpty else {
            throw StageError(.empty, stage: stage, "The file is empty (0 bytes); nothing to ingest.")
        }
        let decoded: DecodedText
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            decoded = try decodeUTF8(UnsafeBufferPointer(rebasing: bytes[3...]), encoding: .utf8BOM)
        } else if bytes.starts(with: [0xFF, 0xFE]) {
            decoded = decodeUTF16(UnsafeBufferPointer(rebasing: bytes[2...]), bigEndian: false)
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            decoded = decodeUTF16(UnsafeBufferPointer(rebasing: bytes[2...]), bigEndian: true)
        } else if hasNUL(bytes), let bigEndian = bomlessUTF16(bytes) {  // no NUL, no UTF-16: skip counting zeros
            decoded = decodeUTF16(bytes, bigEndian: bigEndian)
        } else {
            decoded = try decodeUTF8(bytes, encoding: .utf8)
        }
        try checkIsText(decoded.text)
        return DecodedText(text: unifyLineEnds(decoded.text), encoding: decoded.encoding, flags: decoded.flags)
    }

    /// Whether `bytes` holds a zero byte (`memchr`, many bytes a cycle).
    static func hasNUL(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
        return memchr(base, 0, bytes.count) != nil
    }

    /// UTF-16 without a BOM: ASCII-range text has a NUL in every other byte.
    /// Returns whether it is big-endian, or nil when the bytes do not look like UTF-16.
    static func bomlessUTF16(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        let pairs = min(bytes.count, 4096) / 2
        guard pairs >= 2 else { return nil }
        var evenZeros = 0
        var oddZeros = 0
        for i in 0..<pairs {
            if bytes[2 * i] == 0 { evenZeros += 1 }
            if bytes[2 * i + 1] == 0 { oddZeros += 1 }
        }
        // Mostly-ASCII UTF-16 has a zero high byte in nearly every pair and almost
        // never a zero low byte; binary formats have zeros on both sides.
        if oddZeros * 10 >= pairs * 4 && evenZeros * 20 < pairs { return false }
        if evenZeros * 10 >= pairs * 4 && oddZeros * 20 < pairs { return true }
        return nil
    }

    private static func decodeUTF8(
        _ bytes: UnsafeBufferPointer<UInt8>, encoding: DecodedText.Encoding
    ) throws(StageError) -> DecodedText {
        if hasNUL(bytes) {
            throw StageError(.notText, stage: stage, "The file contains NUL bytes: it is binary, not an article. Check what the producer wrote.")
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return DecodedText(text: text, encoding: encoding)
        }
        // Invalid UTF-8. Count what is broken and what is valid multi-byte UTF-8:
        // a file with no valid multi-byte sequence at all is an 8-bit legacy
        // encoding (Latin-1 or its superset Windows-1252), not damaged UTF-8.
        var iterator = bytes.makeIterator()
        var parser = UTF8()
        var errors = 0
        var multiByte = 0
        var scalars = 0
        loop: while true {
            switch parser.decode(&iterator) {
            case .scalarValue(let scalar):
                scalars += 1
                if !scalar.isASCII { multiByte += 1 }
            case .error:
                errors += 1
                scalars += 1
            case .emptyInput:
                break loop
            }
        }
        if errors * 10 > scalars {
            throw StageError(.notText, stage: stage, "\(errors) of \(scalars) characters are not valid UTF-8: the file is binary or in an unknown encoding.")
        }
        if multiByte == 0 {
            return DecodedText(text: Windows1252.decode(bytes), encoding: .windows1252, flags: [windows1252Flag])
        }
        return DecodedText(text: String(decoding: bytes, as: UTF8.self), encoding: encoding, flags: [repairedUTF8Flag])
    }

    private static func decodeUTF16(_ bytes: UnsafeBufferPointer<UInt8>, bigEndian: Bool) -> DecodedText {
        var units = [UInt16]()
        units.reserveCapacity(bytes.count / 2)
        var i = 0
        while i + 1 < bytes.count {
            let (hi, lo) = bigEndian ? (bytes[i], bytes[i + 1]) : (bytes[i + 1], bytes[i])
            units.append(UInt16(hi) << 8 | UInt16(lo))
            i += 2
        }
        var flags: [String] = []
        let text: String
        if let valid = String(validating: units, as: UTF16.self), bytes.count % 2 == 0 {
            text = valid
        } else {
            text = String(decoding: units, as: UTF16.self)
            flags.append(repairedUTF16Flag)
        }
        return DecodedText(text: text, encoding: bigEndian ? .utf16BE : .utf16LE, flags: flags)
    }

    /// Refuses whitespace-only text and text that is mostly control or replacement characters.
    private static func checkIsText(_ text: String) throws(StageError) {
        var text = text
        let (total, bad, visible) = text.withUTF8 { UTF8Scan.tally($0) }
        if visible <= 0 && bad == 0 {
            throw StageError(.empty, stage: stage, "The file holds only whitespace; nothing to ingest.")
        }
        if bad * 20 > total {
            throw StageError(.notText, stage: stage, "\(bad) of \(total) characters are control or undecodable characters: the file is binary, not an article.")
        }
    }

    /// CRLF and lone CR become LF.
    static func unifyLineEnds(_ text: String) -> String {
        var text = text
        guard text.withUTF8({ bytes in bytes.baseAddress.map { memchr($0, 0x0D, bytes.count) != nil } ?? false }) else { return text }
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        var previousCR = false
        for byte in text.utf8 {
            if byte == 0x0D {
                out.append(0x0A)
                previousCR = true
                continue
            }
            if byte == 0x0A && previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
