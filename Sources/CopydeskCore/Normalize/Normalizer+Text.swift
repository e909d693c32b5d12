import Foundation  // NFC (`precomposedStringWithCanonicalMapping`) is not in FoundationEssentials.

extension Normalizer {
    /// Cleans one text field in a single pass over its UTF-8.
    ///
    /// Removes invisible and control characters and `[email protected]`,
    /// turns every kind of space into one space, trims lines, joins
    /// hard-wrapped lines, separates paragraphs by exactly one blank line
    /// (`singleLine`: by a space) and applies Unicode NFC.
    public static func cleanText(_ text: String, singleLine: Bool = false) -> String {
        var input = EmailProtectedArtefact.remove(from: text)
        var needsNFC = false
        let capacity = input.utf8.count
        // Output never outgrows input: every space or break written replaces at
        // least one byte read, so one allocation of the input's size is enough.
        let cleaned = input.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: max(capacity, 1)) { out in
                var written = 0
                var pendingSpace = false
                var pendingBreaks = 0
                var i = 0
                while i < bytes.count {
                    // Eight bytes of words and single spaces come out as they went in: copy them whole.
                    if i &+ 8 <= bytes.count {
                        let word = UTF8Scan.load(bytes, i)
                        // A single space ending the run is held back as any space is.
                        let trailingSpace = word >> 56 == 0x20 && (word >> 48) & 0xFF != 0x20
                        if UTF8Scan.isPlainRun(trailingSpace ? word & 0x00FF_FFFF_FFFF_FFFF | 0x2100_0000_0000_0000 : word) {
                            separate(into: out, written: &written, space: &pendingSpace, breaks: &pendingBreaks, singleLine: singleLine)
                            // In bounds: `written` never passes `i` (see above), and `i + 8` fits the input.
                            UnsafeMutableRawPointer(out.baseAddress! + written).storeBytes(of: word.littleEndian, as: UInt64.self)
                            written &+= trailingSpace ? 7 : 8
                            pendingSpace = trailingSpace
                            i &+= 8
                            continue
                        }
                    }
                    let lead = bytes[i]
                    // Printable ASCII is nearly all of the text: copy it without the general switch.
                    if lead > 0x20 && lead < 0x7F {
                        separate(into: out, written: &written, space: &pendingSpace, breaks: &pendingBreaks, singleLine: singleLine)
                        out[written] = lead
                        written += 1
                        i += 1
                        continue
                    }
                    if lead == 0x20 {  // the space between words: the next most common byte
                        pendingSpace = true
                        i += 1
                        continue
                    }
                    let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                    let scalar = length == 1 ? UInt32(lead) : decode(bytes, at: i, length: length)
                    let start = i
                    i += length
                    switch scalar {
                    case 0x0A, 0x0D, 0x2028:
                        pendingBreaks += 1
                    case 0x2029:
                        pendingBreaks += 2
                    case 0x20, 0x09, 0x0B, 0x0C, 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
                        pendingSpace = true
                    case 0x00...0x1F, 0x7F...0x9F, 0xAD, 0x061C, 0x180E, 0x200B...0x200F, 0x202A...0x202E,
                         0x2060...0x2064, 0x2066...0x206F, 0xFEFF:
                        continue  // invisible: zero-width, soft hyphen, bidi controls, BOM, C0/C1 controls
                    default:
                        separate(into: out, written: &written, space: &pendingSpace, breaks: &pendingBreaks, singleLine: singleLine)
                        for k in start..<min(i, bytes.count) {
                            out[written] = bytes[k]
                            written += 1
                        }
                        if scalar >= 0x300 && !isNFCStable(scalar) { needsNFC = true }
                    }
                }
                return written
            }
        }
        // Most news text never reaches here: full NFC costs ~25 ns a byte.
        return needsNFC ? cleaned.precomposedStringWithCanonicalMapping : cleaned
    }

    /// Writes what stands between two pieces of text — one blank line for a
    /// paragraph break (a space when `singleLine`), else one space — and clears
    /// the pending state. Nothing goes before the first piece.
    @inline(__always)
    private static func separate(into out: UnsafeMutableBufferPointer<UInt8>, written: inout Int, space: inout Bool,
                                 breaks: inout Int, singleLine: Bool) {
        if written > 0 && (space || breaks > 0) {
            if breaks >= 2 && !singleLine {
                out[written] = 0x0A
                out[written + 1] = 0x0A
                written += 2
            } else {
                out[written] = 0x20
                written += 1
            }
        }
        breaks = 0
        space = false
    }

    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> UInt32 {
        guard i + length <= bytes.count else { return 0xFFFD }
        var value = UInt32(bytes[i]) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        return value
    }

    /// Scalars at or above U+0300 that can neither change under NFC nor combine
    /// with a neighbour: typographic punctuation, currency, Cyrillic, kana, CJK.
    /// Everything below U+0300 is stable too. Anything else sends the text
    /// through full normalisation, which is correct but slower.
    @inline(__always)
    static func isNFCStable(_ v: UInt32) -> Bool {
        switch v {
        case 0x0400...0x0482, 0x048A...0x04FF, 0x2010...0x2027, 0x2030...0x205E, 0x20A0...0x20CF,
             0x2100...0x2125, 0x2127...0x2129, 0x212C...0x2BFF, 0x3001...0x3098, 0x309D...0x30FF,
             0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xFF01...0xFFEF, 0x1F300...0x1FAFF:
            true
        default:
            false
        }
    }
}
