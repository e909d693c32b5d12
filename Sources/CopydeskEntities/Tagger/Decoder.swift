/// Greedy left-to-right decoding shared by training and tagging: static keys
/// plus the keys that depend on the labels already chosen (the previous
/// label, and the label this word got earlier in the document).
struct DecoderState {
    static let dynamicCount = 3
    static let keyCount = PreparedDocument.staticCount + dynamicCount

    /// The type (0…3, 4 for O) last given to each lower-cased word in the document.
    var history = U64Map<UInt8>(capacity: 64, empty: 5)
    var keys = [UInt64](repeating: 0, count: keyCount)

    /// Fills ``keys`` with token `i`'s static and dynamic keys (training).
    mutating func fill(_ doc: PreparedDocument, _ i: Int, previous: UInt8) {
        let base = i * PreparedDocument.staticCount
        for k in 0..<PreparedDocument.staticCount { keys[k] = doc.keys[base + k] }
        var dynamic = [UInt64](repeating: 0, count: Self.dynamicCount)
        dynamicKeys(doc, i, previous: previous, into: &dynamic)
        for k in 0..<Self.dynamicCount { keys[PreparedDocument.staticCount + k] = dynamic[k] }
    }

    /// The keys that depend on the labels chosen so far: the previous label
    /// alone (key 0, which depends on nothing else: the tagger adds its rows
    /// by label) and with this word, and the label this word (lower-cased,
    /// capitalised) got earlier in the document, with its short shape.
    @inline(__always)
    func dynamicKeys(_ doc: PreparedDocument, _ i: Int, previous: UInt8, into keys: inout [UInt64]) {
        let t = doc.infos[i]
        let seen = UInt64(t.isCapitalized ? history[t.lower] ?? 5 : 5)
        keys[0] = Self.previousLabelKey(previous)
        keys[1] = FeatureHash.key(42, UInt64(previous), t.lower)
        keys[2] = FeatureHash.key(44, seen, t.shortShape)
    }

    /// Dynamic key 0: the previous label alone.
    static func previousLabelKey(_ previous: UInt8) -> UInt64 { FeatureHash.key(40, UInt64(previous)) }

    mutating func remember(_ doc: PreparedDocument, _ i: Int, label: UInt8) {
        let t = doc.infos[i]
        guard t.isCapitalized else { return }
        history.set(t.lower, label == 0 ? 4 : UInt8(EntityLabel.type(label)))
    }
}
