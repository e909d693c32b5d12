/// Byte-level reading of article text, shared by the money, percent and date rules.
///
/// The rules run on every ingested article, so they read UTF-8 bytes directly
/// instead of going through `Character` or regular expressions. The wrapped
/// buffer is only valid inside `String.withUTF8`, so a scanner must never
/// outlive the closure that made it.
struct MentionScanner {
    /// The UTF-8 bytes of the article.
    let bytes: UnsafeBufferPointer<UInt8>

    /// Number of bytes in the article.
    var count: Int { bytes.count }

    /// The byte at `i`, or 0 off either end, so look-ahead code needs no bounds checks.
    @inline(__always) func byte(_ i: Int) -> UInt8 {
        i >= 0 && i < bytes.count ? bytes[i] : 0
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b &- 0x41 < 26 }
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { isUpper(b) ? b | 0x20 : b }

    /// The source text between two offsets.
    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    // MARK: Words

    /// End of the run of ASCII letters starting at `i` (`i` itself when there is none).
    func letterRunEnd(from i: Int) -> Int {
        var j = i
        while j < bytes.count, Self.isLetter(bytes[j]) { j += 1 }
        return j
    }

    /// End of the run of ASCII digits starting at `i`.
    func digitRunEnd(from i: Int) -> Int {
        var j = i
        while j < bytes.count, Self.isDigit(bytes[j]) { j += 1 }
        return j
    }

    /// Whether `start..<end` spells `word`. With `ignoringCase`, `word` must be lower case.
    func span(_ start: Int, _ end: Int, is word: StaticString, ignoringCase: Bool = false) -> Bool {
        guard end - start == word.utf8CodeUnitCount, start >= 0, end <= bytes.count else { return false }
        let w = word.utf8Start
        for k in 0..<(end - start) {
            let b = ignoringCase ? Self.lower(bytes[start + k]) : bytes[start + k]
            if b != w[k] { return false }
        }
        return true
    }

    /// The ASCII word starting exactly at `i` when it is whole (no letter or digit,
    /// in any script, on either side); nil otherwise.
    func wholeWord(at i: Int) -> Range<Int>? {
        let e = letterRunEnd(from: i)
        guard e > i, !isWordCharacter(endingAt: i), !isWordCharacter(startingAt: e) else { return nil }
        return i..<e
    }

    /// The word just before `i`, separated from it by a single space (or a hyphen
    /// when `hyphen` is allowed, for "mid-February"); cue words such as "in" or
    /// "last" are found this way.
    func wordBefore(_ i: Int, hyphen: Bool = false) -> Range<Int>? {
        let sep = byte(i - 1)
        guard sep == 0x20 || (hyphen && sep == 0x2D) else { return nil }
        let e = i - 1
        var s = e
        while s > 0, Self.isLetter(bytes[s - 1]) { s -= 1 }
        guard s < e, !isWordCharacter(endingAt: s) else { return nil }
        return s..<e
    }

    // MARK: Characters beyond ASCII

    /// Whether the character ending just before `i` is a letter or digit, in any script.
    /// "£" glued to "Ørsted" must not count as a currency sign, so this looks past ASCII.
    func isWordCharacter(endingAt i: Int) -> Bool {
        guard i > 0, i <= bytes.count else { return false }
        let b = bytes[i - 1]
        if b < 0x80 { return Self.isDigit(b) || Self.isLetter(b) }
        var s = i - 1
        while s > 0, s > i - 4, bytes[s] & 0xC0 == 0x80 { s -= 1 }
        if Self.isGeneralPunctuation(s, bytes) { return false }
        return Self.isWordScalar(scalar(at: s))
    }

    /// Whether the character starting at `i` is a letter or digit, in any script.
    func isWordCharacter(startingAt i: Int) -> Bool {
        guard i >= 0, i < bytes.count else { return false }
        let b = bytes[i]
        if b < 0x80 { return Self.isDigit(b) || Self.isLetter(b) }
        if Self.isGeneralPunctuation(i, bytes) { return false }
        return Self.isWordScalar(scalar(at: i))
    }

    /// U+2000...U+203F (curly quotes, dashes, odd spaces) surround words in news
    /// copy all the time and are never letters; checking them here skips the
    /// Unicode property tables.
    @inline(__always) private static func isGeneralPunctuation(_ i: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        i + 1 < bytes.count && bytes[i] == 0xE2 && bytes[i + 1] == 0x80
    }

    private static func isWordScalar(_ s: Unicode.Scalar?) -> Bool {
        guard let s else { return false }
        return s.properties.isAlphabetic || s.properties.numericType != nil
    }

