import CTaggerKernel
import Synchronization

/// The summed weight rows of recently tagged words, for one model: for each
/// word (its ``TokenInfo/word`` hash), the rows of its own features (the
/// ``PreparedDocument/wordSlots``), of its features as the previous word and
/// as the next word. Common words come back article after article, so most
/// tokens need 5 look-ups in the model instead of 14.
///
/// Sums of integers: tagging with the cache gives exactly the scores, and so
/// the labels, of tagging without it. A model keeps a few caches in a
/// ``WordRowCache/Pool``; a tagging call checks one out and gives it back, so
/// one thread at a time uses a cache and the caches stay warm whichever
/// Dispatch thread tags next. Direct-mapped: a word takes its slot from
/// whatever word held it.
// @unchecked: used by one thread at a time (the pool hands each out once).
final class WordRowCache: @unchecked Sendable {
    /// Entries (a power of two).
    let capacity: Int
    /// Word hash per entry; 0 = empty.
    private var words: [UInt64]
    /// Three rows per entry: the word's own, as previous word, as next word.
    private var rows: [SIMD16<Int32>]

    init(capacity: Int = 16384) {
        self.capacity = capacity
        words = [UInt64](repeating: 0, count: capacity)
        rows = [SIMD16<Int32>](repeating: .zero, count: capacity * 3)
    }

    /// A model's caches: as many as threads have tagged with it at once, up to `keep`.
    final class Pool: Sendable {
        private let idle = Mutex<[WordRowCache]>([])
        private let keep: Int

        init(keep: Int = 8) { self.keep = keep }

        /// Runs `body` with a cache no other thread is using.
        func withCache<R>(_ body: (WordRowCache) -> R) -> R {
            let cache = idle.withLock { $0.popLast() } ?? WordRowCache()
            defer { idle.withLock { if $0.count < keep { $0.append(cache) } } }
            return body(cache)
        }
    }

    /// Fills `base[t]` for every token of `doc` with its word's own row plus the
    /// previous word's "as previous" row and the next word's "as next" row
    /// (at a sentence's edges, the rows of the boundary keys), looking up the
    /// rows of words not in the cache. Reads only `doc`'s infos, classes and
    /// sentences: its slots 0..<20 may be left zero.
    func baseRows(_ doc: PreparedDocument, table: copydesk_tagger_table, into base: inout [SIMD16<Int32>]) {
        let n = doc.infos.count
        func sum(_ keys: SIMD4<UInt64>) -> SIMD16<Int32> {
            var acc = SIMD16<Int32>.zero
            var k = keys
            withUnsafeBytes(of: &k) { k in
                withUnsafeMutableBytes(of: &acc) {
                    copydesk_tagger_add(k.baseAddress!.assumingMemoryBound(to: UInt64.self), 4, table, $0.baseAddress!.assumingMemoryBound(to: Int32.self))
                }
            }
            return acc
        }
        let mask = capacity - 1
        // Each token's "as previous" and "as next" rows, copied out of the cache
        // (a later word of this document may take the slot).
        var asPrevious = [SIMD16<Int32>](repeating: .zero, count: n), asNext = asPrevious
        do {
            for t in 0..<n {
                let word = doc.infos[t].word == 0 ? 1 : doc.infos[t].word
                let slot = Int(truncatingIfNeeded: word ^ (word >> 29)) & mask
                if words[slot] != word {
                    words[slot] = word
                    var own = SIMD16<Int32>.zero
                    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: PreparedDocument.wordSlots.count) { k in
                        PreparedDocument.writeWordKeys(doc.infos[t], doc.classes[t], into: k.baseAddress!)
                        withUnsafeMutableBytes(of: &own) { acc in
                            copydesk_tagger_add(k.baseAddress, k.count, table, acc.baseAddress!.assumingMemoryBound(to: Int32.self))
                        }
                    }
                    rows[slot * 3] = own
                    rows[slot * 3 + 1] = sum(PreparedDocument.previousWordKeys(doc.infos[t], doc.classes[t]))
                    rows[slot * 3 + 2] = sum(PreparedDocument.nextWordKeys(doc.infos[t], doc.classes[t]))
                }
                base[t] = rows[slot * 3]
                asPrevious[t] = rows[slot * 3 + 1]
                asNext[t] = rows[slot * 3 + 2]
            }
        }
        let start = sum(PreparedDocument.previousWordKeys(nil, 0)), end = sum(PreparedDocument.nextWordKeys(nil, 0))
        for range in doc.sentences {
            for t in range {
                base[t] &+= t > range.lowerBound ? asPrevious[t - 1] : start
                base[t] &+= t + 1 < range.upperBound ? asNext[t + 1] : end
            }
        }
    }
}
