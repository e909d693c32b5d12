extension Article {
    /// copydesk's own part of the record: provenance, pipeline, dedup, extracted facts.
    public struct Copydesk: Hashable, Sendable {
        /// The file the article came from.
        public var source: Source?
        /// The pipeline that processed it (`news`).
        public var pipeline: String?
        /// The deduplicate stage's verdict.
        public var dedup: Dedup?
        /// Quotations found in the text.
        public var quotes: [Quote]
        /// Amounts of money found in the text.
        public var money: [Money]
        /// Dates found in the text (and the dateline's date).
        public var dates: [DateMention]
        /// Percentages found in the text.
        public var percentages: [Percentage]
        /// Other names (nationalities, events, products), as `misc`.
        public var misc: [Article.Entity]
        /// Microseconds spent per stage, keyed by stage name (`timings_us`).
        public var timingsMicroseconds: [String: Int]
        /// Notes about repairs made on the way (`invalid_utf8_repaired`, …).
        public var flags: [String]

        /// Makes the section; everything is optional.
        public init(
            source: Source? = nil, pipeline: String? = nil, dedup: Dedup? = nil,
            quotes: [Quote] = [], money: [Money] = [], dates: [DateMention] = [],
            percentages: [Percentage] = [], misc: [Article.Entity] = [],
            timingsMicroseconds: [String: Int] = [:], flags: [String] = []
        ) {
            self.percentages = percentages
            self.misc = misc
            self.source = source
            self.pipeline = pipeline
            self.dedup = dedup
            self.quotes = quotes
            self.money = money
            self.dates = dates
            self.timingsMicroseconds = timingsMicroseconds
            self.flags = flags
        }

        /// Adds `flag` unless it is already there.
        public mutating func addFlag(_ flag: String) {
            if !flags.contains(flag) { flags.append(flag) }
        }
    }
}

extension Article.Copydesk {
    /// Where the article was read from.
    public struct Source: Codable, Hashable, Sendable {
        /// The file's path when it was claimed.
        public var path: String
        /// The drop directory it arrived in.
        public var drop: String?
        /// The file's size in bytes.
        public var bytes: Int?
        /// The file's modification time, ISO-8601 UTC.
        public var mtime: String?
        /// The 1-based line of a JSONL file this article came from.
        public var line: Int?
        /// Hex SHA-256 of the bytes read (the file, or the JSONL line): a
        /// redelivery of the same bytes is recognised by it, also after a restart.
        public var sha256: String?

        /// Makes a source.
        public init(path: String, drop: String? = nil, bytes: Int? = nil, mtime: String? = nil, line: Int? = nil, sha256: String? = nil) {
            self.path = path
            self.drop = drop
            self.bytes = bytes
            self.mtime = mtime
            self.line = line
            self.sha256 = sha256
        }
    }

    /// The deduplicate stage's verdict.
    public struct Dedup: Codable, Hashable, Sendable {
        /// What the deduplicate stage found the article to be.
        public var status: DedupStatus
        /// The id of the article this one duplicates.
        public var of: String?
        /// Similarity to `of`, 0…1.
        public var similarity: Double?
        /// The id of the story cluster: the first-seen article of the story
        /// (a unique article's own id).
        public var cluster: String?
        /// How much of the shorter body lies inside the longer, 0…1 (near-duplicates).
        public var containment: Double?

        /// Makes a verdict.
        public init(status: DedupStatus, of: String? = nil, similarity: Double? = nil, cluster: String? = nil, containment: Double? = nil) {
            self.status = status
            self.of = of
            self.similarity = similarity
            self.cluster = cluster
            self.containment = containment
        }
    }

    /// A quotation and who said it.
    public struct Quote: Codable, Hashable, Sendable {
        /// The quoted words.
        public var text: String
        /// The speaker, when attributed.
        public var speaker: String?

        /// Makes a quote.
        public init(text: String, speaker: String? = nil) {
            self.text = text
            self.speaker = speaker
        }
    }

    /// An amount of money as written, with its value when understood.
    public struct Money: Codable, Hashable, Sendable {
        /// The amount as written (`$240 billion`).
        public var text: String
        /// The amount in units of `currency`.
        public var amount: Double?
        /// ISO 4217 code (`USD`).
        public var currency: String?

        /// Makes an amount.
        public init(text: String, amount: Double? = nil, currency: String? = nil) {
            self.text = text
            self.amount = amount
            self.currency = currency
        }
    }

    /// A date as written, with its ISO-8601 value when understood.
    public struct DateMention: Codable, Hashable, Sendable {
        /// The date as written (`March 3`).
        public var text: String
        /// ISO-8601 (`2024-03-03`), when the text names a full date.
        public var value: String?
        /// Where it was found (`dateline`, `published`, `body`).
        public var role: String?

        /// Makes a date mention.
        public init(text: String, value: String? = nil, role: String? = nil) {
            self.text = text
            self.value = value
            self.role = role
        }
    }

    /// A percentage as written, with its value when understood.
    public struct Percentage: Codable, Hashable, Sendable {
        /// The percentage as written (`5.5 per cent`).
        public var text: String
        /// The number (`5.5`).
        public var value: Double?

        /// Makes a percentage.
        public init(text: String, value: Double? = nil) {
            self.text = text
            self.value = value
        }
    }
}

/// What the deduplicate stage found an article to be (`copydesk.dedup.status`).
public enum DedupStatus: String, Codable, Hashable, Sendable, CaseIterable {
    /// The first article with its text: it starts a story cluster of its own.
    case unique
    /// The same normalised headline and body as an earlier article (`of`).
    case duplicate
    /// A syndicated copy of an earlier article (`of`), in its story cluster.
    case nearDuplicate = "near_duplicate"

    /// Whether an article of this status holds claims in the content index that
    /// its runner must commit once the record is durable or release when it is not
    /// (a duplicate claims nothing: its text belongs to the article it copies).
    public var ownsClaims: Bool { self != .duplicate }
}
