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

    /// Hashes of the `\w+` tokens (runs of letters, digits and underscores,
    /// as Python's `re` reads `\w` in Unicode mode), in order.
    static func tokens(_ text: String) -> [UInt64] {
        var out: [UInt64] = []
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var inWord = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let word: Bool
            if v < 0x80 {
                word = (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39) || v == 0x5F
            } else {
                let p = scalar.properties
                word = p.isAlphabetic || p.numericType != nil
            }
            if word {
                if !inWord { h = 0xcbf2_9ce4_8422_2325 }
                inWord = true
                var x = v
                repeat {
                    h = (h ^ UInt64(x & 0xFF)) &* 0x0000_0100_0000_01b3
                    x >>= 8
                } while x != 0
            } else if inWord {
                out.append(h)
                inWord = false
            }
        }
        if inWord { out.append(h) }
        return out
    }

    /// Shingles of four tokens, as hashes (a text shorter than four tokens is one shingle).
    static func shingles(_ text: String) -> [UInt64: Int] {
        let t = tokens(text)
        var out: [UInt64: Int] = [:]
        guard !t.isEmpty else { return out }
        out.reserveCapacity(t.count)
        for i in 0..<max(1, t.count - 3) {
            var h: UInt64 = UInt64(min(4, t.count - i))
            for k in i..<min(t.count, i + 4) { h = (h ^ t[k]) &* 0x9e37_79b9_7f4a_7c15 &+ 0x632b_e59b_d9b4_e019 }
            out[h, default: 0] += 1
        }
        return out
    }
}
