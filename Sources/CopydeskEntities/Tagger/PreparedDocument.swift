/// A document ready for the tagger: every token's ``TokenInfo`` and the keys of
/// its static features (those that do not depend on labels), flattened.
///
/// The templates are what an ablation study kept (each of the 41 earlier
/// templates removed alone and in groups, five seeds per step, dev F1 on
/// eng.testa, and the project's own article fixtures): every template of the
/// word itself and of its neighbours (the tagger adds those once per word,
/// ``WordRowCache``), 8 of the 16 templates of wider context and 3 of the 5
/// that depend on labels. Dev F1 5-seed mean 91.85 against 91.53 with all 41.
/// The template numbers are those of the keys.
struct PreparedDocument: Sendable {
    /// Static feature templates per token.
    static let staticCount = 28
    static let boundary = FeatureHash.mix(0xB05)
    static let end = FeatureHash.mix(0xE05)

    var infos: [TokenInfo] = []
    /// Token ranges of the sentences within `infos`.
    var sentences: [Range<Int>] = []
    /// `staticCount` keys per token.
    var keys: [UInt64] = []
    /// Each token's word class (999: none).
    var classes: [UInt16] = []
    /// Whether slots 0..<contextStart are filled (see `init`).
    private(set) var hasAllSlots = true

    /// Slots of a token's keys that depend on its word alone (bias included):
    /// the same for every token of one word, so the tagger can add them once
    /// per word (``WordRowCache``).
    static let wordSlots = 0..<14
    /// Where the keys that need the context begin; 14..<17 are the previous
    /// word's (``previousWordKeys``), 17..<20 the next word's (``nextWordKeys``).
    static let contextStart = 20

    /// Slots 0..<14 of a token of word `info` (class `cls`): its own features, the bias included.
    @inline(__always)
    static func writeWordKeys(_ t: TokenInfo, _ cls: UInt16, into k: UnsafeMutablePointer<UInt64>) {
        k[0] = FeatureHash.key(0, 0)
        k[1] = FeatureHash.key(1, t.word)
        k[2] = FeatureHash.key(2, t.lower)
        k[3] = FeatureHash.key(3, t.shape)
        k[4] = FeatureHash.key(4, t.shortShape)
        k[5] = FeatureHash.key(5, t.prefixes.0)
        k[6] = FeatureHash.key(6, t.prefixes.1)
        k[7] = FeatureHash.key(7, t.prefixes.2)
        k[8] = FeatureHash.key(8, t.prefixes.3)
        k[9] = FeatureHash.key(9, t.suffixes.0)
        k[10] = FeatureHash.key(10, t.suffixes.1)
        k[11] = FeatureHash.key(11, t.suffixes.2)
        k[12] = FeatureHash.key(12, t.suffixes.3)
        k[13] = FeatureHash.key(34, UInt64(cls))
    }

    /// Slots 14..<17 (and a 0: no feature) of the token after a word `info` of class `cls` (or after a sentence's start: nil).
    static func previousWordKeys(_ info: TokenInfo?, _ cls: UInt16) -> SIMD4<UInt64> {
        guard let info else { return [FeatureHash.key(13, boundary), FeatureHash.key(17, boundary), FeatureHash.key(35, 998), 0] }
        return [FeatureHash.key(13, info.lower), FeatureHash.key(17, info.shortShape), FeatureHash.key(35, UInt64(cls)), 0]
    }

    /// Slots 17..<20 (and a 0) of the token before a word `info` of class `cls` (or before a sentence's end: nil).
    static func nextWordKeys(_ info: TokenInfo?, _ cls: UInt16) -> SIMD4<UInt64> {
        guard let info else { return [FeatureHash.key(14, end), FeatureHash.key(18, end), FeatureHash.key(36, 997), 0] }
        return [FeatureHash.key(14, info.lower), FeatureHash.key(18, info.shortShape), FeatureHash.key(36, UInt64(cls)), 0]
    }

