import CopydeskEntities

extension Article {
    /// The article's text as the entities stage reads it: headline, summary,
    /// body paragraphs, and its publication (else ingest) day for relative dates.
    public var entityText: ArticleText {
        // Paragraphs are separated by one blank line (the normalizer's form).
        var paragraphs: [String] = []
        let body = (bodyText ?? "").utf8
        var start = body.startIndex, i = body.startIndex
        while i != body.endIndex {
            let next = body.index(after: i)
            if body[i] == 0x0A, next != body.endIndex, body[next] == 0x0A {
                if start != i { paragraphs.append(String(Substring(body[start..<i]))) }
                start = body.index(after: next)
                i = start
            } else {
                i = next
            }
        }
        if start != body.endIndex { paragraphs.append(String(Substring(body[start...]))) }
        return ArticleText(headline: headline, summary: summary, paragraphs: paragraphs,
                           reference: Self.day(contentCreated) ?? Self.day(versionCreated))
    }

    /// Writes an analysis into the record: `people`, `organisations`, `places`,
    /// `infoSources` (added to those the parser found), and `copydesk.quotes`,
    /// `money`, `percentages`, `dates` (role `text`) and `misc`.
    public mutating func applyEntities(_ analysis: ArticleAnalysis) {
        func entities(_ list: [ArticleAnalysis.Entity]) -> [Entity] {
            list.map { Entity(name: $0.name, literal: $0.literal, rel: "mentions", role: $0.role, mentions: $0.mentions) }
        }
        people = entities(analysis.people)
        organisations = entities(analysis.organisations)
        places = entities(analysis.places)
        copydesk.misc = entities(analysis.other)
        for source in analysis.sources where !infoSources.contains(where: { $0.name == source.name }) {
            infoSources.append(InfoSource(name: source.name, role: source.role))
        }
        copydesk.quotes = analysis.quotes.map { Copydesk.Quote(text: $0.text, speaker: $0.speaker) }
        copydesk.money = analysis.money.map { Copydesk.Money(text: $0.text, amount: $0.amount, currency: $0.currency) }
        copydesk.percentages = analysis.percentages.map { Copydesk.Percentage(text: $0.text, value: $0.value) }
        copydesk.dates.removeAll { $0.role == "text" }
        copydesk.dates += analysis.dates.map { Copydesk.DateMention(text: $0.text, value: $0.value, role: "text") }
        if analysis.truncated { copydesk.addFlag("entities_truncated") }
    }

    /// The day of an ISO-8601 timestamp (`2024-05-17T…`).
    static func day(_ iso: String?) -> (year: Int, month: Int, day: Int)? {
        guard let iso else { return nil }
        let parts = iso.prefix(10).split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        return (y, m, d)
    }
}
