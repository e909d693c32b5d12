extension Unicode.Scalar {
    /// Spaces of every kind, including NBSP and the typographic spaces scrapers leave.
    var isHorizontalSpace: Bool {
        switch value {
        case 0x20, 0x09, 0x0B, 0x0C, 0x0D, 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces of any kind (line ends included).
    var trimmedText: String {
        let trimmed: String?? = utf8.withContiguousStorageIfAvailable { bytes in
            let range = UTF8Whitespace.trimmedRange(bytes)
            return range.isEmpty ? "" : String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        if let trimmed, let trimmed { return trimmed }
        let text = Substring(self)
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isHorizontalSpace && $0 != "\n" }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isHorizontalSpace && $0 != "\n" })!
        // Scalar indices, so that a trailing combining mark or space is cut exactly.
        return String(text[first..<scalars.index(after: last)])
    }

    /// Lower-cased letters and digits only: a key for "is this the same line".
    var comparisonKey: String {
        var out = [UInt8]()
        out.reserveCapacity(utf8.count)
        var ascii = true
        for byte in utf8 {
            switch byte {
            case 0x30...0x39, 0x61...0x7A: out.append(byte)
            case 0x41...0x5A: out.append(byte | 0x20)
            case 0x80...: ascii = false
            default: continue
            }
        }
        if ascii { return String(decoding: out, as: UTF8.self) }
        // Non-ASCII letters need Unicode properties, which are slow to look up:
        // only ask for scalars that are neither ASCII nor general punctuation.
        var scalarsOut = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                if (0x30...0x39).contains(v) || (0x61...0x7A).contains(v) { scalarsOut.append(scalar) }
                else if (0x41...0x5A).contains(v) { scalarsOut.append(Unicode.Scalar(UInt8(v) | 0x20)) }
            } else if !(0x2000...0x206F).contains(v), scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                scalarsOut.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(scalarsOut)
    }
}

/// The spaces ``StringProtocol/trimmedText`` trims, recognised on UTF-8 bytes.
///
/// Parsing trims every line of every article; walking `unicodeScalars` by
/// index cost more than the rest of the line handling together.
enum UTF8Whitespace {
    /// `bytes` without leading and trailing horizontal spaces and line feeds
    /// (the scalars of ``Unicode/Scalar/isHorizontalSpace`` and `\n`).
    static func trimmedRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = 0
        while start < bytes.count, let width = spaceWidth(bytes, at: start) { start += width }
        var end = bytes.count
        while end > start {
            // Back up to the first byte of the last scalar.
            var lead = end - 1
            while lead > start && bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
            guard let width = spaceWidth(bytes, at: lead), lead + width == end else { break }
            end = lead
        }
        return start..<end
    }

    /// The byte length of the space scalar starting at `i`, or nil when it is not one.
    @inline(__always)
    static func spaceWidth(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        switch b[i] {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D: return 1
        case 0xC2: return i + 1 < b.count && b[i + 1] == 0xA0 ? 2 : nil  // U+00A0
        case 0xE1: return i + 2 < b.count && b[i + 1] == 0x9A && b[i + 2] == 0x80 ? 3 : nil  // U+1680
        case 0xE2:
            guard i + 2 < b.count else { return nil }
            switch (b[i + 1], b[i + 2]) {
            case (0x80, 0x80...0x8A), (0x80, 0xAF), (0x81, 0x9F): return 3  // U+2000…200A, U+202F, U+205F
            default: return nil
            }
        case 0xE3: return i + 2 < b.count && b[i + 1] == 0x80 && b[i + 2] == 0x80 ? 3 : nil  // U+3000
        default: return nil
        }
    }
}
