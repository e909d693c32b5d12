import CopydeskCore
import CopydeskEntities
import Foundation

/// How `copydesk entities` prints an analysis.
enum EntitiesReport {
    static func text(_ a: ArticleAnalysis) -> String {
        var out = ""
        func section(_ title: String, _ list: [ArticleAnalysis.Entity]) {
            guard !list.isEmpty else { return }
            out += title + "\n"
            for e in list {
                var line = "  \(e.name)"
                if e.literal != e.name { line += " (\"\(e.literal)\")" }
                if let role = e.role { line += ", \(role)" }
                out += line + " ×\(e.mentions)\n"
            }
        }
        section("People", a.people)
        section("Organisations", a.organisations)
        section("Places", a.places)
        section("Other names", a.other)
        if !a.sources.isEmpty {
            out += "Sources\n" + a.sources.map { "  \($0.name) (\($0.role))\n" }.joined()
        }
        if !a.quotes.isEmpty {
            out += "Quotes\n" + a.quotes.map { "  \($0.speaker ?? "(unattributed)"): “\($0.text)”\n" }.joined()
        }
        if !a.money.isEmpty {
            out += "Money\n" + a.money.map { m in
                "  \(m.text)" + (m.amount.map { " = \(String(format: "%.0f", $0)) \(m.currency ?? "")" } ?? "") + "\n"
            }.joined()
        }
        if !a.percentages.isEmpty {
            out += "Percentages\n" + a.percentages.map { "  \($0.text)" + ($0.value.map { " = \($0)" } ?? "") + "\n" }.joined()
        }
        if !a.dates.isEmpty {
            out += "Dates\n" + a.dates.map { "  \($0.text)" + ($0.value.map { " = \($0)" } ?? "") + " (\($0.kind))\n" }.joined()
        }
        return out
    }

    static func json(_ article: Article) -> String {
        struct Fields: Encodable {
            var people, organisations, places: [Article.Entity]
            var infoSources: [Article.InfoSource]
            var quotes: [Article.Copydesk.Quote]
            var money: [Article.Copydesk.Money]
            var percentages: [Article.Copydesk.Percentage]
            var dates: [Article.Copydesk.DateMention]
            var misc: [Article.Entity]
        }
        let c = article.copydesk
        let fields = Fields(people: article.people, organisations: article.organisations, places: article.places,
                            infoSources: article.infoSources, quotes: c.quotes, money: c.money,
                            percentages: c.percentages, dates: c.dates, misc: c.misc)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(fields), as: UTF8.self)) ?? "{}"
    }
}
