/// The English words the date rule looks for: month and weekday names, and the
/// small words ("in", "since", "last") that mark a bare month or year as a date.
///
/// Names must be capitalised exactly ("February", not "february" or
/// "FEBRUARY"), because lower-case "march" and "may" are verbs.
enum CalendarWords {
    /// The month (1...12) named by `word`, and whether it was abbreviated
    /// ("Feb", "Sept"), since abbreviations never stand alone as a date.
    static func month(_ s: MentionScanner, _ word: Range<Int>) -> (month: Int, abbreviated: Bool)? {
        let a = word.lowerBound, b = word.upperBound
        // Most capitalised words are names; the first letter and length turn them away cheaply.
        guard b - a >= 3, b - a <= 9 else { return nil }
        func name(_ month: Int, _ full: StaticString, _ short: StaticString) -> (month: Int, abbreviated: Bool)? {
            if s.span(a, b, is: full) { return (month, false) }
            if short.utf8CodeUnitCount > 0, s.span(a, b, is: short) { return (month, true) }
            return nil
        }
        switch s.byte(a) {
        case 0x4A: return name(1, "January", "Jan") ?? name(6, "June", "Jun") ?? name(7, "July", "Jul")
        case 0x46: return name(2, "February", "Feb")
        case 0x4D: return name(3, "March", "Mar") ?? name(5, "May", "")
        case 0x41: return name(4, "April", "Apr") ?? name(8, "August", "Aug")
        case 0x53: return name(9, "September", "Sep") ?? name(9, "September", "Sept")
        case 0x4F: return name(10, "October", "Oct")
        case 0x4E: return name(11, "November", "Nov")
        case 0x44: return name(12, "December", "Dec")
        default: return nil
        }
    }

    /// The weekday (0 for Sunday ... 6 for Saturday) named by `word`, full names
    /// only: "Sun", "Sat" and "Wed" are also a newspaper and two verbs.
    static func weekday(_ s: MentionScanner, _ word: Range<Int>) -> Int? {
        let a = word.lowerBound, b = word.upperBound
        guard b - a >= 6, b - a <= 9 else { return nil }
        func w(_ name: StaticString) -> Bool { s.span(a, b, is: name) }
        switch s.byte(a) {
        case 0x53: return w("Sunday") ? 0 : w("Saturday") ? 6 : nil
        case 0x4D: return w("Monday") ? 1 : nil
        case 0x54: return w("Tuesday") ? 2 : w("Thursday") ? 4 : nil
        case 0x57: return w("Wednesday") ? 3 : nil
        case 0x46: return w("Friday") ? 5 : nil
        default: return nil
        }
    }

    /// Whether `word` can introduce a bare month ("in February", "until early March").
    static func isMonthCue(_ s: MentionScanner, _ word: Range<Int>) -> Bool {
        func w(_ cue: StaticString) -> Bool { s.span(word.lowerBound, word.upperBound, is: cue, ignoringCase: true) }
        return isYearCue(s, word) || w("last") || w("next") || w("this") || w("to")
    }

    /// Whether `word` can introduce a bare year ("in 2022", "since 2014", "the end of 2023").
    /// Four digits with no cue are more often counts than years, so a cue is required.
    static func isYearCue(_ s: MentionScanner, _ word: Range<Int>) -> Bool {
        func w(_ cue: StaticString) -> Bool { s.span(word.lowerBound, word.upperBound, is: cue, ignoringCase: true) }
        return w("in") || w("since") || w("by") || w("until") || w("till") || w("from") || w("during")
            || w("through") || w("throughout") || w("before") || w("after") || w("early") || w("late")
            || w("mid") || w("of") || w("for") || w("between")
    }
}
