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
                guard let first = bytes.first else { return (0, 0) }
                // Branch-free sums over independent bytes, which the compiler vectorises:
                // continuation bytes do not start a scalar; a word starts at a
                // non-space byte that follows a space (or opens the text).
                @inline(__always) func isSpace(_ byte: UInt8) -> Bool {
                    byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
                }
                var continuations = 0
                var words = isSpace(first) ? 0 : 1
                for byte in bytes { continuations &+= byte & 0xC0 == 0x80 ? 1 : 0 }
                for i in 1..<bytes.count {
                    words &+= isSpace(bytes[i &- 1]) && !isSpace(bytes[i]) ? 1 : 0
                }
                return (bytes.count &- continuations, words)
            }
        }
    }
}
