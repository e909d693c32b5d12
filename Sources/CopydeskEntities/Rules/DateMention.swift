/// A date or time expression named in article text, such as "Feb. 24, 2022",
/// "February 2022", "on Thursday" or "last year".
public struct DateMention: Sendable, Hashable {
    /// The mention as written, e.g. `Feb. 24, 2022`, `Thursday`, `last year`.
    /// Cue words that only locate the date ("on", "in") are left out.
    public var text: String
    /// UTF-8 offset of the first byte in the source text.
    public var start: Int
    /// UTF-8 offset one past the last byte in the source text.
    public var end: Int
    /// The date in ISO 8601 form at the precision written: `2022-02-24` for a day,
    /// `2022-02` for a month, `2022` for a year. Nil when it depends on a reference
    /// date that was not given, when the text itself is ambiguous (`05/06/2022`),
    /// or for spans with no calendar form ("next week").
    public var value: String?
    /// What was named: `date` (a day), `month`, `year`, `weekday` (a day named only
    /// by its weekday) or `relative` ("yesterday", "last year").
    public var kind: String

    /// Makes a mention.
    public init(text: String, start: Int, end: Int, value: String?, kind: String) {
        self.text = text
        self.start = start
        self.end = end
        self.value = value
        self.kind = kind
    }
}
