import CEntitiesModel
import CTaggerKernel

/// A trained entity tagger. Immutable and `Sendable`; tagging is pure and thread-safe.
///
/// Storage is laid out for the decoder's hot loop (``copydesk_tagger_table``,
/// looked up in C): buckets of four lanes holding the key's upper 32 bits and
/// its row, over compact rows of 16 weights quantised to Int16 (32 bytes; row
/// 0 is all zero, the row of every unknown feature, so look-ups need no
/// branch). There are 17 labels, but only label differences matter to the
/// decoder's argmax, so `O`'s weights are subtracted from every label's when
/// the model is built: `O` always scores 0 and the other 16 fit a SIMD vector.
/// The quantised rows are what the model file stores, so a model read back
/// tags exactly as the one that was written.
public final class EntityModel: Sendable {
    /// Bucket lanes: the key's upper 32 bits (a 0 fingerprint is stored as 1)
    /// over its row number; 0 = empty. Four lanes, 32 bytes, per bucket.
    let lanes: [UInt64]
    /// Row → quantised weights of labels 1…16 minus label 0's; row 0 is zero.
    let rows: [SIMD16<Int16>]
    /// Row r + 1 → its feature key (for writing the model).
    let rowKeys: [UInt64]
    let bucketMask: Int
    /// Names seen as entities in training.
    let gazetteer: Gazetteer
    /// Word classes from unlabelled text.
    let clusters: WordClusters
    /// Caches of summed rows per word for tagging (``WordRowCache``).
    let wordRows = WordRowCache.Pool()
    /// How many features the model has.
    public var featureCount: Int { rowKeys.count }

    /// A model from features and their 16 quantised relative weights (`O` = 0).
    init(quantized features: [(key: UInt64, weights: SIMD16<Int16>)], gazetteer: Gazetteer, clusters: WordClusters) {
        // Buckets of four lanes, at most half full on average.
        var buckets = 4
        while buckets * 2 < features.count { buckets <<= 1 }
        var lanes = [UInt64](repeating: 0, count: buckets * 4)
        let bucketMask = buckets - 1
        var rows: [SIMD16<Int16>] = [.zero]
        rows.reserveCapacity(features.count + 1)
        for f in features {
            let fingerprint = UInt32(truncatingIfNeeded: f.key >> 32) == 0 ? 1 : UInt32(truncatingIfNeeded: f.key >> 32)
            var b = Int(truncatingIfNeeded: f.key) & bucketMask
            while lanes[b * 4 + 3] != 0 { b = (b + 1) & bucketMask }
            var lane = b * 4
            while lanes[lane] != 0 { lane += 1 }
            lanes[lane] = UInt64(fingerprint) << 32 | UInt64(rows.count)
            rows.append(f.weights)
        }
        self.lanes = lanes
        self.rows = rows
        rowKeys = features.map(\.key)
        self.bucketMask = bucketMask
        self.gazetteer = gazetteer
        self.clusters = clusters
    }

    /// A model from features and their 16 relative weights, quantised to Int16
    /// on one scale (the largest weight becomes 32767).
    convenience init(features: [(key: UInt64, weights: SIMD16<Float>)], gazetteer: Gazetteer, clusters: WordClusters) {
        var largest: Float = 1e-6
        for f in features { largest = max(largest, f.weights.max(), -f.weights.min()) }
        let scale = 32767 / largest
        let quantized = features.map { f -> (key: UInt64, weights: SIMD16<Int16>) in
            var q = SIMD16<Int16>.zero
            for l in 0..<16 { q[l] = Int16((f.weights[l] * scale).rounded()) }
            return (f.key, q)
        }
        self.init(quantized: quantized, gazetteer: gazetteer, clusters: clusters)
    }

    /// A model from a trainer's table and 17-label rows, keeping rows whose
    /// largest relative weight exceeds `pruneBelow`.
    convenience init(table: U64Map<Int32>, weights: [Float], gazetteer: Gazetteer, clusters: WordClusters, pruneBelow: Float = 0) {
        let L = EntityLabel.count
        var features: [(key: UInt64, weights: SIMD16<Float>)] = []
        for (key, row) in table.entries.sorted(by: { $0.value < $1.value }) {
            let base = Int(row) * L
            guard base + L <= weights.count else { continue }
            var w = SIMD16<Float>.zero
            for l in 1..<L { w[l - 1] = weights[base + l] - weights[base] }
            guard w.max() > pruneBelow || -w.min() > pruneBelow else { continue }
            features.append((key, w))
        }
        self.init(features: features, gazetteer: gazetteer, clusters: clusters)
    }

    /// The features in a stable order (by key), for writing.
    var sortedFeatures: [(key: UInt64, weights: SIMD16<Int16>)] {
        rowKeys.enumerated().map { ($0.element, rows[$0.offset + 1]) }.sorted { $0.key < $1.key }
    }

    /// For each previous label, a bit per label that may follow it.
    static let allowedAfter: [UInt32] = (0..<UInt8(EntityLabel.count)).map { previous in
        var mask: UInt32 = 0
        for l in 0..<UInt8(EntityLabel.count) where EntityLabel.allowed(after: previous, l) { mask |= 1 << l }
        return mask
    }

