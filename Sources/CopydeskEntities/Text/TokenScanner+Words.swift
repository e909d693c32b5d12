/// Words, numbers and what may be glued to them: joiners that keep a word
/// whole (`two-day`, `2,225`, `10:30`, `AT&T`, `O'Brien`), clitics that split
/// off (`'s`, `n't`), periods that belong to abbreviations, URLs and e-mail
/// addresses (detected when the scan reaches their `://` or `@`).
extension TokenScanner {
    /// Scans the word starting at `start` (a word character) and emits it,
    /// plus any clitic split from it; returns where scanning should go on.
    mutating func scanWord(from start: Int) -> Int {
        var i = start
        var lastDot = -1  // the last period joined inside the word, for acronym shape
        scan: while true {
            i = skipWordCharacters(from: i)
            guard i < bytes.count else { break scan }
            switch bytes[i] {
            case UInt8(ascii: "-"):
                // A hyphen only joins word to word; `pre- and` or `-` before a
                // space stays a separate token.
                if classAt(i + 1).class == .word { i += 1; continue scan }
            case UInt8(ascii: "."):
                // `3.5`, `U.S`, `reuters.com`: a period between word characters
                // is not a sentence end — unless it is the missing space in
                // `said.The`, which scraped copy has and domains do not.
                if classAt(i + 1).class == .word,
                   !(isLowercase(bytes[i - 1]) && byte(at: i + 1) &- 0x41 < 26) {
                    lastDot = i
                    i += 1
                    continue scan
                }
                if periodBelongsToWord(start: start, period: i, lastDot: lastDot) {
                    i += 1
                    // `U.S.-led`: CoNLL keeps the compound together.
                    if byte(at: i) == UInt8(ascii: "-"), classAt(i + 1).class == .word {
                        i += 1
                        continue scan
                    }
                }
            case UInt8(ascii: ","):
                // Thousands separator: a digit, then exactly three digits.
                if isDigit(bytes[i - 1]), isDigit(byte(at: i + 1)), isDigit(byte(at: i + 2)),
                   isDigit(byte(at: i + 3)), !isDigit(byte(at: i + 4)) {
                    i += 1
                    continue scan
                }
            case UInt8(ascii: ":"):
                if byte(at: i + 1) == UInt8(ascii: "/"), byte(at: i + 2) == UInt8(ascii: "/"),
                   isScheme(start..<i) {
                    return emit(start, urlEnd(from: start, after: i + 3))
                }
                if isDigit(bytes[i - 1]), isDigit(byte(at: i + 1)) { i += 1; continue scan }  // 10:30
            case UInt8(ascii: "/"):
                // `24/7`, `and/or`, `example.com/news`
                if classAt(i + 1).class == .word { i += 1; continue scan }
            case UInt8(ascii: "&"):
                // `AT&T`, `S&P`, `M&A`
                if isLetter(bytes[i - 1]), isLetter(byte(at: i + 1)) { i += 1; continue scan }
            case UInt8(ascii: "@"):
                if let end = emailEnd(at: i) { return emit(start, end) }
            case UInt8(ascii: "'"):
                if let end = splitClitic(start: start, at: i, length: 1) { return end }
                // `O'Brien`, `d'Ivoire`: an apostrophe between letters is part of the name.
                if classAt(i + 1).class == .word { i += 1; continue scan }
            case 0xE2:
                // Three-byte punctuation starting E2 80: the curly apostrophe
                // and the Unicode hyphens act like their ASCII twins.
                let (kind, length) = classAt(i)
                if kind == .apostrophe {
                    if let end = splitClitic(start: start, at: i, length: length) { return end }
                    if classAt(i + length).class == .word { i += length; continue scan }
                }
                if kind == .hyphen, classAt(i + length).class == .word { i += length; continue scan }
            default:
                break
            }
            break scan
        }
        return emit(start, i)
    }

    /// Consumes letters, digits and marks from `i`; returns the first index
    /// that is not one.
    @inline(__always)
    func skipWordCharacters(from i: Int) -> Int {
        var i = i
        let count = bytes.count
        while i < count {
            let byte = bytes[i]
            if byte < 0x80 {
                guard CharacterClass.isASCIIWord(byte) else { return i }
                i += 1
            } else {
                let (value, length) = scalar(at: i)
                guard CharacterClass.ofNonASCII(value) == .word else { return i }
                i += length
            }
        }
        return i
    }

    /// Splits a clitic off the word that began at `start` when the apostrophe
    /// at `i` starts one: emits both tokens and returns where scanning goes on,
    /// or returns nil and emits nothing.
    private mutating func splitClitic(start: Int, at i: Int, length: Int) -> Int? {
        if let end = cliticEnd(apostrophe: i, length: length) {
            emit(start, i)
            return emit(i, end)
        }
        let after = i + length
        // `don't` → `do` `n't` (and so `ca` `n't`, `wo` `n't`, as PTB has it).
        if i - 1 > start, bytes[i - 1] | 0x20 == UInt8(ascii: "n"), byte(at: after) | 0x20 == UInt8(ascii: "t"),
           classAt(after + 1).class != .word {
            emit(start, i - 1)
            return emit(i - 1, after + 1)
        }
        return nil
    }

