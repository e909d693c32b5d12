import Testing
@testable import CopydeskEntities

@Suite("DateRule")
struct DateRuleTests {
    let rule = DateRule()
    /// A Friday.
    static let friday = (year: 2024, month: 5, day: 17)

    /// Cuts a mention's span back out of its source, as callers do with the offsets.
    private func cut(_ text: String, _ m: DateMention) -> String {
        String(decoding: Array(text.utf8)[m.start..<m.end], as: UTF8.self)
    }

    private func single(_ text: String, reference: (year: Int, month: Int, day: Int)?) -> DateMention? {
        let found = rule.mentions(in: text, reference: reference)
        #expect(found.count == 1, "\(found.map(\.text))")
        if let m = found.first { #expect(cut(text, m) == m.text) }
        return found.first
    }

    @Test("reads dates that need no reference", arguments: [
        ("the full-scale invasion began on Feb. 24, 2022.", "Feb. 24, 2022", "2022-02-24", "date"),
        ("on February 24, 2022 troops", "February 24, 2022", "2022-02-24", "date"),
        ("on February 24th, 2022", "February 24th, 2022", "2022-02-24", "date"),
        ("on 24 February 2022", "24 February 2022", "2022-02-24", "date"),
        ("on 24 Feb 2022", "24 Feb 2022", "2022-02-24", "date"),
        ("the 24th of February, 2022", "24th of February, 2022", "2022-02-24", "date"),
        ("on Sept. 11, 2001", "Sept. 11, 2001", "2001-09-11", "date"),
        ("on May 5, 2024", "May 5, 2024", "2024-05-05", "date"),
        ("in February 2022", "February 2022", "2022-02", "month"),
        ("in May 2024", "May 2024", "2024-05", "month"),
        ("filed 2022-02-24.", "2022-02-24", "2022-02-24", "date"),
        ("filed 24/02/2022", "24/02/2022", "2022-02-24", "date"),
        ("filed 02/24/2022", "02/24/2022", "2022-02-24", "date"),
        ("filed 24.02.2022", "24.02.2022", "2022-02-24", "date"),
        ("in 2022, prices rose", "2022", "2022", "year"),
        ("Since 2014 the war", "2014", "2014", "year"),
        ("by mid-2025", "2025", "2025", "year"),
        ("on Thursday, Feb. 24, 2022", "Thursday, Feb. 24, 2022", "2022-02-24", "date"),
        ("on Thursday 24 February 2022", "Thursday 24 February 2022", "2022-02-24", "date"),
    ] as [(String, String, String, String)])
    func absolute(text: String, expected: String, value: String, kind: String) {
        guard let m = single(text, reference: nil) else { return }
        #expect(m.text == expected)
        #expect(m.value == value)
        #expect(m.kind == kind)
        // A reference must not change a date that is fully written out.
        #expect(single(text, reference: Self.friday)?.value == value)
    }

    @Test("resolves against the publication date", arguments: [
        ("met Xi Jinping on Thursday", "Thursday", "2024-05-16", "weekday"),
        ("said on Friday", "Friday", "2024-05-17", "weekday"),
        ("on Saturday night", "Saturday", "2024-05-11", "weekday"),
        ("Thursday’s meeting", "Thursday", "2024-05-16", "weekday"),
        ("last Friday", "last Friday", "2024-05-10", "weekday"),
        ("next Monday", "next Monday", "2024-05-20", "weekday"),
        ("yesterday", "yesterday", "2024-05-16", "relative"),
        ("Today, he said", "Today", "2024-05-17", "relative"),
        ("tomorrow", "tomorrow", "2024-05-18", "relative"),
        ("trade last year", "last year", "2023", "relative"),
        ("next year", "next year", "2025", "relative"),
        ("last month", "last month", "2024-04", "relative"),
        ("on Feb 24", "Feb 24", "2024-02-24", "date"),
        ("on 5 May", "5 May", "2024-05-05", "date"),
        ("on May 20.", "May 20", "2024-05-20", "date"),
        ("in February", "February", "2024-02", "month"),
        ("until early March", "March", "2024-03", "month"),
        ("in December", "December", "2024-12", "month"),
        ("last December", "last December", "2023-12", "month"),
        ("next February", "next February", "2025-02", "month"),
    ] as [(String, String, String, String)])
    func relative(text: String, expected: String, value: String, kind: String) {
        guard let m = single(text, reference: Self.friday) else { return }
        #expect(m.text == expected)
        #expect(m.value == value)
        #expect(m.kind == kind)
        // Without a reference the mention is still reported, just unresolved.
        let bare = single(text, reference: nil)
        #expect(bare?.text == expected)
        #expect(bare?.value == nil)
        #expect(bare?.kind == kind)
    }

    @Test("reports spans that have no calendar value", arguments: [
        ("next week", "next week", "relative"),
        ("last weekend", "last weekend", "relative"),
        ("filed 05/06/2022", "05/06/2022", "date"),
    ] as [(String, String, String)])
    func valueless(text: String, expected: String, kind: String) {
        guard let m = single(text, reference: Self.friday) else { return }
        #expect(m.text == expected)
        #expect(m.value == nil)
        #expect(m.kind == kind)
    }

    @Test("moves a yearless date back a year when it would be far in the future", arguments: [
        ("on Dec. 25", "2023-12-25"),
        ("in December", "2023-12"),
        ("on Jan. 3", "2024-01-03"),
    ])
    func yearRollover(text: String, value: String) {
        #expect(single(text, reference: (year: 2024, month: 1, day: 10))?.value == value)
    }

    @Test("finds no date where there is none", arguments: [
        "Theresa May said", "confidence in May", "They will March on", "The Sun reported",
        "He sat down", "Wed. night", "on Thursdays", "february 24", "the 1990s", "2022 was hard",
        "5 billion people", "by August Macke", "Feb. 30, 2022", "in 1,000 homes", "Mar the plan",
        "a 24/7 service", "it is 1/2 done", "Sun 24", "Junes", "Mayday", "around 1500 people",
        "31/02/2024", "at 12:30", "early-March",
    ])
    func rejects(text: String) {
        #expect(rule.mentions(in: text, reference: Self.friday).isEmpty)
    }

    @Test("reads the Putin sentences")
    func putin() {
        let met = "Russian President Vladimir Putin met with Chinese President Xi Jinping on Thursday"
        let m = single(met, reference: Self.friday)
        #expect(m?.text == "Thursday")
        #expect(m?.value == "2024-05-16")
        #expect(m?.kind == "weekday")

        let visit = "when Putin visited Beijing in February 2022"
        let v = single(visit, reference: Self.friday)
        #expect(v?.text == "February 2022")
        #expect(v?.value == "2022-02")
        #expect(v?.kind == "month")
    }

    @Test("counts days and weekdays correctly across centuries")
    func calendar() {
        #expect(CivilDate(year: 1970, month: 1, day: 1)?.dayNumber == 0)
        #expect(CivilDate(year: 2000, month: 3, day: 1)?.dayNumber == 11_017)
        #expect(CivilDate(year: 1970, month: 1, day: 1)?.weekday == 4)
        #expect(CivilDate(year: 2024, month: 5, day: 17)?.weekday == 5)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2024, month: 12, day: 31)?.adding(days: 1).iso == "2025-01-01")
        for n in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CivilDate(dayNumber: n).dayNumber == n)
        }
    }

    @Test("keeps offsets right around non-ASCII text")
    func nonASCII() {
        let text = "“Ørsted’s deal” – signed on 24 February 2022 — closed Thursday; Équinor’s in March"
        let found = rule.mentions(in: text, reference: Self.friday)
        #expect(found.map(\.text) == ["24 February 2022", "Thursday", "March"])
        #expect(found.map(\.value) == ["2022-02-24", "2024-05-16", "2024-03"])
        for m in found { #expect(cut(text, m) == m.text) }
    }
}
