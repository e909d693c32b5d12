import FoundationEssentials

extension ArticleParser {
    /// Parses JSON Lines: one article per non-blank line, each line's failure kept with its 1-based number.
    func parseJSONLines(_ text: String) -> [ParsedRecord] {
        var records: [ParsedRecord] = []
        var number = 0
        for raw in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            let line = Substring(raw)
            guard line.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            let lineNumber = number
            let result = Result { () throws(StageError) -> Article in
                let value = try decodeJSON(String(line), line: lineNumber)
                return try article(fromJSON: value, line: lineNumber)
            }
            records.append(ParsedRecord(line: lineNumber, result: result))
        }
        if records.isEmpty {
            let error = StageError(.empty, stage: Self.stage, "The JSONL file has no non-blank lines.")
            return [ParsedRecord(line: 1, result: .failure(error))]
        }
        return records
    }

    /// Parses one JSON document: an article object, or an array of them.
    func parseJSONDocument(_ text: String) throws(StageError) -> [ParsedRecord] {
        let value = try decodeJSON(text, line: nil)
        if case .array(let elements) = value {
            guard !elements.isEmpty else {
                throw StageError(.notArticle, stage: Self.stage, "The JSON file is an empty array: no articles.")
            }
            return elements.enumerated().map { index, element in
                ParsedRecord(line: index + 1, result: Result { () throws(StageError) in try article(fromJSON: element, line: index + 1) })
            }
        }
        return [ParsedRecord(line: 1, result: .success(try article(fromJSON: value, line: nil)))]
    }

    /// Reads one JSON value, its nesting bounded by `max_json_depth` in the same pass.
    func decodeJSON(_ text: String, line: Int?) throws(StageError) -> JSONValue {
        do throws(JSONReader.Failure) {
            return try JSONReader.read(text, maxDepth: options.maxJSONDepth)
        } catch {
            if let at = error.tooDeep {
                throw JSONDepthScanner.tooDeep(limit: options.maxJSONDepth, at: at, stage: Self.stage, line: line)
            }
            throw StageError(.badJSON, stage: Self.stage, "The input is not valid JSON (\(error.message)). Check the producer's output.", line: line)
        }
    }

    /// Maps a ninjs object (1.x or 2/3) or a plain scraper object to an article.
    func article(fromJSON value: JSONValue, line: Int?) throws(StageError) -> Article {
        guard case .object = value else {
            throw StageError(.notArticle, stage: Self.stage, "The JSON value is not an object, so it cannot be an article.", line: line)
        }
        var article = Article()
        let headline = Self.text(value["headlines"], preferRole: "main") ?? Self.firstText(value, ["headline", "title", "name"])
        guard let headline, !headline.trimmedText.isEmpty else {
            throw StageError(.noHeadline, stage: Self.stage, "The JSON article has no headline (looked for headlines, headline, title).", line: line)
        }
        article.headlines = [Article.Headline(value: headline.trimmedText)]
        if let summary = Self.text(value["descriptions"], preferRole: "summary")
            ?? Self.firstText(value, ["description_text", "description", "summary", "standfirst", "dek", "subtitle", "lead"]) {
            let clean = Self.paragraphs(of: HTMLText.plainText(summary), headlineFirst: false).joined(separator: " ")
            if !clean.isEmpty { article.descriptions = [Article.Description(value: clean)] }
        }
        var paragraphs = Self.paragraphs(of: Self.bodyText(value), headlineFirst: false)
        if let first = paragraphs.first, let dateline = Dateline.parse(first) {
            apply(dateline, to: &article)
            paragraphs[0] = dateline.remainder
        }
        guard !paragraphs.isEmpty else {
            throw StageError(.noBody, stage: Self.stage, "The JSON article \"\(headline.prefix(80))\" has no body text (looked for bodies, body, text, content, articleBody).", line: line)
        }
        article.bodies = [Article.Body(value: paragraphs.joined(separator: "\n\n"))]

        if let by = Self.people(value, ["by", "byline", "author", "authors", "creator", "writer"]) { article.by = by }
        if let located = Self.firstText(value, ["located", "location", "dateline"]) { article.located = located }
        if let slug = Self.firstText(value, ["slugline", "section", "category", "categories"]) { article.slugline = slug }
        if let language = Self.firstText(value, ["language", "lang", "inLanguage"]) { article.language = language }
        for source in value["infoSources"]?.list ?? [] {
            if let name = source["name"]?.text ?? source.text { article.infoSources.append(.init(name: name, role: source["role"]?.text)) }
        }
        if let publisher = Self.firstText(value, ["source", "publisher", "site_name", "siteName", "agency"]) ?? value["source"]?["name"]?.text ?? value["publisher"]?["name"]?.text {
            article.infoSources.append(.init(name: publisher, role: "publisher"))
        }
        if let url = Self.firstText(value, ["url", "link", "canonical_url", "uri"]) { article.altIds.append(.init(role: "url", value: url)) }
        if let id = Self.firstText(value, ["guid", "id"]) { article.altIds.append(.init(role: "source_id", value: id)) }
        takeDate(from: value, into: &article)
        return article
    }

    private func takeDate(from value: JSONValue, into article: inout Article) {
        let keys = ["contentCreated", "contentcreated", "firstcreated", "firstCreated", "published", "publishedAt", "published_at",
                    "datePublished", "pubDate", "date", "created", "created_at", "timestamp", "versionCreated", "versioncreated"]
        for key in keys {
            guard let field = value[key] else { continue }
            if case .number(let seconds) = field {
                // Epoch seconds, or milliseconds when the number is too large for seconds.
                let date = Date(timeIntervalSince1970: seconds > 1e11 ? seconds / 1000 : seconds)
                article.contentCreated = ISODate.string(from: date)
            } else if let text = field.text {
                article.setPublished(text)
            }
            return
        }
    }

    /// The body as text: ninjs bodies, `body_text`/`body_html`, or a plain field; HTML is flattened.
    private static func bodyText(_ value: JSONValue) -> String {
        if let bodies = value["bodies"]?.list, !bodies.isEmpty {
            let plain = bodies.first { ($0["contentType"]?.text ?? $0["contenttype"]?.text ?? "text/plain").contains("plain") && $0["role"]?.text ?? "main" == "main" }
            if let text = plain?["value"]?.text { return text }
            if let any = bodies.first?["value"]?.text { return HTMLText.plainText(any) }
        }
        if let text = value["body_text"]?.text { return text }
        if let html = value["body_html"]?.text { return HTMLText.plainText(html) }
        for key in ["body", "text", "content", "articleBody", "article_body", "full_text"] {
            guard let field = value[key] else { continue }
            let parts = field.list.compactMap { $0.text ?? $0["rendered"]?.text ?? $0["value"]?.text ?? $0["text"]?.text }
            if !parts.isEmpty {
                let joined = parts.joined(separator: "\n\n")
                return UTF8Scan.mayHoldMarkup(joined) ? HTMLText.plainText(joined) : joined
            }
        }
        return ""
    }

    /// The first of `keys` that holds text (or `{rendered|value|name: text}`, or a list whose first item does).
    private static func firstText(_ value: JSONValue, _ keys: [String]) -> String? {
        for key in keys {
            guard let field = value[key] else { continue }
            let candidate = field.list.first.flatMap { $0.text ?? $0["rendered"]?.text ?? $0["value"]?.text ?? $0["name"]?.text }
            if let candidate, !candidate.trimmedText.isEmpty { return candidate.trimmedText }
        }
        return nil
    }

    /// Authors as one string: names joined with `, `; a leading "By" dropped.
    private static func people(_ value: JSONValue, _ keys: [String]) -> String? {
        for key in keys {
            guard let field = value[key] else { continue }
            let names = field.list.compactMap { $0.text ?? $0["name"]?.text }.map(\.trimmedText).filter { !$0.isEmpty }
            guard !names.isEmpty else { continue }
            let joined = names.joined(separator: ", ")
            return Byline.parse(joined) ?? joined
        }
        return nil
    }

    /// A ninjs `[{role, value}]` list's value for `preferRole` (else the first), or a plain string.
    private static func text(_ field: JSONValue?, preferRole: String) -> String? {
        guard let field else { return nil }
        if let text = field.text { return text }
        let items = field.list
        return (items.first { $0["role"]?.text == preferRole } ?? items.first)?["value"]?.text
    }
}
