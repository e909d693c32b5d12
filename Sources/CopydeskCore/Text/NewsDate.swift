/// A date as news text writes it, understood well enough to give ISO-8601.
///
/// Handles ISO-8601 (`2024-03-03T14:05:00Z`), RFC 2822 (`Sun, 03 Mar 2024 14:05:00 +0000`)
/// and the English forms of bylines and datelines (`March 3, 2024`, `3 Mar 2024 14:05 GMT`,
/// `Monday 3 March 2024`, `March 3`). Parsing is by hand over tokens: no regex, no
/// `DateFormatter`, so it is cheap enough to try on every short paragraph.
public struct NewsDate: Hashable, Sendable {
    /// The year, when the text names one (`March 3` has none).
    public var year: Int?
    /// 1…12.
    public var month: Int
    /// 1…31.
    public var day: Int
    /// 0…23, when a time is given.
    public var hour: Int?
    /// 0…59.
    public var minute: Int
    /// 0…59.
    public var second: Int
    /// Minutes east of UTC, when a zone is given.
    public var offsetMinutes: Int?

    /// ISO-8601: a date-time when a time was given (UTC offset kept, `Z` when unknown),
    /// a date otherwise; nil without a year.
    public var iso: String? {
        guard let year else { return nil }
        return ISODate.format(year: year, month: month, day: day, hour: hour, minute: minute,
                              second: second, offsetMinutes: offsetMinutes)
    }

    /// Parses `text` when all of it is a date (prefixes such as `Published:` and
    /// weekday names are allowed); nil otherwise.
    public static func parse(_ text: some StringProtocol) -> NewsDate? {
        let bytes = Array(text.utf8)
        if let iso = parseISO(bytes) { return iso }
        return parseWords(tokens(bytes))
    }

    // MARK: ISO-8601

    private static func parseISO(_ b: [UInt8]) -> NewsDate? {
        var i = 0
        while i < b.count, b[i] == 0x20 { i += 1 }
        func number(_ width: Int) -> Int? {
            guard i + width <= b.count else { return nil }
            var value = 0
            for k in i..<(i + width) {
                guard b[k] >= 0x30 && b[k] <= 0x39 else { return nil }
                value = value * 10 + Int(b[k] - 0x30)
            }
            i += width
            return value
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D), let day = number(2),
              ISODate.isValid(year: year, month: month, day: day) else { return nil }
        var date = NewsDate(year: year, month: month, day: day, hour: nil, minute: 0, second: 0, offsetMinutes: nil)
        if i == b.count { return date }
        guard b[i] == 0x54 || b[i] == 0x20 else { return nil }
        i += 1
        guard let hour = number(2), hour < 24, expect(0x3A), let minute = number(2), minute < 60 else { return nil }
        date.hour = hour
        date.minute = minute
        if expect(0x3A) {
            guard let second = number(2), second < 61 else { return nil }
            date.second = min(second, 59)
            if expect(0x2E) || expect(0x2C) {
                while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            }
        }
        if i < b.count, b[i] == 0x20 { i += 1 }
        if i == b.count { return date }
        if b[i] == 0x5A || b[i] == 0x7A {
            i += 1
            date.offsetMinutes = 0
        } else if b[i] == 0x2B || b[i] == 0x2D {
            let sign = b[i] == 0x2D ? -1 : 1
            i += 1
            guard let hours = number(2) else { return nil }
            _ = expect(0x3A)
            guard let minutes = number(2) else { return nil }
            date.offsetMinutes = sign * (hours * 60 + minutes)
        }
        return i == b.count ? date : nil
    }

    // MARK: Words

    private enum Token: Equatable {
        case number(Int, digits: Int)
        case time(Int, Int, Int)
        case offset(Int)
        case word(String)
    }

