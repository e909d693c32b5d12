extension Article {
    /// A ninjs headline: `{"role": "main", "value": "…"}`.
    public struct Headline: Codable, Hashable, Sendable {
        /// `main`, `sub`, …
        public var role: String
        /// The headline text.
        public var value: String

        /// Makes a headline.
        public init(role: String = "main", value: String) {
            self.role = role
            self.value = value
        }
    }

    /// A ninjs description: `{"role": "summary", "value": "…"}`.
    public struct Description: Codable, Hashable, Sendable {
        /// `summary` for the standfirst.
        public var role: String
        /// The description text.
        public var value: String

        /// Makes a description.
        public init(role: String = "summary", value: String) {
            self.role = role
            self.value = value
        }
    }

    /// A ninjs body with its counts.
    public struct Body: Codable, Hashable, Sendable {
        /// `main` for the article text.
        public var role: String
        /// `text/plain` for everything copydesk produces.
        public var contentType: String
        /// The text, paragraphs separated by one blank line.
        public var value: String
        /// Unicode scalars in `value`.
        public var charCount: Int
        /// Whitespace-separated words in `value`.
        public var wordCount: Int

        /// Makes a body and counts its characters and words.
        public init(role: String = "main", contentType: String = "text/plain", value: String) {
            self.role = role
            self.contentType = contentType
            self.value = value
            (charCount, wordCount) = Body.counts(value)
        }

        /// Unicode scalars and whitespace-separated words of `text` (see ``UTF8Scan``).
        static func counts(_ text: String) -> (chars: Int, words: Int) {
            var text = text
            return text.withUTF8 { bytes in
                (UTF8Scan.scalarCount(bytes), UTF8Scan.wordCount(bytes))
            }
        }
    }
}
