/// Greedy left-to-right decoding shared by training and tagging: static keys
/// plus the keys that depend on the labels already chosen (previous labels,
/// and the label this word got earlier in the document).
struct DecoderState {
    static let dynamicCount = 5
    static let keyCount = PreparedDocument.staticCount + dynamicCount

    /// The type (0…3, 4 for O) last given to each lower-cased word in the document.
    var history: [UInt64: UInt8] = [:]
    var keys = [UInt64](repeating: 0, count: keyCount)

    mutating func fill(_ doc: PreparedDocument, _ i: Int, previous: UInt8, previous2: UInt8) {
        let base = i * PreparedDocument.staticCount
        for k in 0..<PreparedDocument.staticCount { keys[k] = doc.keys[base + k] }
        let t = doc.infos[i]
        let seen = UInt64(history[t.lower] ?? 5)
        let p = UInt64(previous), q = UInt64(previous2)
        let s = PreparedDocument.staticCount
        keys[s + 0] = FeatureHash.key(40, p)
        keys[s + 1] = FeatureHash.key(41, q, p)
        keys[s + 2] = FeatureHash.key(42, p, t.lower)
        keys[s + 3] = FeatureHash.key(43, p, t.shortShape)
        keys[s + 4] = FeatureHash.key(44, seen, t.shortShape)
    }

    mutating func remember(_ doc: PreparedDocument, _ i: Int, label: UInt8) {
        let t = doc.infos[i]
        guard t.isCapitalized else { return }
        history[t.lower] = label == 0 ? 4 : UInt8(EntityLabel.type(label))
    }
}
