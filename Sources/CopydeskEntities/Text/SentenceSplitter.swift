/// Groups the tokens of a text into sentences.
///
/// A sentence ends
/// - at a line break in the source between two tokens (`\n`, `\r`, U+0085,
///   U+2028, U+2029) — always, since copy reaching the daemon is one
///   paragraph per line;
/// - after `.` `!` `?` `…` `...`, together with the closing quotes and
///   brackets right after them (`…world."`), when the next token does not
///   start with a lower-case letter or closing punctuation — so `"Why?" he
///   asked` and `trade … exceeded` stay one sentence;
/// - after an abbreviation that can close a sentence (dotted acronyms such as
///   `U.S.`, `a.m.`; `Inc.`, `Ltd.`, `Co.`, `Jr.`, months, state names;
///   initials) only when the next word is a common sentence opener (`The`,
///   `He`, `But`, `In`…, see `SentenceSplitter+Openers.swift`) or an opening
///   quote before a capital: `in the U.S. The next day` splits,
///   `U.S. Secretary`, `Feb. 24` and `J. K. Rowling` do not.
///
/// Titles and `No.` (`Sec.`, `Dr.`, `No. 1`) never end a sentence; neither do
/// `:` and `;`.
public struct SentenceSplitter: Sendable {
    /// Makes a splitter; it has no configuration and keeps no state.
    public init() {}

    /// Token-index ranges of the sentences in `tokens`, which must come from
    /// `text` (its line breaks are read between token offsets). The ranges are
    /// in order, non-empty, and cover every token exactly once.
    public func sentences(_ tokens: [Token], in text: String) -> [Range<Int>] {
        guard !tokens.isEmpty else { return [] }
        var text = text
        return text.withUTF8 { bytes in
            split(tokens, bytes: bytes)
        }
    }

    private func split(_ tokens: [Token], bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var sentences: [Range<Int>] = []
        var first = 0
        var k = 0
        let count = tokens.count
        while k < count - 1 {
            var last = k
            let ends: Bool
            switch role(of: tokens[k].text) {
            case .terminal:
                last = closingGroupEnd(after: k, tokens, bytes)
                ends = last + 1 == count || lineBreak(between: tokens[last], tokens[last + 1], bytes)
                    || mayOpenSentence(tokens[last + 1].text)
            case .closingAbbreviation:
                last = closingGroupEnd(after: k, tokens, bytes)
                ends = last + 1 == count || lineBreak(between: tokens[last], tokens[last + 1], bytes)
                    || opensSentenceAfterAbbreviation(at: last + 1, tokens)
            case .plain:
                ends = lineBreak(between: tokens[k], tokens[k + 1], bytes)
            }
            if ends, last + 1 < count {
                sentences.append(first..<last + 1)
                first = last + 1
            }
            k = last + 1
        }
        sentences.append(first..<count)
        return sentences
    }

    private enum Role {
        case terminal, closingAbbreviation, plain
    }

    private func role(of text: String) -> Role {
        let utf8 = text.utf8
        guard let last = utf8.last else { return .plain }
        if utf8.count == 1 {
            return last == UInt8(ascii: ".") || last == UInt8(ascii: "!") || last == UInt8(ascii: "?")
                ? .terminal : .plain
        }
        guard last == UInt8(ascii: ".") else {
            return last == 0xA6 && text == "…" ? .terminal : .plain  // U+2026 is E2 80 A6
        }
        if utf8.allSatisfy({ $0 == UInt8(ascii: ".") }) { return .terminal }  // `...`
        // The tokenizer only leaves a period on abbreviations, acronyms and initials.
        let word = utf8.dropLast()
        if word.contains(UInt8(ascii: ".")) { return .closingAbbreviation }  // U.S., a.m., Ph.D.
        // An initial mostly sits inside a name (`J. K. Rowling`) but can end
        // one (`World War I.`); the opener test tells the two apart.
        if text.unicodeScalars.count == 2 { return .closingAbbreviation }
        return Abbreviation.lookup(word) == .terminal ? .closingAbbreviation : .plain
    }

    /// Index of the last token of the group that closes a sentence at `k`:
    /// further terminals (`?!`) and closing quotes or brackets on the same line.
    private func closingGroupEnd(after k: Int, _ tokens: [Token], _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var last = k
        while last + 1 < tokens.count, !lineBreak(between: tokens[last], tokens[last + 1], bytes) {
            let next = tokens[last + 1]
            switch next.text {
            case ".", "!", "?", "…", "”", "’", "»", "›", ")", "]", "}":
                last += 1
            case "\"", "'":
                // A straight quote closes only when glued to what precedes it;
                // after a space it opens the next sentence.
                guard next.start == tokens[last].end else { return last }
                last += 1
            default:
                return last
            }
        }
        return last
    }

    /// Anything but a lower-case word or closing punctuation may start a sentence.
    private func mayOpenSentence(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        switch first {
        case "a"..."z", ",", ";", ":", ")", "]", "}", "%":
            return false
        default:
            return first.isASCII || !first.properties.isLowercase
        }
    }

    /// After `U.S.` or `Inc.` the next capitalised word usually continues the
    /// sentence (`U.S. Secretary`); only a common opener, or a quote opening
    /// on a capital, signals a new one.
    private func opensSentenceAfterAbbreviation(at index: Int, _ tokens: [Token]) -> Bool {
        let text = tokens[index].text
        if Self.openers.contains(text) { return true }
        switch text {
        case "“", "‘", "«", "\"", "'":
            guard index + 1 < tokens.count, let next = tokens[index + 1].text.unicodeScalars.first else {
                return false
            }
            return next.properties.isUppercase
        default:
            return false
        }
    }

    private func lineBreak(between left: Token, _ right: Token, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Clamped so tokens that do not belong to `text` cannot trap.
        let lower = max(0, min(left.end, bytes.count))
        let upper = max(lower, min(right.start, bytes.count))
        let gap = lower..<upper
        for i in gap {
            switch bytes[i] {
            case 0x0A, 0x0D:
                return true
            case 0x85 where i > gap.lowerBound && bytes[i - 1] == 0xC2:  // U+0085 NEXT LINE
                return true
            case 0xA8...0xA9 where i >= gap.lowerBound + 2 && bytes[i - 1] == 0x80 && bytes[i - 2] == 0xE2:
                return true  // U+2028 LINE / U+2029 PARAGRAPH SEPARATOR
            default:
                continue
            }
        }
        return false
    }
}
