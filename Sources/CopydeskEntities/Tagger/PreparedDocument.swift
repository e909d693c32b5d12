/// A document ready for the tagger: every token's ``TokenInfo`` and the keys of
/// its static features (those that do not depend on labels), flattened.
struct PreparedDocument: Sendable {
    /// Static feature templates per token.
    static let staticCount = 39
    static let boundary = FeatureHash.mix(0xB05)
    static let end = FeatureHash.mix(0xE05)

    var infos: [TokenInfo] = []
    /// Token ranges of the sentences within `infos`.
    var sentences: [Range<Int>] = []
    /// `staticCount` keys per token.
    var keys: [UInt64] = []

    init(sentences words: [[String]], gazetteer: Gazetteer, clusters: WordClusters) {
        var count = 0
        for s in words { count += s.count }
        infos.reserveCapacity(count)
        sentences.reserveCapacity(words.count)
        for s in words {
            let start = infos.count
            for w in s { infos.append(TokenInfo(w)) }
            sentences.append(start..<infos.count)
        }
        computeKeys(gazetteer, clusters)
    }

    private mutating func computeKeys(_ gazetteer: Gazetteer, _ clusters: WordClusters) {
        // Document evidence: a capitalised word also written lower-case elsewhere
        // is probably a common word; one capitalised mid-sentence is probably a name.
        var lowerSeen = Set<UInt64>(), capSeen = Set<UInt64>()
        var capsSentence = [Bool](repeating: false, count: sentences.count)
        for (n, range) in sentences.enumerated() {
            var letters = 0, caps = 0
            for i in range where infos[i].isCapitalized || infos[i].isLowercase {
                letters += 1
                if infos[i].isAllCaps { caps += 1 }
            }
            capsSentence[n] = letters >= 2 && caps * 10 >= letters * 8
            for i in range {
                let info = infos[i]
                if info.isLowercase { lowerSeen.insert(info.lower) }
                if info.isCapitalized && !info.isAllCaps && i != range.lowerBound && !capsSentence[n] {
                    capSeen.insert(info.lower)
                }
            }
        }
        keys = [UInt64](repeating: 0, count: infos.count * Self.staticCount)
        let none = TokenInfo()
        for (n, range) in sentences.enumerated() {
            let caps: UInt64 = capsSentence[n] ? 1 : 0
            let marks = gazetteer.marks(infos, range)
            for i in range {
                let t = infos[i]
                let p1 = i - 1 >= range.lowerBound ? infos[i - 1] : none
                let p2 = i - 2 >= range.lowerBound ? infos[i - 2] : none
                let n1 = i + 1 < range.upperBound ? infos[i + 1] : none
                let n2 = i + 2 < range.upperBound ? infos[i + 2] : none
                let l1 = i - 1 >= range.lowerBound ? p1.lower : Self.boundary
                let l2 = i - 2 >= range.lowerBound ? p2.lower : Self.boundary
                let r1 = i + 1 < range.upperBound ? n1.lower : Self.end
                let r2 = i + 2 < range.upperBound ? n2.lower : Self.end
                let s1 = i - 1 >= range.lowerBound ? p1.shortShape : Self.boundary
                let t1 = i + 1 < range.upperBound ? n1.shortShape : Self.end
                let first: UInt64 = i == range.lowerBound ? 1 : 0
                var doc: UInt64 = 0
                if t.isCapitalized {
                    doc = 1 | (lowerSeen.contains(t.lower) ? 2 : 0) | (capSeen.contains(t.lower) ? 4 : 0)
                        | (first << 3) | ((t.isAllCaps ? 1 : 0) << 4)
                }
                let o = i * Self.staticCount
                keys.withUnsafeMutableBufferPointer { k in
                    k[o + 0] = FeatureHash.key(0, 0)
                    k[o + 1] = FeatureHash.key(1, t.word)
                    k[o + 2] = FeatureHash.key(2, t.lower)
                    k[o + 3] = FeatureHash.key(3, t.shape)
                    k[o + 4] = FeatureHash.key(4, t.shortShape)
                    k[o + 5] = FeatureHash.key(5, t.prefixes.0)
                    k[o + 6] = FeatureHash.key(6, t.prefixes.1)
                    k[o + 7] = FeatureHash.key(7, t.prefixes.2)
                    k[o + 8] = FeatureHash.key(8, t.prefixes.3)
                    k[o + 9] = FeatureHash.key(9, t.suffixes.0)
                    k[o + 10] = FeatureHash.key(10, t.suffixes.1)
                    k[o + 11] = FeatureHash.key(11, t.suffixes.2)
                    k[o + 12] = FeatureHash.key(12, t.suffixes.3)
                    k[o + 13] = FeatureHash.key(13, l1)
                    k[o + 14] = FeatureHash.key(14, r1)
                    k[o + 15] = FeatureHash.key(15, l2)
                    k[o + 16] = FeatureHash.key(16, r2)
                    k[o + 17] = FeatureHash.key(17, s1)
                    k[o + 18] = FeatureHash.key(18, t1)
                    k[o + 19] = FeatureHash.key(19, s1, t.shortShape, t1)
                    k[o + 20] = FeatureHash.key(20, l1, t.lower)
                    k[o + 21] = FeatureHash.key(21, t.lower, r1)
                    k[o + 22] = FeatureHash.key(22, first, t.shortShape)
                    k[o + 23] = FeatureHash.key(23, caps, t.lower)
                    k[o + 24] = FeatureHash.key(24, doc, t.shortShape)
                    k[o + 25] = FeatureHash.key(25, l1, t.shortShape)
                    k[o + 26] = FeatureHash.key(26, t.shortShape, r1)
                    let m = marks[i - range.lowerBound]
                    k[o + 27] = FeatureHash.key(27, UInt64(m.0))
                    k[o + 28] = FeatureHash.key(28, UInt64(m.1))
                    k[o + 29] = FeatureHash.key(29, UInt64(m.2))
                    k[o + 30] = FeatureHash.key(30, UInt64(m.3))
                    // 31…33: the second stage's (``aggregate(_:)``); 0 = not used.
                    k[o + 31] = 0
                    k[o + 32] = 0
                    k[o + 33] = 0
                    let c0 = UInt64(clusters.lookup(t) ?? 999)
                    let c1 = i - 1 >= range.lowerBound ? UInt64(clusters.lookup(p1) ?? 999) : 998
                    let d1 = i + 1 < range.upperBound ? UInt64(clusters.lookup(n1) ?? 999) : 997
                    k[o + 34] = FeatureHash.key(34, c0)
                    k[o + 35] = FeatureHash.key(35, c1)
                    k[o + 36] = FeatureHash.key(36, d1)
                    k[o + 37] = FeatureHash.key(37, c1, c0)
                    k[o + 38] = FeatureHash.key(38, c0, d1)
                }
            }
        }
    }

