/// A token of article text: what it says and where it sits in the text it came
/// from (UTF-8 byte offsets, so spans can be cut out of the original string).
public struct Token: Sendable, Hashable {
    /// The token as written (`U.S.`, `'s`, `Ørsted`, `two-day`, `“`).
    public var text: String
    /// UTF-8 offset of the first byte in the source text.
    public var start: Int
    /// UTF-8 offset one past the last byte in the source text.
    public var end: Int

    /// Makes a token.
    public init(text: String, start: Int, end: Int) {
        self.text = text
        self.start = start
        self.end = end
    }
}
