/// What the extractor took from a web page: the article's paragraphs and its metadata.
public struct ExtractedPage: Sendable, Equatable {
    /// `<title>`.
    public var title: String?
    /// The headline: JSON-LD `headline`, else `og:title`, else the first `<h1>`, else the title.
    public var headline: String?
    /// The standfirst: JSON-LD `description`, `og:description` or `<meta name=description>`.
    public var description: String?
    /// Author names (JSON-LD `author`, `<meta name=author>`, `article:author`).
    public var authors: [String] = []
    /// JSON-LD `datePublished` or `article:published_time`, as written.
    public var published: String?
    /// JSON-LD `dateModified` or `article:modified_time`, as written.
    public var modified: String?
    /// JSON-LD `articleSection` or `article:section`.
    public var section: String?
    /// JSON-LD `publisher.name` or `og:site_name`.
    public var publisher: String?
    /// `<link rel=canonical>`, else `og:url`.
    public var canonicalURL: String?
    /// `<html lang>` or JSON-LD `inLanguage`.
    public var language: String?
    /// JSON-LD `articleBody`, when the page has one.
    public var structuredBody: String?
    /// The article's paragraphs (headings and list items included), in page order.
    public var paragraphs: [String] = []

    /// The paragraphs separated by blank lines.
    public var bodyText: String { paragraphs.joined(separator: "\n\n") }

    /// An empty page.
    public init() {}
}
