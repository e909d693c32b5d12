import CEntitiesModel

/// A trained entity tagger: feature keys mapped to rows of per-label weights.
/// Immutable and `Sendable`; tagging is pure and thread-safe.
public final class EntityModel: Sendable {
    let table: FeatureTable
    /// `EntityLabel.count` weights per row.
    let weights: [Float]
    /// Names seen as entities in training.
    let gazetteer: Gazetteer
    /// Word classes from unlabelled text.
    let clusters: WordClusters
    /// The first stage, whose labels this model reads (nil: this is a first stage).
    let first: EntityModel?

    /// How many feature rows the model has.
    public var featureCount: Int { table.count }

    /// Keeps the rows of `table` whose largest weight magnitude reaches `pruneBelow`.
    init(table: FeatureTable, weights: [Float], gazetteer: Gazetteer, clusters: WordClusters, first: EntityModel? = nil, pruneBelow: Float = 0) {
        self.gazetteer = gazetteer
        self.clusters = clusters
        self.first = first
        let L = EntityLabel.count
        var kept: [(key: UInt64, row: Int32)] = []
        var compact: [Float] = []
        for (key, row) in table.entries.sorted(by: { $0.row < $1.row }) {
            let base = Int(row) * L
            guard base + L <= weights.count else { continue }
            var largest: Float = 0
            for l in 0..<L { largest = max(largest, abs(weights[base + l])) }
            guard largest > pruneBelow else { continue }
            kept.append((key, Int32(kept.count)))
            compact.append(contentsOf: weights[base..<(base + L)])
        }
        self.table = FeatureTable(pairs: kept)
        self.weights = compact
    }

    /// The labels of every token of a document (sentences of words).
    func labels(_ doc: PreparedDocument) -> [UInt8] {
        let L = EntityLabel.count
        var out = [UInt8](repeating: 0, count: doc.infos.count)
        var state = DecoderState()
        var scores = [Float](repeating: 0, count: L)
        weights.withUnsafeBufferPointer { w in
            for range in doc.sentences {
                var p1: UInt8 = 0, p2: UInt8 = 0
                for i in range {
                    state.fill(doc, i, previous: p1, previous2: p2)
                    for l in 0..<L { scores[l] = 0 }
                    for k in 0..<DecoderState.keyCount {
                        let r = table.row(state.keys[k])
                        if r < 0 { continue }
                        let base = Int(r) * L
                        for l in 0..<L { scores[l] += w[base + l] }
                    }
                    var best: UInt8 = 0
                    var bestScore = -Float.infinity
                    for l in 0..<L where EntityLabel.allowed(after: p1, UInt8(l)) && scores[l] > bestScore {
                        bestScore = scores[l]
                        best = UInt8(l)
                    }
                    out[i] = best
                    state.remember(doc, i, label: best)
                    p2 = p1
                    p1 = best
                }
            }
        }
        return out
    }

    /// The entity spans of each sentence of a document.
    public func spans(_ sentences: [[String]]) -> [[EntitySpan]] {
        var doc = PreparedDocument(sentences: sentences, gazetteer: gazetteer, clusters: clusters)
        if let first { doc.aggregate(first.labels(doc)) }
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
