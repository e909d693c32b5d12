import FoundationEssentials

/// ISO-8601 date arithmetic and formatting without a calendar object.
///
/// The record's dates are plain strings (`2024-03-03T14:05:00Z`), so that
/// encoding is deterministic and needs no ICU; these helpers make them.
public enum ISODate {
    /// `2024-03-03T14:05:00Z` for `date` (UTC, whole seconds).
    public static func string(from date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        let (y, m, d) = civil(fromDays: days)
        return format(year: y, month: m, day: d, hour: Int(rest / 3600), minute: Int(rest % 3600 / 60),
                      second: Int(rest % 60), offsetMinutes: 0)
    }

    /// Formats a calendar date, with a time when `hour` is given.
    ///
    /// An `offsetMinutes` of 0 is written `Z`; `nil` means a date-only value.
    static func format(
        year: Int, month: Int, day: Int,
        hour: Int? = nil, minute: Int = 0, second: Int = 0, offsetMinutes: Int? = 0
    ) -> String {
        var out = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        guard let hour else { return out }
        out += "T" + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
        switch offsetMinutes {
        case nil, 0?: out += "Z"
        case let offset?:
            let sign = offset < 0 ? "-" : "+"
            out += sign + pad(abs(offset) / 60, 2) + ":" + pad(abs(offset) % 60, 2)
        }
        return out
    }

    /// Whether `day` exists in `month` of `year` (proleptic Gregorian).
    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return day <= lengths[month - 1] + (month == 2 && leap ? 1 : 0)
    }

    /// Days since 1970-01-01 to (year, month, day); Howard Hinnant's algorithm.
    static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
