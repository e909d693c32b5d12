/// Recognises a byline paragraph: `By Jane Doe`, `By Jane Doe and John Roe, Reuters`.
enum Byline {
    /// Particles allowed in lower case inside a name.
    private static let particles: Set<String> = ["and", "de", "van", "von", "der", "la", "le", "da", "di", "bin", "al", "el", "&"]

    /// The author(s) when `paragraph` is a byline, else nil.
    static func parse(_ paragraph: String) -> String? {
        guard paragraph.utf8.count <= 120 else { return nil }
        let lower = paragraph.prefix(3).lowercased()
        guard lower == "by " else { return nil }
        var rest = Substring(paragraph.dropFirst(3))
        // "By Jane Doe, Reuters" / "By Jane Doe | Staff writer": the name ends there.
        if let cut = rest.firstIndex(where: { $0 == "," || $0 == "|" || $0 == "—" || $0 == "–" }) {
            rest = rest[..<cut]
        }
        let name = rest.trimmedText
        let words = name.split(separator: " ")
        guard (1...8).contains(words.count) else { return nil }
        for word in words {
            guard let first = word.unicodeScalars.first else { return nil }
            if particles.contains(word.lowercased()) { continue }
            guard first.properties.isUppercase else { return nil }
        }
        return name
    }
}
