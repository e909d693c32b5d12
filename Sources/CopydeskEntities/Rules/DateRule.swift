/// Finds dates in English news text: "Feb. 24, 2022", "24 February 2022",
/// "February 2022", "in February", "2022-02-24", "24/02/2022", "on Thursday",
/// "yesterday", "last year", "in 2022".
///
/// Choices: month and weekday names must be capitalised; "May" counts only next
/// to a day or year, and other months stand alone only after a cue ("in",
/// "since", "early", "mid-"…); weekday abbreviations are not read at all; a bare
/// year needs a cue too ("in 2022"; its text is just "2022"). Slashed dates need
/// a four-digit year and are read day-first or month-first only when one part
/// exceeds 12; otherwise they are reported with a nil value. Dotted dates
/// ("24.02.2022") are day-first. Not read: ranges ("24-25 February" yields
/// "25 February"), decades ("the 1990s"), "two days ago", clock times.
public struct DateRule: Sendable {
    private typealias Scanner = MentionScanner
    private typealias Words = CalendarWords

    /// A match before it becomes a `DateMention`, so merges stay cheap.
    private struct Hit {
        var start: Int
        var end: Int
        var value: String?
        var kind: String
    }

    /// Makes the rule; it holds no state.
    public init() {}

    /// Every date mention in `text`, in reading order, none overlapping.
    ///
    /// With a `reference` (the publication date), weekdays, "yesterday", "last
    /// year" and dates written without a year get a value: "Thursday" (also
    /// "Thursday’s", never "Thursdays") is the latest Thursday on or before the
    /// reference, "last Thursday" the latest strictly before, "next Thursday" the
    /// first strictly after; "last night" is the day before. A yearless day or
    /// month takes the reference year unless that puts it more than about ten
    /// months ahead, in which case it takes the year before ("last"/"next" before
    /// a month pick the nearest past or future one). Without a reference, or with
    /// an invalid one, these are still reported, with a nil value. A weekday
    /// followed by a full date ("Thursday, Feb. 24, 2022") is one `date` mention.
    public func mentions(in text: String, reference: (year: Int, month: Int, day: Int)? = nil) -> [DateMention] {
        let ref = reference.flatMap { CivilDate(year: $0.year, month: $0.month, day: $0.day) }
        var text = text
        return text.withUTF8 { buf in
            let s = Scanner(bytes: buf)
            var found: [DateMention] = []
            var i = 0
            while i < buf.count {
                let b = buf[i]
                var hit: Hit?
                var next = i + 1
                if Scanner.isDigit(b) {
                    next = s.digitRunEnd(from: i)
                    if s.figureMayStart(at: i) { hit = Self.figuresFirst(s, i, next, ref) }
                } else if Scanner.isLetter(b) {
                    next = s.letterRunEnd(from: i)
                    if Self.mayStartDate(b, next - i), !s.isWordCharacter(endingAt: i),
                       !s.isWordCharacter(startingAt: next) {
                        hit = Self.wordFirst(s, i..<next, ref)
                    }
                }
                // A cue word taken into a hit ("last") must not reach into the previous mention.
                if let hit, hit.start >= (found.last?.end ?? 0) {
                    found.append(DateMention(
                        text: s.text(hit.start, hit.end), start: hit.start, end: hit.end,
                        value: hit.value, kind: hit.kind))
                    i = hit.end
                } else {
                    i = next
                }
            }
            return found
        }
    }

    // MARK: Starting with a word

    /// Cheap first look at every word: capitalised (month, weekday, "Today"), or
    /// a lower-case "yesterday", "today", "tonight", "tomorrow", "last", "next", "this".
    @inline(__always) private static func mayStartDate(_ first: UInt8, _ length: Int) -> Bool {
        if Scanner.isUpper(first) { return length >= 3 }
        return length >= 4 && length <= 9 && (first == 0x79 || first == 0x74 || first == 0x6C || first == 0x6E)
    }

