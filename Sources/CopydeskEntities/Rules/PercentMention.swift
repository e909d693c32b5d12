/// A percentage named in article text, such as "5%", "5 per cent" or
/// "12.5 percentage points".
public struct PercentMention: Sendable, Hashable {
    /// The mention as written, e.g. `-3%` or `12.5 percentage points`.
    public var text: String
    /// UTF-8 offset of the first byte in the source text.
    public var start: Int
    /// UTF-8 offset one past the last byte in the source text.
    public var end: Int
    /// The figure in percent (5 for "5%", -3 for "-3%"). Percentage points keep
    /// their figure too (12.5), so callers that care tell them apart by `text`.
    public var value: Double?

    /// Makes a mention.
    public init(text: String, start: Int, end: Int, value: Double?) {
        self.text = text
        self.start = start
        self.end = end
        self.value = value
    }
}
