import Testing
@testable import CopydeskCore

/// The byte-level scans that replaced scalar walks give the scalar walks' answers.
@Suite("Byte-level text scans")
struct ByteScanTests {
    static let samples = [
        "", " ", "\n", "plain", "  padded  ", "\u{A0}\u{2009}nbsp and thin\u{202F}\u{3000}", "\u{1680}ogham\u{205F}",
        "\t\u{0B}\u{0C}\r controls \r\n", "e\u{301} \u{301}", "\u{2028}not trimmed\u{2028}", "£5 é’ 😀 ", "\u{200B}zwsp\u{200B}",
        "a\u{2000}\u{200A}", "\u{200A}\u{200B}", "two  words\n\nand more  ",
    ]

    @Test("trimming on UTF-8 matches trimming by scalars", arguments: samples)
    func trimmed(text: String) {
        let scalars = Array(text.unicodeScalars)
        let isSpace = { (s: Unicode.Scalar) in s.isHorizontalSpace || s == "\n" }
        var expected = String.UnicodeScalarView()
        if let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) {
            expected.append(contentsOf: scalars[first...last])
        }
        #expect(Array(text.trimmedText.utf8) == Array(String(expected).utf8))
    }

    @Test("body counts are scalars and whitespace-separated words", arguments: samples)
    func counts(text: String) {
        // By scalars, not characters: a combining mark after a space starts a word.
        let words = text.unicodeScalars.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).count
        let counts = Article.Body.counts(text)
        #expect(counts.chars == text.unicodeScalars.count)
        #expect(counts.words == words)
    }
}