    private static func wordFirst(_ s: Scanner, _ word: Range<Int>, _ ref: CivilDate?) -> Hit? {
        if Scanner.isUpper(s.byte(word.lowerBound)) {
            if let (month, abbreviated) = Words.month(s, word) {
                return monthFirst(s, word, month, abbreviated, ref)
                    ?? (abbreviated ? nil : monthAlone(s, word, month, ref))
            }
            if let weekday = Words.weekday(s, word) {
                return weekdayNamed(s, word, weekday, ref)
            }
        }
        return relative(s, word, ref)
    }

    /// "Feb. 24, 2022", "February 24th 2022", "Feb 24", "February 2022".
    private static func monthFirst(
        _ s: Scanner, _ word: Range<Int>, _ month: Int, _ abbreviated: Bool, _ ref: CivilDate?
    ) -> Hit? {
        var j = word.upperBound
        if abbreviated, s.byte(j) == 0x2E { j += 1 }
        if let sp = s.spaceEnd(at: j), let (day, dayEnd) = dayNumber(s, at: sp),
           day <= CivilDate.daysIn(month: month, year: nil) {
            if let (year, yearEnd) = yearAfter(s, dayEnd, comma: true) {
                guard let date = CivilDate(year: year, month: month, day: day) else { return nil }
                return Hit(start: word.lowerBound, end: yearEnd, value: date.iso, kind: "date")
            }
            return Hit(start: word.lowerBound, end: dayEnd, value: ref?.resolving(month: month, day: day)?.iso, kind: "date")
        }
        if let (year, yearEnd) = yearAfter(s, j, comma: false) {
            let value = CivilDate.iso(year: year, month: month)
            return Hit(start: word.lowerBound, end: yearEnd, value: value, kind: "month")
        }
        return nil
    }

    /// "in February", "until early March", "mid-June", "last December".
    private static func monthAlone(_ s: Scanner, _ word: Range<Int>, _ month: Int, _ ref: CivilDate?) -> Hit? {
        // "in May" is as likely Theresa May as the month.
        guard month != 5, let cue = s.wordBefore(word.lowerBound, hyphen: true),
              s.byte(cue.upperBound) == 0x2D
                ? s.span(cue.lowerBound, cue.upperBound, is: "mid", ignoringCase: true)
                : Words.isMonthCue(s, cue) else { return nil }
        // Months that are also first names: "by August Macke", "with April Ryan".
        if month == 3 || month == 4 || month == 6 || month == 8, let sp = s.spaceEnd(at: word.upperBound),
           Scanner.isUpper(s.byte(sp)) {
            return nil
        }
        let last = s.span(cue.lowerBound, cue.upperBound, is: "last", ignoringCase: true)
        let next = s.span(cue.lowerBound, cue.upperBound, is: "next", ignoringCase: true)
        var value: String?
        if let r = ref {
            let year = last ? (month < r.month ? r.year : r.year - 1)
                : next ? (month > r.month ? r.year : r.year + 1)
                : (month - r.month > 10 ? r.year - 1 : r.year)
            value = CivilDate.iso(year: year, month: month)
        }
        let start = last || next ? cue.lowerBound : word.lowerBound
        return Hit(start: start, end: word.upperBound, value: value, kind: "month")
    }

    /// "Thursday" (the latest on or before the reference), "last Friday", "next
    /// Monday", and "Thursday, Feb. 24, 2022" taken whole as one date.
    private static func weekdayNamed(_ s: Scanner, _ word: Range<Int>, _ weekday: Int, _ ref: CivilDate?) -> Hit? {
        var j = word.upperBound
        if s.byte(j) == 0x2C { j += 1 }
        if let sp = s.spaceEnd(at: j) {
            var date: Hit?
            if Scanner.isDigit(s.byte(sp)) {
                date = dayFirst(s, at: sp, ref)
            } else if let w = s.wholeWord(at: sp), let (month, abbreviated) = Words.month(s, w) {
                date = monthFirst(s, w, month, abbreviated, ref)
            }
            if let date, date.kind == "date" {
                return Hit(start: word.lowerBound, end: date.end, value: date.value, kind: "date")
            }
        }
        var start = word.lowerBound
        var step = 0 // -1 for "last", +1 for "next"
        if let cue = s.wordBefore(start) {
            if s.span(cue.lowerBound, cue.upperBound, is: "last", ignoringCase: true) { step = -1 }
            if s.span(cue.lowerBound, cue.upperBound, is: "next", ignoringCase: true) { step = 1 }
            if step != 0 { start = cue.lowerBound }
        }
        let value = ref?.nearest(weekday: weekday, step: step).iso
        return Hit(start: start, end: word.upperBound, value: value, kind: "weekday")
    }