    /// End of the clitic `'s 'm 'd 're 've 'll` (any case, either apostrophe)
    /// starting at the apostrophe `i`, or nil when the letters run on
    /// (`O'Sullivan`, `d'Ivoire`).
    func cliticEnd(apostrophe i: Int, length: Int) -> Int? {
        let after = i + length
        let first = byte(at: after) | 0x20
        switch first {
        case UInt8(ascii: "s"), UInt8(ascii: "m"), UInt8(ascii: "d"):
            return classAt(after + 1).class == .word ? nil : after + 1
        case UInt8(ascii: "r"), UInt8(ascii: "v"), UInt8(ascii: "l"):
            let second = byte(at: after + 1) | 0x20
            let expected: UInt8 = first == UInt8(ascii: "l") ? UInt8(ascii: "l") : UInt8(ascii: "e")
            guard second == expected, classAt(after + 2).class != .word else { return nil }
            return after + 2
        default:
            return nil
        }
    }

    /// Whether the period at `period` is part of the word `start..<period`
    /// (PTB keeps it on abbreviations, even at the end of a sentence).
    private func periodBelongsToWord(start: Int, period: Int, lastDot: Int) -> Bool {
        // `Inc...` is a word and an ellipsis, not an abbreviation.
        if byte(at: period + 1) == UInt8(ascii: ".") { return false }
        if lastDot >= 0 {
            // Dotted acronyms: `U.S.`, `a.m.`, `e.g.`, `Ph.D.` — the last
            // segment is one or two letters. `3.5.` and `reuters.com.` are not.
            let segment = lastDot + 1..<period
            return segment.count <= 2 && segment.allSatisfy { isLetter(bytes[$0]) }
        }
        let (value, length) = scalar(at: start)
        if start + length == period, let scalar = Unicode.Scalar(value) {
            // A single capital is an initial: `J. K. Rowling`.
            return value < 0x80 ? (value &- 0x41 < 26) : scalar.properties.isUppercase
        }
        switch Abbreviation.lookup(UnsafeBufferPointer(rebasing: bytes[start..<period])) {
        case .prefix?, .terminal?:
            return true
        case .numberPrefix?:
            var next = period + 1
            while next < bytes.count, bytes[next] == UInt8(ascii: " ") { next += 1 }
            return isDigit(byte(at: next))
        case nil:
            return false
        }
    }

    /// `https`, `ftp`: letters only, so `10://` or `a-b://` are not schemes.
    private func isScheme(_ range: Range<Int>) -> Bool {
        range.count >= 2 && range.count <= 10 && range.allSatisfy { isLetter(bytes[$0]) }
    }

    /// A URL runs over printable ASCII up to whitespace; trailing punctuation
    /// that more likely belongs to the sentence is given back, and a closing
    /// bracket only when the URL did not open one (Wikipedia-style links).
    private func urlEnd(from start: Int, after i: Int) -> Int {
        var end = i
        while end < bytes.count, bytes[end] > 0x20, bytes[end] < 0x7F { end += 1 }
        while end > i {
            let last = bytes[end - 1]
            switch last {
            case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"),
                 UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: "'"), UInt8(ascii: "\""),
                 UInt8(ascii: ">"):
                end -= 1
                continue
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                let open: UInt8 = last == UInt8(ascii: ")") ? UInt8(ascii: "(")
                    : last == UInt8(ascii: "]") ? UInt8(ascii: "[") : UInt8(ascii: "{")
                let opened = (start..<end).count { bytes[$0] == open }
                let closed = (start..<end).count { bytes[$0] == last }
                if closed > opened { end -= 1; continue }
            default:
                break
            }
            break
        }
        return end
    }

    /// End of an e-mail address whose `@` is at `sign`, or nil when what follows
    /// is not a dotted domain (then the `@` is a separate token).
    private func emailEnd(at sign: Int) -> Int? {
        var end = sign + 1
        while end < bytes.count {
            let byte = bytes[end]
            guard byte < 0x80, CharacterClass.isASCIIWord(byte) || byte == UInt8(ascii: ".")
                    || byte == UInt8(ascii: "-") else { break }
            end += 1
        }
        // The address does not take the sentence's period or a trailing dash.
        while end > sign + 1, bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: "-") {
            end -= 1
        }
        let domain = sign + 1..<end
        guard let dot = domain.firstIndex(where: { bytes[$0] == UInt8(ascii: ".") }),
              dot > domain.lowerBound else { return nil }
        return end
    }

    @inline(__always)
    private func isLowercase(_ byte: UInt8) -> Bool {
        byte &- 0x61 < 26
    }

    @inline(__always)
    private func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- 0x61 < 26
    }
}
