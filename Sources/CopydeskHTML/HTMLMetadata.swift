import Foundation

/// Reads a page's metadata: JSON-LD (`NewsArticle` and kin, also inside
/// `@graph`), OpenGraph and `article:` properties, `<meta name>`, `<title>`,
/// `<link rel=canonical>` and `<html lang>`.
enum HTMLMetadata {
    static let articleTypes: Set<String> = [
        "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
        "BackgroundNewsArticle", "BlogPosting", "TechArticle", "ScholarlyArticle", "LiveBlogPosting", "Report",
    ]

    static func read(_ root: HTMLNode) -> ExtractedPage {
        var page = ExtractedPage()
        var meta: [String: String] = [:]
        var ldJSON: [String] = []
        page.language = root.attribute("lang")
        func walk(_ node: HTMLNode, depth: Int) {
            guard depth < 64, node.isElement else { return }
            if node.named("meta") {
                let key = (node.attribute("property") ?? node.attribute("name") ?? node.attribute("itemprop") ?? "").lowercased()
                if !key.isEmpty, let content = node.attribute("content"), meta[key] == nil { meta[key] = content }
            } else if node.named("title") {
                if page.title == nil { page.title = BlockCollector.fold(node.textContent) }
            } else if node.named("link") {
                if node.attribute("rel")?.lowercased() == "canonical", let href = node.attribute("href") { page.canonicalURL = href }
            } else if node.named("script") {
                if node.attribute("type")?.lowercased() == "application/ld+json" { ldJSON.append(node.textContent) }
                return
            }
            for child in node.children { walk(child, depth: depth + 1) }
        }
        walk(root, depth: 0)
        for json in ldJSON { apply(json, to: &page) }
        page.headline = page.headline ?? meta["og:title"].map(BlockCollector.fold)
        page.description = page.description ?? meta["og:description"] ?? meta["description"]
        page.published = page.published ?? meta["article:published_time"] ?? meta["datepublished"]
        page.modified = page.modified ?? meta["article:modified_time"] ?? meta["datemodified"]
        page.section = page.section ?? meta["article:section"]
        page.publisher = page.publisher ?? meta["og:site_name"]
        page.canonicalURL = page.canonicalURL ?? meta["og:url"]
        if page.authors.isEmpty, let author = meta["author"] ?? meta["article:author"], !author.hasPrefix("http") {
            page.authors = [author]
        }
        return page
    }

    /// Takes the fields of the first article object in a JSON-LD block.
    static func apply(_ json: String, to page: inout ExtractedPage) {
        guard let data = json.data(using: .utf8), let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return }
        guard let article = findArticle(value, depth: 0) else { return }
        func string(_ key: String) -> String? {
            if let s = article[key] as? String { return s.isEmpty ? nil : s }
            return nil
        }
        page.headline = page.headline ?? string("headline").map(BlockCollector.fold)
        page.description = page.description ?? string("description")
        page.published = page.published ?? string("datePublished")
        page.modified = page.modified ?? string("dateModified")
        page.language = page.language ?? string("inLanguage")
        page.structuredBody = page.structuredBody ?? string("articleBody")
        if page.section == nil {
            page.section = string("articleSection") ?? (article["articleSection"] as? [String])?.first
        }
        if page.publisher == nil, let publisher = article["publisher"] as? [String: Any] { page.publisher = publisher["name"] as? String }
        if page.authors.isEmpty {
            let authors: [Any] = (article["author"] as? [Any]) ?? (article["author"].map { [$0] } ?? [])
            page.authors = authors.compactMap { ($0 as? [String: Any])?["name"] as? String ?? $0 as? String }
        }
    }

    private static func findArticle(_ value: Any, depth: Int) -> [String: Any]? {
        guard depth < 8 else { return nil }
        if let object = value as? [String: Any] {
            let types: [String] = (object["@type"] as? [String]) ?? ((object["@type"] as? String).map { [$0] } ?? [])
            if types.contains(where: articleTypes.contains) { return object }
            if let graph = object["@graph"] { return findArticle(graph, depth: depth + 1) }
            if let main = object["mainEntity"] { return findArticle(main, depth: depth + 1) }
        } else if let array = value as? [Any] {
            for item in array { if let found = findArticle(item, depth: depth + 1) { return found } }
        }
        return nil
    }
}