    /// "yesterday", "today", "tonight", "tomorrow", and "last/this/next" with
    /// "week", "weekend", "month", "year" or ("last") "night".
    private static func relative(_ s: Scanner, _ word: Range<Int>, _ ref: CivilDate?) -> Hit? {
        let a = word.lowerBound, b = word.upperBound
        // Called for nearly every word, so turn away by length before comparing.
        guard b - a >= 4, b - a <= 9 else { return nil }
        func w(_ name: StaticString) -> Bool { s.span(a, b, is: name, ignoringCase: true) }
        switch Scanner.lower(s.byte(a)) {
        case 0x79, 0x74: // y, t
            var days: Int?
            if w("yesterday") {
                days = -1
            } else if w("today") || w("tonight") {
                days = 0
            } else if w("tomorrow") {
                days = 1
            }
            if let days { return Hit(start: a, end: b, value: ref?.adding(days: days).iso, kind: "relative") }
        case 0x6C, 0x6E: // l, n
            break
        default:
            return nil
        }
        let step = w("last") ? -1 : w("next") ? 1 : w("this") ? 0 : nil
        guard let step, let sp = s.spaceEnd(at: b), let unit = s.wholeWord(at: sp) else { return nil }
        func u(_ name: StaticString) -> Bool { s.span(unit.lowerBound, unit.upperBound, is: name, ignoringCase: true) }
        var value: String?
        if u("year") {
            value = ref.map { CivilDate.iso(year: $0.year + step) }
        } else if u("month") {
            value = ref.map { r in
                let m = r.month - 1 + step // zero-based, may leave 0...11
                return CivilDate.iso(year: r.year + (m < 0 ? -1 : m > 11 ? 1 : 0), month: (m + 12) % 12 + 1)
            }
        } else if u("night") && step == -1 {
            value = ref?.adding(days: -1).iso
        } else if !(u("week") || u("weekend")) {
            return nil
        }
        return Hit(start: a, end: unit.upperBound, value: value, kind: "relative")
    }

    // MARK: Starting with figures

    private static func figuresFirst(_ s: Scanner, _ i: Int, _ runEnd: Int, _ ref: CivilDate?) -> Hit? {
        switch runEnd - i {
        case 4: return isoDate(s, i, runEnd) ?? cuedYear(s, i, runEnd)
        case 1, 2: return numericDate(s, i, runEnd) ?? dayFirst(s, at: i, ref)
        default: return nil
        }
    }

    /// "24 February 2022", "24th of Feb., 2022", "5 May".
    private static func dayFirst(_ s: Scanner, at i: Int, _ ref: CivilDate?) -> Hit? {
        guard let (day, dayEnd) = dayNumber(s, at: i), var k = s.spaceEnd(at: dayEnd) else { return nil }
        if s.byte(k) == 0x6F, s.byte(k + 1) == 0x66, let sp = s.spaceEnd(at: k + 2) { k = sp } // "of"
        guard let word = s.wholeWord(at: k), let (month, abbreviated) = Words.month(s, word),
              day <= CivilDate.daysIn(month: month, year: nil) else { return nil }
        let afterMonth = abbreviated && s.byte(word.upperBound) == 0x2E ? word.upperBound + 1 : word.upperBound
        if let (year, yearEnd) = yearAfter(s, afterMonth, comma: true) {
            guard let date = CivilDate(year: year, month: month, day: day) else { return nil }
            return Hit(start: i, end: yearEnd, value: date.iso, kind: "date")
        }
        return Hit(start: i, end: word.upperBound, value: ref?.resolving(month: month, day: day)?.iso, kind: "date")
    }

