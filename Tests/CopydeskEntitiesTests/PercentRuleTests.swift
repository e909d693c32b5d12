import Testing
@testable import CopydeskEntities

@Suite("PercentRule")
struct PercentRuleTests {
    let rule = PercentRule()

    /// Cuts a mention's span back out of its source, as callers do with the offsets.
    private func cut(_ text: String, _ m: PercentMention) -> String {
        String(decoding: Array(text.utf8)[m.start..<m.end], as: UTF8.self)
    }

    @Test("reads one percentage", arguments: [
        ("rose 5% on Monday", "5%", 5.0),
        ("rose 5.5 % on Monday", "5.5 %", 5.5),
        ("rose 5 per cent", "5 per cent", 5),
        ("rose 5 percent.", "5 percent", 5),
        ("fell -3% overall", "-3%", -3),
        ("fell −3% overall", "−3%", -3),
        ("grew +2.5%", "+2.5%", 2.5),
        ("up 12.5 percentage points", "12.5 percentage points", 12.5),
        ("a 1 percentage point cut", "1 percentage point", 1),
        ("a 5-percent rise", "5-percent", 5),
        ("a 0.25-percentage-point rise", "0.25-percentage-point", 0.25),
        ("rose 1,000%", "1,000%", 1000),
        ("5 pct growth", "5 pct", 5),
        ("inflation of 5pc", "5pc", 5),
        ("about two percent", "two percent", 2),
        ("Five per cent of voters", "Five per cent", 5),
        ("twenty-five percent", "twenty-five percent", 25),
        ("one hundred percent", "one hundred percent", 100),
        ("a 5 Percent Rise", "5 Percent", 5),
        ("5\u{A0}%", "5\u{A0}%", 5),
    ] as [(String, String, Double)])
    func readsPercent(text: String, expected: String, value: Double) {
        let found = rule.mentions(in: text)
        #expect(found.count == 1)
        guard let m = found.first else { return }
        #expect(m.text == expected)
        #expect(m.value == value)
        #expect(cut(text, m) == m.text)
    }

    @Test("finds no percentage where there is none", arguments: [
        "%", "100 % ", "5 percentile", "a 5 percentage", "per cent", "x5%", "$5 billion", "in 2022",
        "someone percent", "the percentage of voters", "bought 5 PC games", "5 pc",
    ])
    func rejects(text: String) {
        // "100 % " is a percentage; the rest are not.
        let found = rule.mentions(in: text)
        #expect(found.count == (text == "100 % " ? 1 : 0))
    }

    @Test("keeps offsets right around non-ASCII text")
    func nonASCII() {
        let text = "Ørsted’s shares fell 7.5% – “a 3 per cent drop” – then −1% more"
        let found = rule.mentions(in: text)
        #expect(found.map(\.text) == ["7.5%", "3 per cent", "−1%"])
        #expect(found.map(\.value) == [7.5, 3, -1])
        for m in found { #expect(cut(text, m) == m.text) }
    }

    @Test("reads a range as its last figure")
    func range() {
        let found = rule.mentions(in: "growth of 3-5% a year")
        #expect(found.map(\.text) == ["5%"])
    }
}