    private static func tokens(_ b: [UInt8]) -> [Token] {
        var out: [Token] = []
        var i = 0
        while i < b.count {
            let c = b[i]
            if c.isDigit {
                var j = i
                var value = 0
                while j < b.count, b[j].isDigit {
                    value = value &* 10 &+ Int(b[j] - 0x30)
                    j += 1
                }
                // HH:MM[:SS]
                if j < b.count, b[j] == 0x3A, j - i <= 2 {
                    var parts = [value]
                    var k = j
                    while k < b.count, b[k] == 0x3A, parts.count < 3 {
                        var m = k + 1
                        var part = 0
                        while m < b.count, b[m].isDigit {
                            part = part &* 10 &+ Int(b[m] - 0x30)
                            m += 1
                        }
                        guard m - k == 3 else { break }
                        parts.append(part)
                        k = m
                    }
                    if parts.count >= 2 {
                        out.append(.time(parts[0], parts[1], parts.count > 2 ? parts[2] : 0))
                        i = k
                        continue
                    }
                }
                out.append(.number(value, digits: j - i))
                // Ordinals: 3rd, 21st.
                while j < b.count, b[j].isLetter, j - i < 6 { j += 1 }
                i = j
            } else if (c == 0x2B || c == 0x2D), i + 4 < b.count, b[(i + 1)...(i + 4)].allSatisfy(\.isDigit),
                      i + 5 == b.count || !b[i + 5].isDigit {
                let hh = Int(b[i + 1] - 0x30) * 10 + Int(b[i + 2] - 0x30)
                let mm = Int(b[i + 3] - 0x30) * 10 + Int(b[i + 4] - 0x30)
                out.append(.offset((c == 0x2D ? -1 : 1) * (hh * 60 + mm)))
                i += 5
            } else if c.isLetter {
                var j = i
                while j < b.count, b[j].isLetter { j += 1 }
                out.append(.word(String(decoding: b[i..<j], as: UTF8.self).lowercased()))
                i = j
            } else {
                i += 1
            }
        }
        return out
    }

    private static func parseWords(_ tokens: [Token]) -> NewsDate? {
        var month: Int?
        var day: Int?
        var year: Int?
        var time: (Int, Int, Int)?
        var offset: Int?
        var pm: Bool?
        var numbers: [Int] = []
        for token in tokens {
            switch token {
            case .number(let value, let digits):
                if digits == 4, (1900...2100).contains(value), year == nil { year = value }
                else if digits <= 2 { numbers.append(value) }
                else { return nil }
            case .time(let h, let m, let s):
                guard time == nil, h < 24, m < 60, s < 61 else { return nil }
                time = (h, m, min(s, 59))
            case .offset(let minutes):
                offset = minutes
            case .word(let word):
                if let m = monthNumber(word), month == nil { month = m }
                else if word == "am" || word == "a" { pm = false }
                else if word == "pm" || word == "p" { pm = true }
                else if let zone = zoneOffsets[word] { offset = zone }
                else if !ignoredWords.contains(word) && !weekdays.contains(where: { word.hasPrefix($0) }) { return nil }
            }
        }
        guard let month, numbers.count == 1, let d = numbers.first else { return nil }
        day = d
        guard let day, ISODate.isValid(year: year ?? 2000, month: month, day: day) else { return nil }
        var date = NewsDate(year: year, month: month, day: day, hour: nil, minute: 0, second: 0, offsetMinutes: offset)
        if let (h24, m, s) = time {
            var h = h24
            if pm == true && h < 12 { h += 12 }
            if pm == false && h == 12 { h = 0 }
            (date.hour, date.minute, date.second) = (h, m, s)
        }
        return date
    }

    private static func monthNumber(_ word: String) -> Int? {
        guard word.count >= 3 else { return nil }
        for (index, name) in months.enumerated() where name.hasPrefix(word) {
            return index + 1
        }
        return nil
    }

    private static let months = [
        "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december",
    ]
    private static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let ignoredWords: Set<String> = [
        "published", "updated", "posted", "last", "first", "on", "at", "the", "of", "date", "dated", "filed", "m",
    ]
    private static let zoneOffsets: [String: Int] = [
        "gmt": 0, "utc": 0, "z": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120,
        "est": -300, "edt": -240, "et": -300, "cst": -360, "cdt": -300, "pst": -480, "pdt": -420, "pt": -480,
    ]
}

extension UInt8 {
    fileprivate var isDigit: Bool { self >= 0x30 && self <= 0x39 }
    fileprivate var isLetter: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A }
}
