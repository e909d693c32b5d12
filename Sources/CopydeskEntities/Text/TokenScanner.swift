/// One pass of the tokenizer over the UTF-8 bytes of one text.
///
/// The main loop here dispatches on the first byte of each token; words and
/// everything glued to them are in `TokenScanner+Words.swift`.
struct TokenScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var tokens: [Token] = []

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // News prose averages five to six bytes per token; reserving up front
        // avoids most regrowth without grossly over-allocating.
        tokens.reserveCapacity(bytes.count / 5 + 4)
    }

    mutating func run() {
        var i = 0
        let count = bytes.count
        while i < count {
            let byte = bytes[i]
            if byte < 0x80 {
                if CharacterClass.isASCIIWord(byte) {
                    i = scanWord(from: i)
                } else if byte <= 0x20 || byte == 0x7F {
                    i += 1
                } else {
                    i = scanASCIIPunctuation(at: i)
                }
                continue
            }
            let (value, length) = scalar(at: i)
            switch CharacterClass.ofNonASCII(value) {
            case .space:
                i += length
            case .word:
                i = scanWord(from: i)
            case .apostrophe:
                i = scanApostrophe(at: i, length: length)
            case .hyphen:
                i = emit(i, i + length)
            case .other:
                i = scanSymbol(at: i, value: value, length: length)
            }
        }
    }

    // MARK: Tokens that start with punctuation

    private mutating func scanASCIIPunctuation(at i: Int) -> Int {
        switch bytes[i] {
        case UInt8(ascii: "."):
            // One period is a period; a run of two or more is an ellipsis.
            return emit(i, run(of: UInt8(ascii: "."), from: i))
        case UInt8(ascii: "-"):
            // `--` is the typewriter dash PTB keeps as one token.
            return emit(i, run(of: UInt8(ascii: "-"), from: i))
        case UInt8(ascii: "#"), UInt8(ascii: "@"):
            // #hashtag, @handle: the marker belongs to the name it introduces.
            if i + 1 < bytes.count, classAt(i + 1).class == .word {
                return emit(i, skipWordCharacters(from: i + 1))
            }
            return emit(i, i + 1)
        case UInt8(ascii: "'"):
            return scanApostrophe(at: i, length: 1)
        default:
            return emit(i, i + 1)
        }
    }

    /// An apostrophe that does not sit inside a word: a clitic glued to the
    /// previous token (`U.S.'s`), an elided year (`'90s`), or a quote mark.
    private mutating func scanApostrophe(at i: Int, length: Int) -> Int {
        if let last = tokens.last, last.end == i, let end = cliticEnd(apostrophe: i, length: length) {
            return emit(i, end)
        }
        let afterMark = i + length
        if afterMark + 1 < bytes.count, isDigit(bytes[afterMark]), isDigit(bytes[afterMark + 1]) {
            return emit(i, skipWordCharacters(from: afterMark))
        }
        return emit(i, afterMark)
    }

    /// A symbol, punctuation mark or emoji outside ASCII, together with the
    /// modifiers that render as part of it, so an emoji with a skin tone or a
    /// flag stays one token.
    private mutating func scanSymbol(at i: Int, value: UInt32, length: Int) -> Int {
        var end = i + length
        var pairedFlag = false
        while end < bytes.count {
            let (next, nextLength) = scalar(at: end)
            if CharacterClass.extendsSymbol(next) {
                end += nextLength
            } else if next == 0x200D, end + nextLength < bytes.count {
                // Zero-width joiner: the joined emoji is part of the sequence.
                end += nextLength + scalar(at: end + nextLength).length
            } else if !pairedFlag, CharacterClass.isRegionalIndicator(value), CharacterClass.isRegionalIndicator(next) {
                pairedFlag = true
                end += nextLength
            } else {
                break
            }
        }
        return emit(i, end)
    }

    // MARK: Byte helpers

    /// Appends the token spanning `start..<end` and returns `end`.
    @discardableResult
    mutating func emit(_ start: Int, _ end: Int) -> Int {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        tokens.append(Token(text: text, start: start, end: end))
        return end
    }

    /// Decodes the scalar starting at `i`. Swift strings hold valid UTF-8, so
    /// the lead byte alone gives the length.
    @inline(__always)
    func scalar(at i: Int) -> (value: UInt32, length: Int) {
        let lead = UInt32(bytes[i])
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0 {
            return ((lead & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), 2)
        }
        if lead < 0xF0 {
            return ((lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), 3)
        }
        return ((lead & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12
                | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F), 4)
    }

    /// Class and byte length of the character at `i`; `.space` past the end,
    /// so callers can look ahead without bounds checks of their own.
    @inline(__always)
    func classAt(_ i: Int) -> (class: CharacterClass, length: Int) {
        guard i < bytes.count else { return (.space, 0) }
        let byte = bytes[i]
        if byte < 0x80 { return (CharacterClass.ofASCII(byte), 1) }
        let (value, length) = scalar(at: i)
        return (CharacterClass.ofNonASCII(value), length)
    }

    /// The byte at `i`, or 0 past the end (0 never matches anything we test for).
    @inline(__always)
    func byte(at i: Int) -> UInt8 {
        i < bytes.count ? bytes[i] : 0
    }

    @inline(__always)
    func isDigit(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10
    }

    private func run(of byte: UInt8, from i: Int) -> Int {
        var end = i
        while end < bytes.count, bytes[end] == byte { end += 1 }
        return end
    }
}
