/// The hashes that identify articles.
///
/// The article id names the *content* (normalised headline and body), so the same
/// story delivered twice, even re-encoded or re-wrapped, gets the same id; the raw
/// hash names the *bytes*, so a file re-read after a crash is recognised cheaply.
public enum ContentHash {
    /// Hex characters of the content hash used as the article id.
    public static let idLength = 32

    /// The full SHA-256 of a normalised hashing text (see ``NormalizedArticle/hashingText``).
    public static func digest(hashingText: String) -> SHA256.Digest {
        SHA256.hash(hashingText)
    }

    /// The article id: the first 32 hex characters of the SHA-256 of `hashingText`.
    public static func articleID(hashingText: String) -> String {
        String(digest(hashingText: hashingText).hex.prefix(idLength))
    }

    /// The record URI for an id: `urn:copydesk:<id>`.
    public static func uri(forID id: String) -> String {
        "urn:copydesk:" + id
    }

    /// The full SHA-256 hex of the raw bytes as delivered ("same bytes again").
    public static func rawBytes(_ bytes: some Sequence<UInt8>) -> String {
        SHA256.hash(bytes).hex
    }
}
