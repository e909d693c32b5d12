/// JSON string literals, written and found: the one escaper of record JSON.
///
/// The escape form is `JSONEncoder`'s with `.withoutEscapingSlashes`: `"` and
/// `\` escaped, control characters as `\b \t \n \f \r` or `\u00xx`, everything
/// else (slashes, DEL, all non-ASCII) as its UTF-8. The record writer, the
/// sinks' envelopes and the stream sink's text wrapper all write strings here,
/// so a record's bytes do not depend on which path wrote them.
public enum JSONString {
    /// Appends `value` to `out` as a JSON string literal, quotes included.
    public static func append(_ value: String, to out: inout [UInt8]) {
        var value = value
        value.withUTF8 { append(utf8: $0, to: &out) }
    }

    /// Appends the UTF-8 bytes `utf8` to `out` as a JSON string literal, quotes included.
    public static func append(utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var runStart = 0
        var i = firstEscape(utf8, from: 0)
        while i < utf8.count {
            if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
            appendEscape(utf8[i], to: &out)
            runStart = i &+ 1
            i = firstEscape(utf8, from: runStart)
        }
        if runStart < utf8.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        out.append(UInt8(ascii: "\""))
    }

    /// `value` as a JSON string literal, quotes included.
    public static func quoted(_ value: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count + 2)
        append(value, to: &out)
        return out
    }

    /// The index of the first byte at or after `start` that a JSON string must
    /// escape (below 0x20, `"` or `\`), or `bytes.count`.
    ///
    /// Eight bytes at a time (SWAR): record bodies are kilobytes of text with
    /// an escape every few hundred bytes, and a byte loop cost ~3 ns a byte.
    /// A reader uses it too: in a JSON string only these bytes end a plain run.
    public static func firstEscape(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080, low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var i = start
        while i &+ 8 <= bytes.count {
            let x = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress!.advanced(by: i)).loadUnaligned(as: UInt64.self))
            // Top bit of each byte: below 0x20 (exact for ASCII; bytes ≥ 0x80 are masked out by `| x`),
            // equal to '"', equal to '\'. Carry-free, so no false positives from borrows.
            let control = ~(((x & low7) &+ ones &* 0x60) | x) & high
            let q = x ^ (ones &* 0x22), s = x ^ (ones &* 0x5C)
            let quote = ~(((q & low7) &+ low7) | q) & high
            let slash = ~(((s & low7) &+ low7) | s) & high
            let hits = control | quote | slash
            if hits != 0 { return i &+ hits.trailingZeroBitCount >> 3 }
            i &+= 8
        }
        while i < bytes.count {
            let byte = bytes[i]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C { return i }
            i &+= 1
        }
        return bytes.count
    }

    private static func appendEscape(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        default:
            let hex: StaticString = "0123456789abcdef"
            hex.withUTF8Buffer { digits in
                out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
            }
        }
    }
}