    /// Adds a first stage's labels as features: the token's own label with its
    /// neighbours', and the type the first stage gave most often to the same
    /// capitalised word elsewhere in the document (document-level consistency).
    mutating func aggregate(_ labels: [UInt8]) {
        var counts: [UInt64: (UInt16, UInt16, UInt16, UInt16, UInt16)] = [:]
        for i in infos.indices where infos[i].isCapitalized {
            var c = counts[infos[i].lower] ?? (0, 0, 0, 0, 0)
            switch labels[i] == 0 ? 4 : EntityLabel.type(labels[i]) {
            case 0: c.0 += 1
            case 1: c.1 += 1
            case 2: c.2 += 1
            case 3: c.3 += 1
            default: c.4 += 1
            }
            counts[infos[i].lower] = c
        }
        for range in sentences {
            for i in range {
                let t = infos[i]
                let own = UInt64(labels[i])
                let before = i > range.lowerBound ? UInt64(labels[i - 1]) : 98
                let after = i + 1 < range.upperBound ? UInt64(labels[i + 1]) : 98
                var majority: UInt64 = 9
                if t.isCapitalized, var c = counts[t.lower] {
                    // Leave this token's own vote out.
                    switch labels[i] == 0 ? 4 : EntityLabel.type(labels[i]) {
                    case 0: c.0 -= 1
                    case 1: c.1 -= 1
                    case 2: c.2 -= 1
                    case 3: c.3 -= 1
                    default: c.4 -= 1
                    }
                    let votes = [c.0, c.1, c.2, c.3, c.4]
                    let total = votes.reduce(0, +)
                    if total > 0, let best = votes.indices.max(by: { votes[$0] < votes[$1] }) {
                        majority = UInt64(best) | (votes[best] == total ? 16 : 0)
                    }
                }
                let o = i * Self.staticCount
                keys[o + 31] = FeatureHash.key(31, own)
                keys[o + 32] = FeatureHash.key(32, before, own, after)
                keys[o + 33] = FeatureHash.key(33, majority, t.shortShape)
            }
        }
    }
}