    /// Decodes the scalar whose lead byte is at `i`; nil for a stray continuation byte.
    private func scalar(at i: Int) -> Unicode.Scalar? {
        let b0 = UInt32(byte(i))
        let v: UInt32
        switch b0 {
        case 0..<0x80: v = b0
        case 0xC0..<0xE0: v = (b0 & 0x1F) << 6 | UInt32(byte(i + 1) & 0x3F)
        case 0xE0..<0xF0:
            v = (b0 & 0x0F) << 12 | UInt32(byte(i + 1) & 0x3F) << 6 | UInt32(byte(i + 2) & 0x3F)
        case 0xF0..<0xF8:
            v = (b0 & 0x07) << 18 | UInt32(byte(i + 1) & 0x3F) << 12
                | UInt32(byte(i + 2) & 0x3F) << 6 | UInt32(byte(i + 3) & 0x3F)
        default: return nil
        }
        return Unicode.Scalar(v)
    }

    /// End of one space-like character at `i`: space, no-break, narrow no-break or
    /// thin space, since typeset copy often puts those between figure and unit.
    func spaceEnd(at i: Int) -> Int? {
        switch byte(i) {
        case 0x20: return i + 1
        case 0xC2 where byte(i + 1) == 0xA0: return i + 2
        case 0xE2 where byte(i + 1) == 0x80:
            let c = byte(i + 2)
            return c == 0xAF || c == 0x89 || c == 0x8A ? i + 3 : nil
        default: return nil
        }
    }

    // MARK: Figures

    /// Whether a figure may begin at `i`: not glued to a word, and not the tail of
    /// a figure already read ("234" in "1,234", "5" in "0.5").
    func figureMayStart(at i: Int) -> Bool {
        let p = byte(i - 1)
        if (p == 0x2C || p == 0x2E) && Self.isDigit(byte(i - 2)) { return false }
        return !isWordCharacter(endingAt: i)
    }

    /// Whether a figure really ends at `e`: not glued to letters and not part of
    /// a longer figure, a time or a fraction ("24,000", "24.5", "5:30", "24/7", "5%").
    func figureEnds(at e: Int) -> Bool {
        let b = byte(e)
        if b == 0x25 || isWordCharacter(startingAt: e) { return false }
        return !((b == 0x2C || b == 0x2E || b == 0x3A || b == 0x2F) && Self.isDigit(byte(e + 1)))
    }

    /// The value of the few ASCII digits in `a..<b`.
    func digitsValue(_ a: Int, _ b: Int) -> Int {
        var n = 0
        for k in a..<b { n = n &* 10 &+ Int(byte(k) &- 0x30) }
        return n
    }

    /// Reads a figure such as "5", "5.99" or "1,234,567" starting with the digit at `i`.
    /// Commas count only in groups of exactly three digits, and a point only when
    /// a digit follows, so "5." at the end of a sentence stays "5".
    func figure(at i: Int) -> Figure? {
        guard Self.isDigit(byte(i)) else { return nil }
        var f = Figure(start: i, end: i)
        var j = i
        while Self.isDigit(byte(j)) { f.push(byte(j)); j += 1 }
        let leading = j - i
        if leading <= 3 {
            while byte(j) == 0x2C, Self.isDigit(byte(j + 1)), Self.isDigit(byte(j + 2)),
                Self.isDigit(byte(j + 3)), !Self.isDigit(byte(j + 4)) {
                f.push(byte(j + 1)); f.push(byte(j + 2)); f.push(byte(j + 3))
                j += 4
            }
        }
        if byte(j) == 0x2E, Self.isDigit(byte(j + 1)) {
            j += 1
            while Self.isDigit(byte(j)) { f.push(byte(j)); f.fractionDigits += 1; j += 1 }
        }
        f.end = j
        return f
    }

    /// A decimal figure as written, kept as digits so scaling stays exact.
    struct Figure {
        /// Offset of the first digit.
        var start: Int
        /// Offset just past the last digit.
        var end: Int
        /// Every digit, separators dropped; nil once too long to hold.
        var digits: UInt64? = 0
        /// How many of those digits follow the decimal point.
        var fractionDigits = 0

        fileprivate mutating func push(_ b: UInt8) {
            guard let d = digits, d < 100_000_000_000_000_000 else { digits = nil; return }
            digits = d * 10 + UInt64(b - 0x30)
        }

        /// The figure times 10^`exponent`. Multiplying or dividing whole digits by
        /// a power of ten keeps "2.3bn" at exactly 2_300_000_000.
        func value(timesTenTo exponent: Int = 0) -> Double? {
            guard let digits else { return nil }
            let e = exponent - fractionDigits
            return e >= 0 ? Double(digits) * Self.power(e) : Double(digits) / Self.power(-e)
        }

        private static func power(_ n: Int) -> Double {
            var r = 1.0
            for _ in 0..<n { r *= 10 }
            return r
        }
    }
}
