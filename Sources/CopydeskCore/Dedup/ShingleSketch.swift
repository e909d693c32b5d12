/// A bottom-k sketch of a text's word shingles: the `k` smallest 32-bit hashes
/// of its overlapping `w`-word sequences.
///
/// Words are runs of letters and digits, lower-cased; apostrophes inside a
/// word are dropped ("don't" = "dont"), everything else separates words. The
/// hash of a shingle depends on its words and their order only.
///
/// Why bottom-k and not k independent MinHash permutations: both estimate
/// Jaccard similarity, but a bottom-k sketch is an exact sample of the set
/// below a threshold, so it also estimates *containment* — how much of a short
/// copy lies inside a long original — which a truncated copy needs (cut to
/// half, its Jaccard falls to ~0.4–0.5 while its containment stays ~1.0). It
/// costs one hash per shingle instead of k.
public struct ShingleSketch: Sendable, Hashable {
    /// The smallest shingle hashes, ascending and distinct; at most `size` of them.
    /// Fewer than `size` means the text has fewer distinct shingles: the sketch is then the whole set.
    public private(set) var hashes: [UInt32]
    /// The sketch size `k` it was made with.
    public let size: Int
    /// How many shingles the text has (with repeats).
    public let shingles: Int
    /// Every shingle hash of the text — after ``sortAll()`` distinct and
    /// ascending: kept for the article being looked up (so it is compared
    /// with its whole text), never stored.
    public private(set) var all: [UInt32]
    private var allSorted: Bool

    /// Makes the sketch of `text`.
    ///
    /// - Parameters:
    ///   - shingleWords: words per shingle (`w`); a text shorter than that is one shingle.
    ///   - size: the sketch size `k`.
    public init(text: String, shingleWords: Int = 5, size: Int = 32) {
        precondition(shingleWords >= 1 && shingleWords <= 16 && size >= 1)
        self.size = size
        var best: [UInt32] = []
        best.reserveCapacity(size + 1)
        var all: [UInt32] = []
        all.reserveCapacity(text.utf8.count / 5)
        // A rolling polynomial hash of the last `w` word hashes:
        // H = Σ word[i-j]·P^j, updated in O(1) per word.
        let p: UInt64 = 0x9E37_79B9_7F4A_7C15
        var pw: UInt64 = 1  // P^(w-1)
        for _ in 1..<max(1, shingleWords) { pw &*= p }
        var ring = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0),
                    UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var rolling: UInt64 = 0
        var words = 0
        var text = text
        withUnsafeMutableBytes(of: &ring) { raw in
            let ring = raw.bindMemory(to: UInt64.self)
            text.withUTF8 { bytes in
                Self.words(in: bytes) { word in
                    let slot = words % shingleWords
                    if words >= shingleWords { rolling &-= ring[slot] &* pw }
                    rolling = rolling &* p &+ word
                    ring[slot] = word
                    words += 1
                    if words >= shingleWords {
                        let h = Self.finish(rolling)
                        all.append(h)
                        if best.count < size || h < best[size - 1] { Self.offer(h, to: &best, size: size) }
                    }
                }
            }
        }
        if words > 0 && words < shingleWords {
            // A very short text: one shingle of all its words.
            all.append(Self.finish(rolling))
            Self.offer(Self.finish(rolling), to: &best, size: size)
        }
        hashes = best
        shingles = all.count
        self.all = all
        allSorted = false
    }

    /// Sorts ``all`` and removes repeats (before comparing; skipped when no candidate needs it).
    public mutating func sortAll() {
        guard !allSorted else { return }
        Self.sortDistinct(&all)
        allSorted = true
    }

    /// Sorts `hashes` ascending and removes repeats.
    static func sortDistinct(_ hashes: inout [UInt32]) {
        hashes.sort()
        var w = 0
        for i in hashes.indices where w == 0 || hashes[w - 1] != hashes[i] {
            hashes[w] = hashes[i]
            w += 1
        }
        hashes.removeLast(hashes.count - w)
    }

    /// A sketch from stored parts (snapshots).
    public init(hashes: [UInt32], size: Int, shingles: Int) {
        self.hashes = hashes
        self.size = size
        self.shingles = shingles
        all = hashes
        allSorted = true
    }

    /// Whether the sketch holds every shingle of its text (fewer than `size` distinct ones).
    public var isComplete: Bool { hashes.count < size }

    // MARK: - Words and hashes

    /// Calls `body` with the 64-bit hash of every word of `bytes`, in order.
    @inline(__always)
    static func words(in bytes: UnsafeBufferPointer<UInt8>, _ body: (UInt64) -> Void) {
        let basis: UInt64 = 0xCBF2_9CE4_8422_2325, prime: UInt64 = 0x100_0000_01B3
        var h = basis
        var inWord = false
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                let lower = b | 0x20
                if (lower >= 0x61 && lower <= 0x7A) || (b >= 0x30 && b <= 0x39) {
                    // A letter (hashed lower-cased) or a digit.
                    h = (h ^ UInt64(b >= 0x41 ? lower : b)) &* prime
                    inWord = true
                } else if b == 0x27 {
                    // An apostrophe: part of no word, separates none.
                } else if inWord {
                    body(h)
                    h = basis
                    inWord = false
                }
                i += 1
                continue
            }
            // Non-ASCII: decode one scalar.
            var scalarValue: UInt32
            var width: Int
            if b & 0xE0 == 0xC0 { scalarValue = UInt32(b & 0x1F); width = 2 }
            else if b & 0xF0 == 0xE0 { scalarValue = UInt32(b & 0x0F); width = 3 }
            else { scalarValue = UInt32(b & 0x07); width = 4 }
            if i + width > n { width = n - i }
            var j = 1
            while j < width { scalarValue = scalarValue << 6 | UInt32(bytes[i + j] & 0x3F); j += 1 }
            i += width
            if scalarValue == 0x2019 || scalarValue == 0x2018 || scalarValue == 0x00AD || scalarValue == 0x02BC { continue }
            guard let scalar = Unicode.Scalar(scalarValue) else { continue }
            let p = scalar.properties
            if p.isAlphabetic || p.numericType != nil {
                if p.changesWhenLowercased {
                    for u in p.lowercaseMapping.utf8 { h = (h ^ UInt64(u)) &* prime }
                } else {
                    for u in UTF8.encode(scalar)! { h = (h ^ UInt64(u)) &* prime }
                }
                inWord = true
            } else if inWord {
                body(h)
                h = basis
                inWord = false
            }
        }
        if inWord { body(h) }
    }

    /// murmur3's 64-bit finaliser; the top 32 bits, never `UInt32.max` (the padding value of stored sketches).
    @inline(__always)
    static func finish(_ x: UInt64) -> UInt32 {
        var h = x
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return min(UInt32(truncatingIfNeeded: h >> 32), UInt32.max - 1)
    }

    /// Keeps `h` if it is among the `size` smallest distinct values seen.
    @inline(__always)
    static func offer(_ h: UInt32, to best: inout [UInt32], size: Int) {
        if best.count == size, h >= best[size - 1] { return }
        var lo = 0, hi = best.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if best[mid] < h { lo = mid + 1 } else { hi = mid }
        }
        if lo < best.count, best[lo] == h { return }
        best.insert(h, at: lo)
        if best.count > size { best.removeLast() }
    }
}

