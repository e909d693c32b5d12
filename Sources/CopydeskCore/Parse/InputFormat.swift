/// The shape of an input file, as configured or detected.
public enum InputFormat: String, Codable, Hashable, Sendable, CaseIterable {
    /// Decide from the file name and the first bytes.
    case auto
    /// Plain text: a scraped wire page or the BBC shape.
    case text
    /// One JSON article (ninjs or a plain object), or a JSON array of them.
    case json
    /// One JSON article per line.
    case jsonl
    /// A web page: the article is extracted (libxml2's HTML parser).
    case html
    /// NewsML-G2: one article per `newsItem` (libxml2's XML parser).
    case newsml
}
