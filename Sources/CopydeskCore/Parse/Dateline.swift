/// A wire dateline at the start of the first paragraph:
/// `WASHINGTON (Reuters) - `, `LONDON, March 3 - `, `NEW YORK (AP) — `.
struct Dateline: Hashable {
    /// The place, title-cased when it was written in capitals (`New York`).
    var place: String
    /// The agency in parentheses (`Reuters`).
    var agency: String?
    /// The date as written (`March 3`).
    var dateText: String?
    /// The date, when understood.
    var date: NewsDate?
    /// The paragraph without the dateline.
    var remainder: String

    /// The first dash separator (` - `, ` -- `, ` – `, ` — `, or an en/em dash right after a space)
    /// in the first 90 bytes, found on UTF-8 bytes: this runs on every article.
    private static func separatorRange(in paragraph: String) -> Range<String.Index>? {
        let utf8 = paragraph.utf8
        let head = Array(utf8.prefix(90))
        var i = 0
        while i + 2 < head.count {
            defer { i += 1 }
            guard head[i] == 0x20 else { continue }
            var end: Int?
            if head[i + 1] == 0x2D {
                if head[i + 2] == 0x20 { end = i + 3 }
                else if head[i + 2] == 0x2D, i + 3 < head.count, head[i + 3] == 0x20 { end = i + 4 }
            } else if head[i + 1] == 0xE2, i + 3 < head.count, head[i + 2] == 0x80, head[i + 3] == 0x93 || head[i + 3] == 0x94 {
                end = i + 4 < head.count && head[i + 4] == 0x20 ? i + 5 : i + 4
            }
            if let end {
                return utf8.index(utf8.startIndex, offsetBy: i)..<utf8.index(utf8.startIndex, offsetBy: end)
            }
        }
        return nil
    }

    /// Splits a dateline off `paragraph`, or returns nil when it has none.
    static func parse(_ paragraph: String) -> Dateline? {
        guard let cut = separatorRange(in: paragraph) else { return nil }
        var prefix = paragraph[..<cut.lowerBound].trimmedText
        let remainder = paragraph[cut.upperBound...].trimmedText
        guard !remainder.isEmpty, !prefix.isEmpty else { return nil }

        var agency: String?
        if prefix.hasSuffix(")"), let open = prefix.lastIndex(of: "(") {
            let inner = prefix[prefix.index(after: open)..<prefix.index(before: prefix.endIndex)].trimmedText
            guard (2...30).contains(inner.count) else { return nil }
            agency = inner
            prefix = prefix[..<open].trimmedText
        }
        let parts = prefix.split(separator: ",", omittingEmptySubsequences: true).map { $0.trimmedText }
        guard let placeText = parts.first, isPlace(placeText, strict: agency == nil) else { return nil }
        var place = [placeText]
        var dateText: String?
        var date: NewsDate?
        for part in parts.dropFirst() {
            if date == nil, let parsed = NewsDate.parse(part) {
                date = parsed
                dateText = part
            } else if let parsed = NewsDate.parse((dateText.map { $0 + ", " } ?? "") + part), date != nil {
                // "March 3, 2024" was split at its comma.
                date = parsed
                dateText = dateText! + ", " + part
            } else if part.count <= 15, date == nil {
                place.append(part)  // "WASHINGTON, D.C."
            } else {
                return nil
            }
        }
        return Dateline(place: place.map(titleCased).joined(separator: ", "), agency: agency,
                        dateText: dateText, date: date, remainder: remainder)
    }

    /// A dateline place is short and, without an agency credit, written in capitals.
    private static func isPlace(_ text: String, strict: Bool) -> Bool {
        guard (2...40).contains(text.count), text.split(separator: " ").count <= 4 else { return false }
        var letters = 0
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic {
                letters += 1
                if strict && scalar.properties.isLowercase { return false }
            } else if !(scalar == " " || scalar == "." || scalar == "-" || scalar == "'" || scalar == "’") {
                return false
            }
        }
        return letters >= 2 && text.unicodeScalars.first!.properties.isUppercase
    }

    /// `NEW YORK` → `New York`; mixed-case text is kept as written.
    private static func titleCased(_ text: String) -> String {
        guard !text.unicodeScalars.contains(where: { $0.properties.isLowercase }) else { return text }
        return text.split(separator: " ", omittingEmptySubsequences: false).map { word in
            guard word.count > 2 || !word.contains(".") else { return String(word) }  // "D.C."
            return word.prefix(1) + word.dropFirst().lowercased()
        }.joined(separator: " ")
    }
}