/// How alike two sketched texts are.
public struct SketchSimilarity: Sendable, Hashable {
    /// Estimated Jaccard similarity of the two shingle sets.
    public var jaccard: Double
    /// Estimated containment of the smaller set in the larger (|A∩B| / min(|A|,|B|)).
    public var containment: Double
    /// How many sampled shingles the estimate rests on (the smaller side's sample).
    public var sample: Int

    /// Compares the text being looked up, with all its distinct shingle
    /// hashes (`query`, ascending), to a stored sketch.
    ///
    /// The stored sketch holds every shingle hash of its text up to its
    /// largest value τ (all of them when `complete`), and the query's hashes
    /// up to τ are known exactly, so below τ both sides are exact samples of
    /// their sets and can be intersected: containment and Jaccard are
    /// estimated from `k` + (query hashes ≤ τ) values.
    public static func between(query: UnsafeBufferPointer<UInt32>, stored b: UnsafeBufferPointer<UInt32>, complete: Bool) -> SketchSimilarity {
        guard !query.isEmpty, !b.isEmpty else { return SketchSimilarity(jaccard: 0, containment: 0, sample: 0) }
        let tau = complete ? UInt32.max : b[b.count - 1]
        var i = 0, j = 0, na = 0, both = 0
        while i < query.count, query[i] <= tau {
            let x = query[i]
            while j < b.count, b[j] < x { j += 1 }
            if j < b.count, b[j] == x { both += 1; j += 1 }
            na += 1
            i += 1
        }
        let nb = b.count
        let union = na + nb - both
        let smaller = min(na, nb)
        return SketchSimilarity(
            jaccard: union == 0 ? 0 : Double(both) / Double(union),
            containment: smaller == 0 ? 0 : Double(both) / Double(smaller),
            sample: smaller)
    }

    /// Compares the text of `query` with the stored sketch of another.
    public static func between(query: ShingleSketch, stored: ShingleSketch) -> SketchSimilarity {
        query.all.withUnsafeBufferPointer { pa in
            stored.hashes.withUnsafeBufferPointer { pb in
                between(query: pa, stored: pb, complete: stored.isComplete)
            }
        }
    }
}

