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
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isHorizontalSpace && $0 != "\n" }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isHorizontalSpace && $0 != "\n" })!
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// Lower-cased letters and digits only: a key for "is this the same line".
    var comparisonKey: String {
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars where scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
            if scalar.isASCII {
                let v = scalar.value
                out.append((0x41...0x5A).contains(v) ? Unicode.Scalar(v + 0x20)! : scalar)
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }
}
