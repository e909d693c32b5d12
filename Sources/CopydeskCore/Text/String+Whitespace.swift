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
