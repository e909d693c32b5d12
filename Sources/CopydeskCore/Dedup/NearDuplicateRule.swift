/// The index-wide shape of near-duplicate detection: how texts are sketched and
/// how many articles the window keeps. Every pipeline of a daemon shares it.
public struct NearDuplicateSettings: Sendable, Hashable {
    /// Words per shingle.
    public var shingleWords = 5
    /// Bottom-k sketch size (32-bit hashes kept per article).
    public var sketchSize = 32
    /// How many of the smallest sketch hashes go into the posting tables that find candidates.
    public var postings = 8
    /// Articles kept in the window (the oldest are forgotten a sixteenth at a time).
    public var windowArticles = 1_000_000
    /// Seconds an article stays in the window; nil keeps it until the article bound pushes it out.
    public var windowSeconds: Int64?

    /// The defaults: 5-word shingles, k = 32, 8 postings, 1,000,000 articles, no age bound.
    public init(shingleWords: Int = 5, sketchSize: Int = 32, postings: Int = 8, windowArticles: Int = 1_000_000, windowSeconds: Int64? = nil) {
        self.shingleWords = shingleWords
        self.sketchSize = sketchSize
        self.postings = min(postings, sketchSize)
        self.windowArticles = max(1, windowArticles)
        self.windowSeconds = windowSeconds
    }
}

/// When two sketched articles count as near-duplicates (per pipeline).
public struct NearDuplicateRule: Sendable, Hashable {
    /// Estimated containment of the shorter text in the longer at or above
    /// which they are near-duplicates (finds truncated and lightly edited copies).
    public var containment: Double
    /// Estimated Jaccard similarity at or above which they are near-duplicates.
    public var jaccard: Double
    /// Articles whose body has fewer words are neither checked nor indexed:
    /// a few words are too little evidence to link two stories.
    public var minWords: Int
    /// The fewest sampled shingles an estimate may rest on.
    public var minSample: Int

    /// The measured defaults (README: "Near-duplicates").
    public init(containment: Double = 0.7, jaccard: Double = 0.5, minWords: Int = 30, minSample: Int = 8) {
        self.containment = containment
        self.jaccard = jaccard
        self.minWords = minWords
        self.minSample = minSample
    }

    /// Whether `s` makes two articles near-duplicates.
    @inline(__always)
    public func accepts(_ s: SketchSimilarity) -> Bool {
        s.sample >= minSample && (s.containment >= containment || s.jaccard >= jaccard)
    }
}

/// What the index found for an article.
public struct NearMatch: Sendable, Hashable {
    /// The content id of the most similar earlier article.
    public var of: String
    /// The cluster id (the content id of the cluster's first article).
    public var cluster: String
    /// How similar it is to `of`.
    public var similarity: SketchSimilarity
}
