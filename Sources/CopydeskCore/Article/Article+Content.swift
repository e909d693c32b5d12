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

        /// Unicode scalars and words of `text`, in one pass over its UTF-8.
        static func counts(_ text: String) -> (chars: Int, words: Int) {
            var text = text
            return text.withUTF8 { bytes in
            var chars = 0
            var words = 0
            var inWord = false
            for byte in bytes {
                // Continuation bytes do not start a scalar.
                if byte & 0xC0 != 0x80 { chars += 1 }
                let space = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
                if space {
                    inWord = false
                } else if !inWord {
                    inWord = true
                    words += 1
                }
            }
            return (chars, words)
            }
        }
    }
}
