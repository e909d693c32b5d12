/// A typed span of tokens: `[start, end)` within a sentence.
public struct EntitySpan: Sendable, Hashable {
    /// The entity type (`PER`, `ORG`, `LOC`, `MISC`).
    public var type: String
    /// Index of the first token.
    public var start: Int
    /// Index one past the last token.
    public var end: Int

    /// Makes a span.
    public init(type: String, start: Int, end: Int) {
        self.type = type
        self.start = start
        self.end = end
    }

    /// The spans of an IOB1 or IOB2 tag sequence, read as conlleval reads them:
    /// a span starts at `B-`, at `I-` after `O`, or at a change of type.
    public static func spans(ofIOB tags: [String]) -> [EntitySpan] {
        var spans: [EntitySpan] = []
        var open: EntitySpan?
        for (i, tag) in tags.enumerated() {
            let (prefix, type) = split(tag)
            if prefix == "O" || prefix == "B" || type != open?.type {
                if var span = open { span.end = i; spans.append(span); open = nil }
                if prefix != "O" { open = EntitySpan(type: type, start: i, end: i + 1) }
            }
        }
        if var span = open { span.end = tags.count; spans.append(span) }
        return spans
    }

    /// IOB2 tags (`B-` on every first token) for spans over `count` tokens.
    public static func iob2(_ spans: [EntitySpan], count: Int) -> [String] {
        var tags = Array(repeating: "O", count: count)
        for span in spans {
            for i in span.start..<span.end { tags[i] = (i == span.start ? "B-" : "I-") + span.type }
        }
        return tags
    }

    private static func split(_ tag: String) -> (String, String) {
        guard tag != "O", let dash = tag.firstIndex(of: "-") else { return ("O", "") }
        return (String(tag[..<dash]), String(tag[tag.index(after: dash)...]))
    }
}
