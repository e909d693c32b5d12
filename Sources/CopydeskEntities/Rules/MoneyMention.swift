/// An amount of money named in article text, such as "$240 billion" or "€400m".
public struct MoneyMention: Sendable, Hashable {
    /// The mention as written, e.g. `$240 billion` or `500 million euros`.
    public var text: String
    /// UTF-8 offset of the first byte in the source text.
    public var start: Int
    /// UTF-8 offset one past the last byte in the source text.
    public var end: Int
    /// The amount in whole units of the currency (240_000_000_000 for "$240 billion");
    /// nil only when the figure has too many digits to read exactly.
    public var amount: Double?
    /// ISO 4217 code such as `USD`, `GBP`, `EUR`; nil when the text names none.
    public var currency: String?

    /// Makes a mention.
    public init(text: String, start: Int, end: Int, amount: Double?, currency: String?) {
        self.text = text
        self.start = start
        self.end = end
        self.amount = amount
        self.currency = currency
    }
}
