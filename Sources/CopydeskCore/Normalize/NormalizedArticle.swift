/// The normalize stage's result: the cleaned article and its content hash.
public struct NormalizedArticle: Hashable, Sendable {
    /// The article with cleaned text, `id`, `uri` and the `sha256` alt id set.
    public var article: Article
    /// Lower-cased, punctuation-folded, whitespace-collapsed headline and body: what is hashed.
    public var hashingText: String
    /// The SHA-256 of ``hashingText``; the deduplicate stage keys on it.
    public var digest: SHA256.Digest

    /// Makes a result.
    public init(article: Article, hashingText: String, digest: SHA256.Digest) {
        self.article = article
        self.hashingText = hashingText
        self.digest = digest
    }
}
