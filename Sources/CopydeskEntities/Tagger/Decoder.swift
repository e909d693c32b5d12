/// Greedy left-to-right decoding shared by training and tagging: static keys
/// plus the keys that depend on the labels already chosen (previous labels,
/// and the label this word got earlier in the document).
struct DecoderState {
    static let dynamicCount = 5
    static let keyCount = PreparedDocument.staticCount + dynamicCount

    /// The type (0…3, 4 for O) last given to each lower-cased word in the document.
    var history = U64Map<UInt8>(capacity: 64, empty: 5)
    var keys = [UInt64](repeating: 0, count: keyCount)

    /// Fills ``keys`` with token `i`'s static and dynamic keys (training).
    mutating func fill(_ doc: PreparedDocument, _ i: Int, previous: UInt8, previous2: UInt8) {
        let base = i * PreparedDocument.staticCount
        for k in 0..<PreparedDocument.staticCount { keys[k] = doc.keys[base + k] }
        var dynamic = [UInt64](repeating: 0, count: Self.dynamicCount)
        dynamicKeys(doc, i, previous: previous, previous2: previous2, into: &dynamic)
        for k in 0..<Self.dynamicCount { keys[PreparedDocument.staticCount + k] = dynamic[k] }
    }

    /// The keys that depend on the labels chosen so far.
    @inline(__always)
    func dynamicKeys(_ doc: PreparedDocument, _ i: Int, previous: UInt8, previous2: UInt8, into keys: inout [UInt64]) {
        let t = doc.infos[i]
        let seen = UInt64(t.isCapitalized ? history[t.lower] ?? 5 : 5)
        let p = UInt64(previous), q = UInt64(previous2)
        keys[0] = FeatureHash.key(40, p)
        keys[1] = FeatureHash.key(41, q, p)
        keys[2] = FeatureHash.key(42, p, t.lower)
        keys[3] = FeatureHash.key(43, p, t.shortShape)
        keys[4] = FeatureHash.key(44, seen, t.shortShape)
    }

    mutating func remember(_ doc: PreparedDocument, _ i: Int, label: UInt8) {
        let t = doc.infos[i]
        guard t.isCapitalized else { return }
        history.set(t.lower, label == 0 ? 4 : UInt8(EntityLabel.type(label)))
    }
}