    /// "2022-02-24".
    private static func isoDate(_ s: Scanner, _ i: Int, _ e: Int) -> Hit? {
        guard s.byte(e) == 0x2D, s.byte(e + 3) == 0x2D, s.digitRunEnd(from: e + 1) == e + 3,
              s.digitRunEnd(from: e + 4) == e + 6,
              let date = CivilDate(
                year: s.digitsValue(i, e), month: s.digitsValue(e + 1, e + 3), day: s.digitsValue(e + 4, e + 6))
        else { return nil }
        return Hit(start: i, end: e + 6, value: date.iso, kind: "date")
    }

    /// "24/02/2022", "02/24/2022", "24.02.2022"; see the type's notes on ambiguity.
    private static func numericDate(_ s: Scanner, _ i: Int, _ e1: Int) -> Hit? {
        let sep = s.byte(e1)
        guard sep == 0x2F || sep == 0x2E else { return nil }
        let e2 = s.digitRunEnd(from: e1 + 1)
        guard (1...2).contains(e2 - e1 - 1), s.byte(e2) == sep else { return nil }
        let e3 = s.digitRunEnd(from: e2 + 1)
        guard e3 - e2 - 1 == 4, s.figureEnds(at: e3) else { return nil }
        let a = s.digitsValue(i, e1), b = s.digitsValue(e1 + 1, e2), year = s.digitsValue(e2 + 1, e3)
        let dayFirst = CivilDate(year: year, month: b, day: a), monthFirst = CivilDate(year: year, month: a, day: b)
        let value: CivilDate??
        if sep == 0x2E || a == b {
            value = dayFirst.map { .some($0) }
        } else {
            // Both readings valid means the writer's convention decides; we cannot.
            value = dayFirst != nil && monthFirst != nil ? .some(nil) : (dayFirst ?? monthFirst).map { .some($0) }
        }
        guard let value else { return nil }
        return Hit(start: i, end: e3, value: value?.iso, kind: "date")
    }

    /// "in 2022", "since 2014", "by mid-2025": the year alone is the mention.
    private static func cuedYear(_ s: Scanner, _ i: Int, _ e: Int) -> Hit? {
        let year = s.digitsValue(i, e)
        guard (1000...2199).contains(year), s.figureEnds(at: e), let cue = s.wordBefore(i, hyphen: true),
              s.byte(cue.upperBound) == 0x2D
                ? s.span(cue.lowerBound, cue.upperBound, is: "mid", ignoringCase: true)
                : Words.isYearCue(s, cue) else { return nil }
        return Hit(start: i, end: e, value: CivilDate.iso(year: year), kind: "year")
    }

    // MARK: Pieces

    /// A day of the month, 1...31, with an optional "st"/"nd"/"rd"/"th".
    private static func dayNumber(_ s: Scanner, at i: Int) -> (Int, Int)? {
        let e = s.digitRunEnd(from: i)
        guard (1...2).contains(e - i) else { return nil }
        let day = s.digitsValue(i, e)
        var end = e
        if Scanner.isLetter(s.byte(e)) {
            end = s.letterRunEnd(from: e)
            guard s.span(e, end, is: "st") || s.span(e, end, is: "nd") || s.span(e, end, is: "rd")
                || s.span(e, end, is: "th") else { return nil }
        }
        guard (1...31).contains(day), s.figureEnds(at: end) else { return nil }
        return (day, end)
    }

    /// A four-digit year after `j`, past an optional comma and one space.
    private static func yearAfter(_ s: Scanner, _ j: Int, comma: Bool) -> (Int, Int)? {
        guard let sp = s.spaceEnd(at: comma && s.byte(j) == 0x2C ? j + 1 : j) else { return nil }
        let e = s.digitRunEnd(from: sp)
        guard e - sp == 4, s.figureEnds(at: e) else { return nil }
        let year = s.digitsValue(sp, e)
        return (1000...2199).contains(year) ? (year, e) : nil
    }
}
