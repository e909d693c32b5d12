/// A day in the proleptic Gregorian calendar, with just the arithmetic the date
/// rule needs to resolve "Thursday" or "yesterday" against a publication date
/// (Foundation's `Calendar` would be far heavier than these few integer steps).
struct CivilDate: Hashable {
    var year: Int
    var month: Int
    var day: Int

    /// A checked date; nil for a month outside 1...12 or a day the month lacks.
    init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `dayNumber` days after 1970-01-01 (negative for earlier).
    init(dayNumber: Int) {
        // Counts in 400-year eras of 146,097 days, with years starting on 1 March
        // so that the leap day falls at the end of the counting year.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days since 1970-01-01; the inverse of `init(dayNumber:)`.
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// 0 for Sunday through 6 for Saturday (1970-01-01 was a Thursday).
    var weekday: Int {
        let r = (dayNumber + 4) % 7
        return r < 0 ? r + 7 : r
    }

    /// The date `days` later (earlier when negative).
    func adding(days: Int) -> CivilDate {
        CivilDate(dayNumber: dayNumber + days)
    }

    /// The day named by a weekday, seen from this date: with `step` 0 the latest
    /// such day on or before it (news says "on Thursday" for yesterday, or today),
    /// with -1 the latest strictly before ("last Thursday"), with +1 the first
    /// strictly after ("next Thursday"). `weekday` counts from 0 for Sunday.
    func nearest(weekday target: Int, step: Int) -> CivilDate {
        let back = (weekday - target + 7) % 7
        switch step {
        case ..<0: return adding(days: back == 0 ? -7 : -back)
        case 1...:
            let ahead = (target - weekday + 7) % 7
            return adding(days: ahead == 0 ? 7 : ahead)
        default: return adding(days: -back)
        }
    }

    /// A day written without a year ("Feb. 24"), placed in this date's year, or the
    /// year before when that would put it more than about ten months after this
    /// date: news rarely looks that far ahead but often looks back. Nil when the
    /// day does not exist in that year (Feb. 29).
    func resolving(month: Int, day: Int) -> CivilDate? {
        guard let date = CivilDate(year: year, month: month, day: day) else { return nil }
        return date.dayNumber - dayNumber > 305 ? CivilDate(year: year - 1, month: month, day: day) : date
    }

    /// `YYYY-MM-DD`.
    var iso: String { Self.iso(year, month, day) }

    /// `YYYY-MM`.
    static func iso(year: Int, month: Int) -> String { iso(year, month, nil) }

    /// `YYYY`.
    static func iso(year: Int) -> String { iso(year, nil, nil) }

    /// Writes the digits straight into a string of at most 10 bytes, which Swift
    /// keeps inline; formatting through `String(Int)` and `+` cost more than the scan.
    /// Years outside 0...9999 fall back to plain decimal.
    private static func iso(_ year: Int, _ month: Int?, _ day: Int?) -> String {
        guard (0...9999).contains(year) else {
            var text = String(year)
            if let month { text += (month < 10 ? "-0" : "-") + String(month) }
            if let day { text += (day < 10 ? "-0" : "-") + String(day) }
            return text
        }
        let length = month == nil ? 4 : day == nil ? 7 : 10
        return String(unsafeUninitializedCapacity: length) { out in
            func put(_ n: Int, _ at: Int, _ width: Int) {
                var n = n
                for k in stride(from: at + width - 1, through: at, by: -1) {
                    out[k] = UInt8(0x30 + n % 10)
                    n /= 10
                }
            }
            put(year, 0, 4)
            if let month {
                out[4] = 0x2D
                put(month, 5, 2)
            }
            if let day {
                out[7] = 0x2D
                put(day, 8, 2)
            }
            return length
        }
    }

    /// Days in `month`; February has 29 when `year` is nil, since a yearless
    /// "Feb. 29" may still be real.
    static func daysIn(month: Int, year: Int?) -> Int {
        switch month {
        case 2:
            guard let y = year else { return 29 }
            return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
