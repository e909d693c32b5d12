extension Article {
    /// A person, organisation or place the article mentions.
    public struct Entity: Codable, Hashable, Sendable {
        /// The canonical name (`Vladimir Putin`).
        public var name: String
        /// The form used in the text (`Putin`).
        public var literal: String?
        /// How the article relates to it (`mentions`).
        public var rel: String?
        /// An identifier for the entity, when one is known.
        public var uri: String?
        /// The title or office the article gives a person (`President`).
        public var role: String?
        /// How many times the article mentions it.
        public var mentions: Int?

        /// Makes an entity.
        public init(name: String, literal: String? = nil, rel: String? = nil, uri: String? = nil, role: String? = nil, mentions: Int? = nil) {
            self.name = name
            self.literal = literal
            self.rel = rel
            self.uri = uri
            self.role = role
            self.mentions = mentions
        }
    }

    /// An agency or publisher the article credits (`Reuters`).
    public struct InfoSource: Codable, Hashable, Sendable {
        /// The source's name.
        public var name: String
        /// `originfeed` (dateline credit), `publisher`, `cited`, …
        public var role: String?
        /// A link for the source, when known.
        public var uri: String?

        /// Makes a source.
        public init(name: String, role: String? = nil, uri: String? = nil) {
            self.name = name
            self.role = role
            self.uri = uri
        }
    }

    /// Another identifier of the article: `{"role": "sha256", "value": "…"}`.
    public struct AltID: Codable, Hashable, Sendable {
        /// What kind of identifier (`sha256`, `url`, `source_id`).
        public var role: String
        /// The identifier.
        public var value: String

        /// Makes an identifier.
        public init(role: String, value: String) {
            self.role = role
            self.value = value
        }
    }

    /// A subject code the sender gave the article (`medtop:11000000`, "politics").
    public struct Subject: Codable, Hashable, Sendable {
        /// The subject's name, when given.
        public var name: String?
        /// Its code (a NewsML-G2 qcode or URI).
        public var uri: String?

        /// Makes a subject.
        public init(name: String? = nil, uri: String? = nil) {
            self.name = name
            self.uri = uri
        }
    }
}
