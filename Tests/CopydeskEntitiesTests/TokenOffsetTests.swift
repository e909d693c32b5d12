import Testing
@testable import CopydeskEntities

/// Offsets are what the entity tagger uses to cut spans out of the article,
/// so every token must point at exactly its own bytes and nothing may be lost.
@Suite("Token offsets")
struct TokenOffsetTests {
    static let samples: [String] = [
        "Ørsted’s chief met Lula da Silva in São Paulo. “It’s a deal,” said Sánchez — in Zürich.",
        "Sa\u{0303}o Paulo\u{00A0}and Kraków\u{2028}Москва…  😀👍🏽🇺🇦 €5 km²\r\n\r\nNext\u{200B}line",
        "\"The China-Russia relationship today is hard-earned,\" Xi told Putin, per Reuters.",
        "U.S.-led talks at 10:30 a.m. on Feb. 24 (https://x.org/a_(b)). don't O'Brien's '90s e-mail: a.b@c.de",
        "'''...---\u{0007}\u{0301}x\u{00AD}y 中文字符 العربية 2,225.50%!?",
    ]

    /// Scalars the tokenizer may leave out of every token.
    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F
            || [0x200B, 0x2060, 0xFEFF, 0x180E].contains(scalar.value)
    }

    @Test("each token's text is the source bytes at its offsets", arguments: samples)
    func offsetsMatchText(text: String) {
        let bytes = Array(text.utf8)
        for token in Tokenizer().tokens(in: text) {
            #expect(token.start < token.end)
            #expect(String(decoding: bytes[token.start..<token.end], as: UTF8.self) == token.text)
        }
    }

    @Test("tokens are ordered, disjoint and cover every non-space character", arguments: samples)
    func nothingLost(text: String) {
        let tokens = Tokenizer().tokens(in: text)
        var covered = 0
        var offset = 0
        var index = 0
        for scalar in text.unicodeScalars {
            let length = UTF8.width(scalar)
            while index < tokens.count, tokens[index].end <= offset { index += 1 }
            let inside = index < tokens.count && tokens[index].start <= offset
            if inside {
                #expect(offset + length <= tokens[index].end, "scalar \(scalar.escaped(asASCII: true)) split across tokens")
                covered += length
            } else {
                #expect(Self.isSeparator(scalar), "lost \(scalar.escaped(asASCII: true)) at \(offset)")
            }
            offset += length
        }
        for (left, right) in zip(tokens, tokens.dropFirst()) {
            #expect(left.end <= right.start)
        }
        #expect(covered == tokens.reduce(0) { $0 + $1.end - $1.start })
    }
}
