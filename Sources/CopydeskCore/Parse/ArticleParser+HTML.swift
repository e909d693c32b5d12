import CopydeskHTML

extension ArticleParser {
    /// Whether `bytes` look like a web page: a `.html`/`.htm` name, or markup
    /// (`<!doctype html`, `<html`, `<head`, `<body`) in the first kilobyte.
    static func looksLikeHTML(_ bytes: [UInt8], fileName: String?) -> Bool {
        let name = fileName?.lowercased() ?? ""
        if name.hasSuffix(".html") || name.hasSuffix(".htm") || name.hasSuffix(".xhtml") { return true }
        var start = bytes.startIndex
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        while start < bytes.endIndex, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[start]) { start += 1 }
        guard start < bytes.endIndex, bytes[start] == UInt8(ascii: "<") else { return false }
        let head = String(decoding: bytes[start..<min(bytes.endIndex, start + 1024)], as: UTF8.self).lowercased()
        return head.contains("<!doctype html") || head.contains("<html") || head.contains("<head") || head.contains("<body")
    }

    /// An article from a web page: the extractor's text and metadata.
    func parseHTML(_ bytes: [UInt8]) throws(StageError) -> Article {
        let extractor = HTMLExtractor(maximumBytes: options.maxHTMLBytes)
        guard bytes.count <= options.maxHTMLBytes else {
            throw StageError(.tooLarge, stage: Self.stage, "The web page is \(bytes.count) bytes; pages over \(options.maxHTMLBytes) bytes are not parsed (max_html_bytes).")
        }
        guard let page = extractor.extract(bytes) else {
            throw StageError(.notArticle, stage: Self.stage, "The file looks like HTML but libxml2 could not make a document of it.")
        }
        guard let headline = page.headline.map({ $0.trimmedText }), !headline.isEmpty else {
            throw StageError(.noHeadline, stage: Self.stage, "The web page has no headline (looked for JSON-LD headline, og:title, <h1>, <title>).")
        }
        var paragraphs = page.paragraphs
        guard !paragraphs.isEmpty else {
            throw StageError(.noBody, stage: Self.stage, "The web page \"\(headline.prefix(80))\" has no article text the extractor could find.")
        }
        var article = Article()
        article.headlines = [Article.Headline(value: headline)]
        if let summary = page.description?.trimmedText, !summary.isEmpty { article.descriptions = [Article.Description(value: summary)] }
        if let dateline = Dateline.parse(paragraphs[0]) {
            apply(dateline, to: &article)
            paragraphs[0] = dateline.remainder
        }
        article.bodies = [Article.Body(value: paragraphs.joined(separator: "\n\n"))]
        if !page.authors.isEmpty { article.by = page.authors.joined(separator: ", ") }
        if let section = page.section { article.slugline = section }
        if let language = page.language { article.language = language }
        if let publisher = page.publisher { article.infoSources.append(.init(name: publisher, role: "publisher")) }
        if let url = page.canonicalURL { article.altIds.append(.init(role: "url", value: url)) }
        if let published = page.published { article.setPublished(published) }
        return article
    }
}
