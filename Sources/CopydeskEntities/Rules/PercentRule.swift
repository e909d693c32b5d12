/// Finds percentages in English news text: "5%", "5.5 %", "-3%", "5 per cent",
/// "5 percent", "5 pct", "5pc", "12.5 percentage points", and whole numbers up to
/// a hundred in words ("two percent", "twenty-five per cent").
///
/// Deliberately left alone: "%" with no figure, "percentile", "percentage" not
/// followed by "point(s)", basis points, fractions in words ("half a percent"),
/// and the first half of a range ("3-5%" yields "5%").
public struct PercentRule: Sendable {
    private typealias Scanner = MentionScanner

    /// Makes the rule; it holds no state.
    public init() {}

    /// Every percent mention in `text`, in reading order, none overlapping.
    public func mentions(in text: String) -> [PercentMention] {
        var text = text
        return text.withUTF8 { buf in
            let s = Scanner(bytes: buf)
            var found: [PercentMention] = []
            var i = 0
            while i < buf.count {
                let b = buf[i]
                if Scanner.isDigit(b) {
                    if s.figureMayStart(at: i), let m = Self.figureFirst(s, at: i) {
                        found.append(m)
                        i = m.end
                    } else {
                        i = s.figure(at: i)?.end ?? i + 1
                    }
                } else if Scanner.isLetter(b) {
                    // Figures in words are rare, so look back from the percent word
                    // instead of testing every word for a number.
                    if Scanner.lower(b) == 0x70, !s.isWordCharacter(endingAt: i), let m = Self.wordsFirst(s, at: i) {
                        found.append(m)
                        i = m.end
                    } else {
                        i = s.letterRunEnd(from: i)
                    }
                } else {
                    i += 1
                }
            }
            return found
        }
    }

    /// "5%", "-3%", "+2.5 %", "5 per cent", "12.5 percentage points", "5pc".
    private static func figureFirst(_ s: Scanner, at i: Int) -> PercentMention? {
        guard let figure = s.figure(at: i), let end = unit(s, after: figure.end),
              var value = figure.value() else { return nil }
        var start = i
        // A sign counts only when it stands apart: in "3-5%" the hyphen joins a range.
        let p = s.byte(i - 1)
        if (p == 0x2D || p == 0x2B), !s.isWordCharacter(endingAt: i - 1) {
            start = i - 1
            if p == 0x2D { value = -value }
        } else if p == 0x92, s.byte(i - 2) == 0x88, s.byte(i - 3) == 0xE2, !s.isWordCharacter(endingAt: i - 3) {
            start = i - 3 // U+2212 MINUS SIGN
            value = -value
        }
        return PercentMention(text: s.text(start, end), start: start, end: end, value: value)
    }

    /// "two percent", "Five per cent", "twenty-five percent", "one hundred percent".
    private static func wordsFirst(_ s: Scanner, at k: Int) -> PercentMention? {
        guard let end = percentWord(s, at: k) else { return nil }
        guard let (word, value) = numberWord(before: k, s) else { return nil }
        var start = word.lowerBound
        var total = value
        if value == 100 {
            // "hundred percent" alone is not how anyone writes it.
            guard let one = s.wordBefore(word.lowerBound),
                  s.span(one.lowerBound, one.upperBound, is: "one", ignoringCase: true)
                    || s.span(one.lowerBound, one.upperBound, is: "a", ignoringCase: true) else { return nil }
            start = one.lowerBound
        } else if (1...9).contains(value), let tens = s.wordBefore(word.lowerBound, hyphen: true),
                  let (_, t) = numberWord(endingAt: tens, s), t >= 20, t % 10 == 0, t < 100 {
            start = tens.lowerBound
            total = t + value
        }
        return PercentMention(text: s.text(start, end), start: start, end: end, value: Double(total))
    }

    // MARK: Pieces

    /// Where the percent unit after a figure ends: "%", " %", "pc", " pct", " per cent",
    /// "-percent", " percentage points".
    private static func unit(_ s: Scanner, after j: Int) -> Int? {
        let b = s.byte(j)
        if b == 0x25 { return j + 1 }
        if Scanner.isLetter(b) {
            let w = s.letterRunEnd(from: j)
            guard !s.isWordCharacter(startingAt: w), s.span(j, w, is: "pc") || s.span(j, w, is: "pct") else {
                return nil
            }
            return w
        }
        guard let k = b == 0x2D ? j + 1 : s.spaceEnd(at: j) else { return nil }
        if b != 0x2D, s.byte(k) == 0x25 { return k + 1 }
        return percentWord(s, at: k)
    }

    /// Where a percent word starting at `k` ends: "percent", "per cent", "pct",
    /// "percentage point(s)", with hyphens allowed inside ("per-cent"). "pct" and
    /// "pc" must be lower case ("5 PC games"), and "pc" glued to the figure.
    private static func percentWord(_ s: Scanner, at k: Int) -> Int? {
        let end = s.letterRunEnd(from: k)
        guard end > k, !s.isWordCharacter(startingAt: end) else { return nil }
        func w(_ word: StaticString) -> Bool { s.span(k, end, is: word, ignoringCase: true) }
        if w("percent") || s.span(k, end, is: "pct") { return end }
        let second: (StaticString, StaticString?)
        if w("per") {
            second = ("cent", nil)
        } else if w("percentage") {
            second = ("point", "points")
        } else {
            return nil
        }
        guard let k2 = s.byte(end) == 0x2D ? end + 1 : s.spaceEnd(at: end) else { return nil }
        let end2 = s.letterRunEnd(from: k2)
        guard !s.isWordCharacter(startingAt: end2) else { return nil }
        if s.span(k2, end2, is: second.0, ignoringCase: true) { return end2 }
        if let plural = second.1, s.span(k2, end2, is: plural, ignoringCase: true) { return end2 }
        return nil
    }

    /// A number word ending just before `k` (past a space or hyphen) and its value.
    private static func numberWord(before k: Int, _ s: Scanner) -> (Range<Int>, Int)? {
        guard let word = s.wordBefore(k, hyphen: true) else { return nil }
        return numberWord(endingAt: word, s)
    }

    private static func numberWord(endingAt word: Range<Int>, _ s: Scanner) -> (Range<Int>, Int)? {
        let a = word.lowerBound, b = word.upperBound
        for (n, name) in numberNames.enumerated() where s.span(a, b, is: name, ignoringCase: true) {
            return (word, n <= 19 ? n : n == 28 ? 100 : (n - 18) * 10)
        }
        return nil
    }

    /// Zero to nineteen at their own index, then twenty to ninety, then hundred.
    private static let numberNames: [StaticString] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
        "hundred",
    ]
}
