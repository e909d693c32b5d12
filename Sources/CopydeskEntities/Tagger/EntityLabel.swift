/// The tagger's labels: `O` and BILOU (begin, inside, last, unit) for each of
/// the four CoNLL-2003 types. BILOU lets a greedy left-to-right decoder see
/// where an entity ends, which measures better than IOB for this kind of model.
public enum EntityLabel {
    /// The entity types, in label order.
    public static let types = ["PER", "ORG", "LOC", "MISC"]
    /// How many labels there are (17).
    public static let count = 1 + 4 * types.count
    /// The outside label.
    public static let outside: UInt8 = 0

    /// Position within an entity.
    enum Part: UInt8 { case begin = 0, inside, last, unit }

    static func label(type: Int, part: Part) -> UInt8 { UInt8(1 + type * 4) + part.rawValue }
    static func type(_ label: UInt8) -> Int { label == 0 ? -1 : Int(label - 1) / 4 }
    static func part(_ label: UInt8) -> Part { Part(rawValue: (label - 1) % 4)! }

    /// The label's name (`B-PER`, `O`).
    public static func name(_ label: UInt8) -> String {
        if label == 0 { return "O" }
        let prefix = ["B", "I", "L", "U"][Int(part(label).rawValue)]
        return prefix + "-" + types[type(label)]
    }

    /// Whether `next` may follow `previous`: an open entity (B or I) must go on
    /// with I or L of its type; nothing else may continue one.
    static func allowed(after previous: UInt8, _ next: UInt8) -> Bool {
        let open = previous != 0 && (part(previous) == .begin || part(previous) == .inside)
        if open {
            return next != 0 && type(next) == type(previous) && (part(next) == .inside || part(next) == .last)
        }
        return next == 0 || part(next) == .begin || part(next) == .unit
    }

    /// BILOU labels for IOB1/IOB2 tags.
    static func labels(fromIOB tags: [String]) -> [UInt8] {
        var labels = Array(repeating: outside, count: tags.count)
        for span in EntitySpan.spans(ofIOB: tags) {
            guard let type = types.firstIndex(of: span.type) else { continue }
            if span.end - span.start == 1 {
                labels[span.start] = label(type: type, part: .unit)
            } else {
                labels[span.start] = label(type: type, part: .begin)
                for i in (span.start + 1)..<(span.end - 1) { labels[i] = label(type: type, part: .inside) }
                labels[span.end - 1] = label(type: type, part: .last)
            }
        }
        return labels
    }

    /// Spans of a decoded label sequence (lenient: a B with no L still ends).
    static func spans(_ labels: [UInt8]) -> [EntitySpan] {
        var spans: [EntitySpan] = []
        var i = 0
        while i < labels.count {
            let label = labels[i]
            guard label != 0 else { i += 1; continue }
            let type = type(label)
            var end = i + 1
            if part(label) == .begin || part(label) == .inside {
                while end < labels.count, labels[end] != 0, Self.type(labels[end]) == type,
                    part(labels[end]) == .inside || part(labels[end]) == .last
                {
                    end += 1
                    if part(labels[end - 1]) == .last { break }
                }
            }
            spans.append(EntitySpan(type: types[type], start: i, end: end))
            i = end
        }
        return spans
    }
}