    /// `allSlots` false leaves slots 0..<contextStart (the word's own and its
    /// neighbours' features) zero: the tagger with its ``WordRowCache`` makes them per word.
    init(sentences words: [[String]], gazetteer: Gazetteer, clusters: WordClusters, allSlots: Bool = true) {
        var count = 0
        for s in words { count += s.count }
        infos.reserveCapacity(count)
        sentences.reserveCapacity(words.count)
        for s in words {
            let start = infos.count
            for w in s { infos.append(TokenInfo(w)) }
            sentences.append(start..<infos.count)
        }
        hasAllSlots = allSlots
        computeKeys(gazetteer, clusters, allSlots: allSlots)
    }

    private mutating func computeKeys(_ gazetteer: Gazetteer, _ clusters: WordClusters, allSlots: Bool) {
        // Document evidence: a capitalised word also written lower-case elsewhere
        // is probably a common word; one capitalised mid-sentence is probably a name.
        var lowerSeen = U64Map<Bool>(capacity: infos.count, empty: false), capSeen = U64Map<Bool>(capacity: 64, empty: false)
        classes = infos.map { UInt16(clusters.lookup($0) ?? 999) }
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
                if info.isLowercase { lowerSeen.set(info.lower, true) }
                if info.isCapitalized && !info.isAllCaps && i != range.lowerBound && !capsSentence[n] {
                    capSeen.set(info.lower, true)
                }
            }
        }
        var keys = [UInt64](repeating: 0, count: infos.count * Self.staticCount)
        let infos = self.infos, classes = self.classes
        infos.withUnsafeBufferPointer { inf in
            keys.withUnsafeMutableBufferPointer { k in
                for range in sentences {
                    let marks = gazetteer.marks(infos, range)
                    for i in range {
                        let hasP1 = i - 1 >= range.lowerBound, hasN1 = i + 1 < range.upperBound, hasN2 = i + 2 < range.upperBound
                        let short = inf[i].shortShape
                        let l1 = hasP1 ? inf[i - 1].lower : Self.boundary
                        let r1 = hasN1 ? inf[i + 1].lower : Self.end
                        let r2 = hasN2 ? inf[i + 2].lower : Self.end
                        let s1 = hasP1 ? inf[i - 1].shortShape : Self.boundary
                        let t1 = hasN1 ? inf[i + 1].shortShape : Self.end
                        var doc: UInt64 = 0
                        if inf[i].isCapitalized {
                            let lower = inf[i].lower
                            doc = 1 | (lowerSeen[lower] != nil ? 2 : 0) | (capSeen[lower] != nil ? 4 : 0)
                                | ((i == range.lowerBound ? 1 : 0) << 3) | ((inf[i].isAllCaps ? 1 : 0) << 4)
                        }
                        let o = i * Self.staticCount
                        let m = marks[i - range.lowerBound]
                        if allSlots {
                            Self.writeWordKeys(inf[i], classes[i], into: k.baseAddress! + o)
                            let previous = Self.previousWordKeys(hasP1 ? inf[i - 1] : nil, hasP1 ? classes[i - 1] : 0)
                            let next = Self.nextWordKeys(hasN1 ? inf[i + 1] : nil, hasN1 ? classes[i + 1] : 0)
                            for j in 0..<3 {
                                k[o + 14 + j] = previous[j]
                                k[o + 17 + j] = next[j]
                            }
                        }
                        // Context (20..<28).
                        k[o + 20] = FeatureHash.key(16, r2)
                        k[o + 21] = FeatureHash.key(19, s1, short, t1)
                        k[o + 22] = FeatureHash.key(20, l1, inf[i].lower)
                        k[o + 23] = FeatureHash.key(24, doc, short)
                        k[o + 24] = FeatureHash.key(26, short, r1)
                        k[o + 25] = FeatureHash.key(27, UInt64(m.0))
                        k[o + 26] = FeatureHash.key(29, UInt64(m.2))
                        k[o + 27] = FeatureHash.key(38, UInt64(classes[i]), hasN1 ? UInt64(classes[i + 1]) : 997)
                    }
                }
            }
        }
        self.keys = keys
    }
}
