/// What the entities stage found in one article.
public struct ArticleAnalysis: Sendable {
    /// A person, organisation, place or other named thing, with its mentions merged.
    public struct Entity: Sendable, Hashable {
        /// `PER`, `ORG`, `LOC` or `MISC`.
        public var type: String
        /// The canonical name: the longest form the article uses (`Vladimir Putin`),
        /// without titles, or a standard name for a few common short forms (`United States`).
        public var name: String
        /// The form the article uses most (`Putin`).
        public var literal: String
        /// The title or office given with the name (`President`, `Secretary of State`).
        public var role: String?
        /// How many times the article mentions it.
        public var mentions: Int
    }

    /// An organisation the article credits for information.
    public struct Source: Sendable, Hashable {
        /// The organisation's name as the article gives it (`Reuters`, `NHK World Japan`).
        public var name: String
        /// How it is credited: `cited`.
        public var role: String
    }

    /// Quoted words and who said them.
    public struct Quote: Sendable, Hashable {
        /// The quoted words, without the quotation marks.
        public var text: String
        /// The speaker's canonical name (a person, or the outlet quoted), when attributed.
        public var speaker: String?
    }

    /// People, with canonical names, roles and mention counts, in order of first mention.
    public var people: [Entity] = []
    /// Organisations.
    public var organisations: [Entity] = []
    /// Places.
    public var places: [Entity] = []
    /// Other names: nationalities, events, products (`Russian`, `World War Two`).
    public var other: [Entity] = []
    /// Organisations credited as sources, in order of first credit.
    public var sources: [Source] = []
    /// Quotations in text order.
    public var quotes: [Quote] = []
    /// Amounts of money.
    public var money: [MoneyMention] = []
    /// Percentages.
    public var percentages: [PercentMention] = []
    /// Dates.
    public var dates: [DateMention] = []
    /// Tokens tagged.
    public var tokens = 0
    /// Whether the article was longer than the analyzer reads (``EntityAnalyzer/maximumTokens``):
    /// what it found covers the beginning only.
    public var truncated = false

    /// An empty analysis.
    public init() {}
}