    /// The labels of every token of a document. `cache`: add each word's own
    /// and neighbour rows from one of the model's ``WordRowCache``s (the same labels,
    /// fewer look-ups); false looks up every key (for a document with all its slots).
    func labels(_ doc: PreparedDocument, cache: Bool = true) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: doc.infos.count)
        var state = DecoderState()
        let staticCount = PreparedDocument.staticCount
        var dynamic = [UInt64](repeating: 0, count: DecoderState.dynamicCount)
        lanes.withUnsafeBufferPointer { lanes in
            rows.withUnsafeBytes { rowBytes in
                let table = copydesk_tagger_table(
                    lanes: lanes.baseAddress, bucket_mask: UInt64(bucketMask),
                    rows: rowBytes.baseAddress!.assumingMemoryBound(to: Int16.self))
                doc.keys.withUnsafeBufferPointer { keys in
                    // The static features' scores for every token first (the
                    // look-ups overlap), then the greedy pass adds the few that
                    // depend on the labels chosen so far.
                    var statics = [SIMD16<Int32>](repeating: .zero, count: doc.infos.count)
                    var scratch = [UInt32](repeating: 0, count: doc.infos.count * staticCount)
                    var base: [SIMD16<Int32>] = []
                    var first = 0
                    if cache || !doc.hasAllSlots {
                        base = [SIMD16<Int32>](repeating: .zero, count: doc.infos.count)
                        wordRows.withCache { $0.baseRows(doc, table: table, into: &base) }
                        first = PreparedDocument.contextStart
                    }
                    statics.withUnsafeMutableBytes { out in
                        scratch.withUnsafeMutableBufferPointer { scratch in
                            base.withUnsafeBytes { base in
                                copydesk_tagger_static_scores(
                                    keys.baseAddress, doc.infos.count, staticCount, first, table, scratch.baseAddress,
                                    base.isEmpty ? nil : base.baseAddress!.assumingMemoryBound(to: Int32.self),
                                    out.baseAddress!.assumingMemoryBound(to: Int32.self))
                            }
                        }
                    }
                    // The previous label's own template (key 0 of the dynamic
                    // keys) has 17 values: its rows once per document.
                    var afterLabel = [SIMD16<Int32>](repeating: .zero, count: EntityLabel.count)
                    for p in 0..<EntityLabel.count {
                        var key = DecoderState.previousLabelKey(UInt8(p))
                        withUnsafeMutableBytes(of: &afterLabel[p]) { acc in
                            copydesk_tagger_add(&key, 1, table, acc.baseAddress!.assumingMemoryBound(to: Int32.self))
                        }
                    }
                    for range in doc.sentences {
                        var p1: UInt8 = 0
                        for i in range {
                            var scores = statics[i] &+ afterLabel[Int(p1)]
                            state.dynamicKeys(doc, i, previous: p1, into: &dynamic)
                            withUnsafeMutableBytes(of: &scores) { acc in
                                dynamic.withUnsafeBufferPointer { d in
                                    copydesk_tagger_add(d.baseAddress! + 1, d.count - 1, table, acc.baseAddress!.assumingMemoryBound(to: Int32.self))
                                }
                            }
                            let allowed = Self.allowedAfter[Int(p1)]
                            var best: UInt8 = 0
                            var bestScore: Int32 = allowed & 1 != 0 ? 0 : .min
                            for l in 1..<EntityLabel.count where allowed & (1 << l) != 0 && scores[l - 1] > bestScore {
                                bestScore = scores[l - 1]
                                best = UInt8(l)
                            }
                            out[i] = best
                            state.remember(doc, i, label: best)
                            p1 = best
                        }
                    }
                }
            }
        }
        return out
    }

    /// The entity spans of each sentence of a document (sentences of words).
    public func spans(_ sentences: [[String]]) -> [[EntitySpan]] {
        let doc = PreparedDocument(sentences: sentences, gazetteer: gazetteer, clusters: clusters, allSlots: false)
        let labels = labels(doc)
        return doc.sentences.map { EntityLabel.spans(Array(labels[$0])) }
    }

    /// IOB2 tags (`B-PER`, `I-PER`, `O`) for each sentence of a document.
    public func tags(_ sentences: [[String]]) -> [[String]] {
        zip(spans(sentences), sentences).map { EntitySpan.iob2($0, count: $1.count) }
    }

    /// Entity-level scores on documents with gold tags.
    public func score(_ documents: [EntityTrainer.Example]) -> EntityScore {
        var score = EntityScore()
        for doc in documents {
            for (gold, predicted) in zip(doc.tags, tags(doc.words)) { score.add(gold: gold, predicted: predicted) }
        }
        return score
    }
}

extension EntityModel {
    /// The model built into this binary, or nil when the build embedded none.
    public static let embedded: EntityModel? = {
        let size = copydesk_entities_model_size()
        guard size > 0, let start = copydesk_entities_model_bytes() else { return nil }
        return try? EntityModel(serialized: UnsafeRawBufferPointer(start: start, count: size))
    }()
}
