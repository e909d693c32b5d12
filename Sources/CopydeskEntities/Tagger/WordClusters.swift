#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Word classes learned from unlabelled text with the exchange algorithm
/// (Kneser & Ney 1993; Martin, Liermann & Ney 1998): words are moved between
/// `count` classes while the class-bigram likelihood of the text improves.
/// Words that occur in similar contexts ("Tuesday"/"Friday", "Moscow"/"Bonn")
/// share a class, which lets the tagger generalise to words it never saw labelled.
struct WordClusters: Sendable {
    /// Word hash (``TokenInfo/word``) → class number.
    private(set) var classes: U64Map<UInt16>

    init(classes: U64Map<UInt16>) {
        self.classes = classes
    }

    /// The class of a token: as written, else (for capitalised forms such as a
    /// headline's `JAPAN`) the title-case and lower-case forms.
    @inline(__always)
    func lookup(_ info: TokenInfo) -> UInt16? {
        if let c = classes[info.word] { return c }
        if let c = classes[info.title] { return c }
        return classes[info.lower]
    }

    /// Learns `count` classes from `sentences` (word hashes as written), keeping
    /// words seen at least `minimumCount` times; others share no class.
    static func learn(_ sentences: [[UInt64]], count: Int, minimumCount: Int = 3, iterations: Int = 8, progress: (String) -> Void = { _ in }) -> WordClusters {
        var frequency: [UInt64: Int] = [:]
        for s in sentences { for w in s { frequency[w, default: 0] += 1 } }
        let vocabulary = frequency.filter { $0.value >= minimumCount }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var index: [UInt64: Int32] = [:]
        for (i, entry) in vocabulary.enumerated() { index[entry.key] = Int32(i) }
        let V = vocabulary.count, C = count + 1  // the last class holds rare words and sentence edges
        let rare = Int32(V)
        // Bigrams over word indices (rare and boundaries → V).
        var bigrams: [UInt64: Int32] = [:]
        for s in sentences {
            var previous = rare
            for w in s {
                let current = index[w] ?? rare
                bigrams[UInt64(UInt32(bitPattern: previous)) << 32 | UInt64(UInt32(bitPattern: current)), default: 0] += 1
                previous = current
            }
            bigrams[UInt64(UInt32(bitPattern: previous)) << 32 | UInt64(UInt32(bitPattern: rare)), default: 0] += 1
        }
        var right = [[(Int32, Int32)]](repeating: [], count: V + 1)
        var left = [[(Int32, Int32)]](repeating: [], count: V + 1)
        var unigram = [Int](repeating: 0, count: V + 1)
        for (key, n) in bigrams {
            let a = Int32(truncatingIfNeeded: key >> 32), b = Int32(truncatingIfNeeded: key & 0xffff_ffff)
            right[Int(a)].append((b, n))
            left[Int(b)].append((a, n))
            unigram[Int(a)] += Int(n)
        }
        // Frequent words start in their own classes, the rest fill round-robin.
        var cls = [Int](repeating: 0, count: V + 1)
        for w in 0..<V { cls[w] = w % count }
        cls[V] = count
        var M = [Double](repeating: 0, count: C * C)
        var NL = [Double](repeating: 0, count: C), NR = [Double](repeating: 0, count: C)
        for (key, n) in bigrams {
            let a = cls[Int(key >> 32)], b = cls[Int(key & 0xffff_ffff)]
            M[a * C + b] += Double(n)
            NL[a] += Double(n)
            NR[b] += Double(n)
        }
        @inline(__always) func f(_ x: Double) -> Double { x > 0 ? x * log(x) : 0 }
        var rightCounts = [Double](repeating: 0, count: C), leftCounts = [Double](repeating: 0, count: C)
        var touchedRight: [Int] = [], touchedLeft: [Int] = []
        for iteration in 1...iterations {
            var moved = 0
            for w in 0..<V {
                let n = Double(unigram[w])
                guard n > 0 else { continue }
                touchedRight.removeAll(keepingCapacity: true)
                touchedLeft.removeAll(keepingCapacity: true)
                var selfLoops = 0.0
                for (v, k) in right[w] {
                    if Int(v) == w { selfLoops += Double(k); continue }
                    let c = cls[Int(v)]
                    if rightCounts[c] == 0 { touchedRight.append(c) }
                    rightCounts[c] += Double(k)
                }
                for (v, k) in left[w] where Int(v) != w {
                    let c = cls[Int(v)]
                    if leftCounts[c] == 0 { touchedLeft.append(c) }
                    leftCounts[c] += Double(k)
                }
                // Take w out of its class.
                let old = cls[w]
                for c in touchedRight { M[old * C + c] -= rightCounts[c] }
                for c in touchedLeft { M[c * C + old] -= leftCounts[c] }
                M[old * C + old] -= selfLoops
                NL[old] -= n
                NR[old] -= n
                var best = old, bestGain = -Double.infinity
                for b in 0..<count {
                    var gain = 0.0
                    for c in touchedRight {
                        let m = M[b * C + c]
                        gain += f(m + rightCounts[c]) - f(m)
                    }
                    for c in touchedLeft {
                        let m = M[c * C + b]
                        gain += f(m + leftCounts[c]) - f(m)
                    }
                    if selfLoops > 0 {
                        let m = M[b * C + b]
                        gain += f(m + selfLoops + rightCounts[b] + leftCounts[b]) - f(m + rightCounts[b] + leftCounts[b])
                    }
                    gain -= f(NL[b] + n) - f(NL[b]) + f(NR[b] + n) - f(NR[b])
                    if gain > bestGain + 1e-9 {
                        bestGain = gain
                        best = b
                    }
                }
                if best != old { moved += 1 }
                cls[w] = best
                for c in touchedRight { M[best * C + c] += rightCounts[c] }
                for c in touchedLeft { M[c * C + best] += leftCounts[c] }
                M[best * C + best] += selfLoops
                NL[best] += n
                NR[best] += n
                for c in touchedRight { rightCounts[c] = 0 }
                for c in touchedLeft { leftCounts[c] = 0 }
            }
            progress("clusters: iteration \(iteration), \(moved) of \(V) words moved")
            if moved == 0 { break }
        }
        var classes = U64Map<UInt16>(capacity: vocabulary.count, empty: 0)
        for (i, entry) in vocabulary.enumerated() { classes.set(entry.key, UInt16(cls[i])) }
        return WordClusters(classes: classes)
    }
}
