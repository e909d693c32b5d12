import CopydeskHTML

extension ArticleParser {
    /// The articles of a NewsML-G2 document: one per `newsItem`; an item
    /// without a headline or body is refused on its own (`line` = its position).
    func parseNewsML(_ bytes: [UInt8]) throws(StageError) -> [ParsedRecord] {
        guard let items = NewsMLReader().read(bytes) else {
            throw StageError(.notArticle, stage: Self.stage, "The file looks like NewsML-G2 but is not well-formed XML (or is nested too deep for libxml2).")
        }
        guard !items.isEmpty else {
            throw StageError(.notArticle, stage: Self.stage, "The NewsML-G2 document holds no newsItem.")
        }
        var records: [ParsedRecord] = []
        for (n, item) in items.enumerated() {
            do throws(StageError) {
                records.append(ParsedRecord(line: n + 1, result: .success(try article(from: item, line: items.count > 1 ? n + 1 : nil))))
            } catch {
                records.append(ParsedRecord(line: n + 1, result: .failure(error)))
            }
        }
        return records
    }

    private func article(from item: NewsMLItem, line: Int?) throws(StageError) -> Article {
        guard let headline = item.headline, !headline.isEmpty else {
            throw StageError(.noHeadline, stage: Self.stage, "The newsItem \(item.guid ?? "") has no contentMeta/headline.", line: line)
        }
        guard !item.paragraphs.isEmpty else {
            throw StageError(.noBody, stage: Self.stage, "The newsItem \(item.guid ?? "") has no body text (inlineXML or inlineData in contentSet).", line: line)
        }
        var article = Article()
        article.headlines = [Article.Headline(value: headline)]
        if let description = item.description { article.descriptions = [Article.Description(value: description)] }
        article.bodies = [Article.Body(value: item.paragraphs.joined(separator: "\n\n"))]
        article.by = item.by
        article.located = item.located
        article.slugline = item.slugline
        article.language = item.language
        for source in item.infoSources { article.infoSources.append(.init(name: source.name, role: source.role)) }
        article.subjects = item.subjects.map { Article.Subject(name: $0.name, uri: $0.code) }
        if let guid = item.guid { article.altIds.append(.init(role: "guid", value: guid)) }
        if let version = item.version { article.altIds.append(.init(role: "version", value: version)) }
        if let created = item.contentCreated { article.setPublished(created) }
        if let dateline = item.dateline { article.copydesk.dates.append(.init(text: dateline, value: nil, role: "dateline")) }
        return article
    }
}
