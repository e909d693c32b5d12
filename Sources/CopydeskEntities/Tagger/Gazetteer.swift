/// Names seen as entities in training (lower-cased token sequences and their
/// types), matched longest-first in new text. In training, each document sees
/// only the names from the other folds (jackknifing), so the model learns how
/// far to trust a match instead of learning that every training name matches.
struct Gazetteer: Sendable {
    /// Span hash → bit per type (PER 1, ORG 2, LOC 4, MISC 8).
    private(set) var entries = U64Map<UInt8>(empty: 0)
    private(set) var longest = 0
    static let maximumLength = 6

    init() {}

    init(entries: U64Map<UInt8>) {
        self.entries = entries
        longest = Self.maximumLength
    }

    /// Adds the entities of a gold-tagged document.
    mutating func add(words: [[String]], tags: [[String]]) {
        for (sentence, sentenceTags) in zip(words, tags) {
            for span in EntitySpan.spans(ofIOB: sentenceTags) where span.end - span.start <= Self.maximumLength {
                guard let type = EntityLabel.types.firstIndex(of: span.type) else { continue }
                var h = FeatureHash.empty
                for i in span.start..<span.end { h = Self.extend(h, TokenInfo(sentence[i]).lower) }
                entries.set(h, (entries[h] ?? 0) | UInt8(1 << type))
                longest = max(longest, span.end - span.start)
            }
        }
    }

    @inline(__always)
    static func extend(_ h: UInt64, _ token: UInt64) -> UInt64 { FeatureHash.mix(h ^ token) }

    /// For each token of `range`, per type, the BILOU part (1…4) of the longest
    /// match covering it, or 0. Only spans starting with a capitalised token match.
    func marks(_ infos: [TokenInfo], _ range: Range<Int>) -> [(UInt8, UInt8, UInt8, UInt8)] {
        var marks = [(UInt8, UInt8, UInt8, UInt8)](repeating: (0, 0, 0, 0), count: range.count)
        guard entries.count > 0 else { return marks }
        var i = range.lowerBound
        while i < range.upperBound {
            guard infos[i].isCapitalized else { i += 1; continue }
            var h = FeatureHash.empty
            var best = 0
            var bestTypes: UInt8 = 0
            var j = i
            while j < range.upperBound && j - i < longest {
                h = Self.extend(h, infos[j].lower)
                j += 1
                if let types = entries[h] {
                    best = j - i
                    bestTypes = types
                }
            }
            guard best > 0 else { i += 1; continue }
            for t in 0..<4 where bestTypes & (1 << t) != 0 {
                for k in i..<(i + best) {
                    let part: UInt8 = best == 1 ? 4 : (k == i ? 1 : (k == i + best - 1 ? 3 : 2))
                    let o = k - range.lowerBound
                    switch t {
                    case 0: marks[o].0 = part
                    case 1: marks[o].1 = part
                    case 2: marks[o].2 = part
                    default: marks[o].3 = part
                    }
                }
            }
            i += best
        }
        return marks
    }
}
