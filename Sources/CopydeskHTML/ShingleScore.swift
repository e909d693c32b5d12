/// The extraction benchmark's metric: per page, true and false positives and
/// false negatives over 4-word shingles of `\w+` tokens counted as multisets,
/// normalised to sum to 1; precision is averaged over pages with a prediction,
/// recall over pages with a truth; F1 = 2PR/(P+R).
public struct ShingleScore: Sendable {
    /// One page's normalised counts.
    public struct Page: Sendable {
        public var tp: Double
        public var fp: Double
        public var fn: Double

        /// precision as the benchmark defines it.
        public var precision: Double {
            if fp == 0 && fn == 0 { return 1 }
            if tp == 0 && fp == 0 { return 0 }
            return tp / (tp + fp)
        }

        /// recall as the benchmark defines it.
        public var recall: Double {
            if fp == 0 && fn == 0 { return 1 }
            if tp == 0 && fn == 0 { return 0 }
            return tp / (tp + fn)
        }
    }

    /// Pages scored.
    public private(set) var pages: [Page] = []

    /// An empty score.
    public init() {}

    /// Scores one page.
    @discardableResult
    public mutating func add(truth: String, predicted: String) -> Page {
        let t = Self.shingles(truth), p = Self.shingles(predicted)
        var tp = 0.0, fp = 0.0, fn = 0.0
        for (key, count) in t {
            let other = p[key] ?? 0
            tp += Double(min(count, other))
            fn += Double(max(0, count - other))
        }
        for (key, count) in p { fp += Double(max(0, count - (t[key] ?? 0))) }
        let sum = tp + fp + fn
        let page = sum > 0 ? Page(tp: tp / sum, fp: fp / sum, fn: fn / sum) : Page(tp: 0, fp: 0, fn: 0)
        pages.append(page)
        return page
    }

    /// Mean precision over pages with predicted shingles.
    public var precision: Double { mean(pages.filter { $0.tp + $0.fp > 0 }.map(\.precision)) }
    /// Mean recall over pages with true shingles.
    public var recall: Double { mean(pages.filter { $0.tp + $0.fn > 0 }.map(\.recall)) }
    /// 2PR/(P+R).
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    private func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }

    /// `\w+` tokens: runs of letters, digits, marks and underscores.
    static func tokens(_ text: String) -> [Substring] {
        var out: [Substring] = []
        var start: String.Index?
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            let word = c.isLetter || c.isNumber || c == "_" || c.unicodeScalars.first!.properties.generalCategory == .nonspacingMark
            if word {
                if start == nil { start = i }
            } else if let s = start {
                out.append(text[s..<i])
                start = nil
            }
            i = text.index(after: i)
        }
        if let s = start { out.append(text[s...]) }
        return out
    }

    /// Shingles of four tokens (a text shorter than four tokens is one shingle).
    static func shingles(_ text: String) -> [String: Int] {
        let t = tokens(text)
        var out: [String: Int] = [:]
        guard !t.isEmpty else { return out }
        for i in 0..<max(1, t.count - 3) {
            out[t[i..<min(t.count, i + 4)].joined(separator: " "), default: 0] += 1
        }
        return out
    }
}
