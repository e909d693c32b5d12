/// The text of an article as the entities stage reads it.
public struct ArticleText: Sendable {
    /// The headline.
    public var headline: String?
    /// The standfirst or summary.
    public var summary: String?
    /// The body's paragraphs.
    public var paragraphs: [String]
    /// The day relative dates ("Thursday", "yesterday") are read against: the
    /// article's publication day, else the day it was ingested.
    public var reference: (year: Int, month: Int, day: Int)?

    /// Makes the text.
    public init(headline: String? = nil, summary: String? = nil, paragraphs: [String], reference: (year: Int, month: Int, day: Int)? = nil) {
        self.headline = headline
        self.summary = summary
        self.paragraphs = paragraphs
        self.reference = reference
    }
}
