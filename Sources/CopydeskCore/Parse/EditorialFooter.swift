/// Recognises the editorial lines that close a scraped article but are not its text:
/// corrections addresses, credits, copyright, calls to subscribe.
enum EditorialFooter {
    private static let prefixes = [
        "for corrections", "corrections:", "correction:", "to report a correction", "reporting by", "additional reporting",
        "editing by", "writing by", "compiled by", "copyright", "©", "(c) ", "all rights reserved", "follow us",
        "sign up", "subscribe to", "click here", "read more", "related:", "related coverage", "share this",
        "contact the author", "got a tip", "this story has been", "this article has been", "this article was originally",
        "this story was originally", "this article first appeared", "this story first appeared",
    ]

    /// Whether `paragraph` is a footer line.
    static func matches(_ paragraph: String) -> Bool {
        guard paragraph.utf8.count <= 400 else { return false }
        // Scrapers keep the site's markdown emphasis: `*For corrections …*`.
        let emphasised = (paragraph.hasPrefix("*") && paragraph.hasSuffix("*")) || (paragraph.hasPrefix("_") && paragraph.hasSuffix("_"))
        let core = paragraph.drop { $0 == "*" || $0 == "_" || $0 == "(" || $0 == "[" || $0 == " " }.prefix(40).lowercased()
        if prefixes.contains(where: { core.hasPrefix($0) }) { return true }
        // A short emphasised note at the very end of a page is editorial, not reporting.
        return emphasised && paragraph.utf8.count <= 200 && paragraph.lowercased().contains("email")
    }
}
