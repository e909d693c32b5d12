/// How the tokenizer treats one Unicode scalar.
///
/// Only the distinctions the scanner acts on are made; everything that is not
/// a separator, a word character or one of the two joiners is `other` and
/// becomes a token of its own.
enum CharacterClass: Equatable {
    /// Separates tokens and never appears inside one (spaces, line breaks,
    /// C0 controls, and invisible separators such as U+200B and the BOM).
    case space
    /// Letters, digits, combining marks and `_`, in any script.
    case word
    /// U+2019 RIGHT SINGLE QUOTATION MARK, which news copy uses as the
    /// apostrophe; it gets the same clitic treatment as `'`.
    case apostrophe
    /// U+2010 / U+2011, the Unicode hyphens, which join words like `-`.
    case hyphen
    /// Punctuation, symbols, emoji: each is a token of its own.
    case other

    /// Class of an ASCII byte.
    @inline(__always)
    static func ofASCII(_ byte: UInt8) -> CharacterClass {
        if isASCIIWord(byte) { return .word }
        if byte <= 0x20 || byte == 0x7F { return .space }
        return .other
    }

    /// Letters, digits and `_`: the bytes the hot loop consumes without decoding.
    @inline(__always)
    static func isASCIIWord(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || byte == 0x5F
    }

    /// Class of a scalar at or above U+0080.
    static func ofNonASCII(_ value: UInt32) -> CharacterClass {
        // Latin-1 and Latin Extended letters dominate European names, so they
        // skip the (much slower) Unicode property lookup.
        if value >= 0xC0 && value < 0x250 {
            return value == 0xD7 || value == 0xF7 ? .other : .word
        }
        if value >= 0x300 && value < 0x370 { return .word }  // combining diacritics (NFD text)
        switch value {
        case 0x2019: return .apostrophe
        case 0x2010, 0x2011: return .hyphen
        case 0x85, 0xA0, 0x1680, 0x180E, 0x2000...0x200B, 0x2028, 0x2029,
             0x202F, 0x205F, 0x2060, 0x3000, 0xFEFF:
            return .space
        case 0xAD, 0x200C, 0x200D:
            // Soft hyphen and the zero-width (non-)joiners belong to the word
            // they sit in; splitting on them would break words invisibly.
            return .word
        default:
            break
        }
        guard let scalar = Unicode.Scalar(value) else { return .other }
        let properties = scalar.properties
        if properties.isAlphabetic { return .word }
        switch properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber,
             .nonspacingMark, .spacingMark, .enclosingMark:
            return .word
        case .control, .format:
            return .space
        default:
            return properties.isWhitespace ? .space : .other
        }
    }

    /// Whether a scalar that follows a symbol belongs to it: emoji modifiers,
    /// variation selectors, tag characters and combining marks render as part
    /// of the preceding symbol, so they stay in its token.
    static func extendsSymbol(_ value: UInt32) -> Bool {
        switch value {
        case 0xFE00...0xFE0F, 0x1F3FB...0x1F3FF, 0xE0020...0xE007F, 0x20D0...0x20FF, 0x300...0x36F:
            return true
        default:
            guard value >= 0x300, let scalar = Unicode.Scalar(value) else { return false }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return true
            default: return false
            }
        }
    }

    /// Regional indicators come in pairs that draw one flag.
    static func isRegionalIndicator(_ value: UInt32) -> Bool {
        value >= 0x1F1E6 && value <= 0x1F1FF
    }
}
