/// Trains the tagger: an averaged structured perceptron over ``PreparedDocument``
/// features, decoded greedily left to right with BILOU constraints.
///
/// Training is deterministic: documents are visited in an order drawn from
/// `seed`, so the same data and options give the same model, byte for byte.
public struct EntityTrainer: Sendable {
    /// Training settings.
    public struct Options: Sendable {
        /// Passes over the training data.
        public var epochs = 12
        /// Seed of the document order.
        public var seed: UInt64 = 2003
        /// Rows whose largest averaged weight is below this are dropped from the model.
        public var pruneBelow: Float = 0.0

        /// The defaults.
        public init() {}
    }

    /// A training or development document: sentences of words and their IOB tags.
    public struct Example: Sendable {
        /// The words of each sentence.
        public var words: [[String]]
        /// The IOB1 or IOB2 tags of each sentence.
        public var tags: [[String]]

        /// Makes an example.
        public init(words: [[String]], tags: [[String]]) {
            self.words = words
            self.tags = tags
        }
    }

    /// The settings.
    public var options: Options

    /// Makes a trainer.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Trains on `training`; after each epoch, scores the averaged model on
    /// `development` (when given) and reports through `progress`.
    public func train(
        _ training: [Example], development: [Example] = [],
        progress: (String) -> Void = { _ in }
    ) -> EntityModel {
        let L = EntityLabel.count
        let docs = training.map { PreparedDocument(sentences: $0.words) }
        let gold = training.map { $0.tags.flatMap { EntityLabel.labels(fromIOB: $0) } }
        var table = FeatureTable(capacity: 1 << 20)
        var w: [Float] = []
        var acc: [Double] = []
        var last: [Int32] = []
        var clock: Int32 = 1
        var order = Array(docs.indices)
        var random = SplitMix(seed: options.seed)
        var scores = [Float](repeating: 0, count: L)
        var rows = [Int32](repeating: -1, count: DecoderState.keyCount)

        func update(_ row: Int, _ label: Int, _ delta: Float) {
            let k = row * L + label
            acc[k] += Double(clock - last[k]) * Double(w[k])
            w[k] += delta
            last[k] = clock
        }

        for epoch in 1...options.epochs {
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(i, Int(random.next() % UInt64(i + 1)))
            }
            var mistakes = 0, tokens = 0
            for d in order {
                let doc = docs[d]
                var state = DecoderState()
                for range in doc.sentences {
                    var p1: UInt8 = 0, p2: UInt8 = 0
                    for i in range {
                        state.fill(doc, i, previous: p1, previous2: p2)
                        for k in 0..<DecoderState.keyCount { rows[k] = table.row(state.keys[k]) }
                        for l in 0..<L { scores[l] = 0 }
                        for r in rows where r >= 0 {
                            let base = Int(r) * L
                            for l in 0..<L { scores[l] += w[base + l] }
                        }
                        var best: UInt8 = 0
                        var bestScore = -Float.infinity
                        for l in 0..<L where EntityLabel.allowed(after: p1, UInt8(l)) && scores[l] > bestScore {
                            bestScore = scores[l]
                            best = UInt8(l)
                        }
                        let truth = gold[d][i]
                        if best != truth {
                            mistakes += 1
                            for k in 0..<DecoderState.keyCount {
                                var r = rows[k]
                                if r < 0 {
                                    r = table.insert(state.keys[k])
                                    if Int(r) * L >= w.count {
                                        w.append(contentsOf: repeatElement(0, count: L))
                                        acc.append(contentsOf: repeatElement(0, count: L))
                                        last.append(contentsOf: repeatElement(clock, count: L))
                                    }
                                }
                                update(Int(r), Int(truth), 1)
                                update(Int(r), Int(best), -1)
                            }
                        }
                        clock += 1
                        tokens += 1
                        state.remember(doc, i, label: best)
                        // Teacher forcing: the next token sees the true labels, so
                        // the BILOU constraints never trap training in a wrong entity.
                        p2 = p1
                        p1 = truth
                    }
                }
            }
            var averaged = w
            for k in averaged.indices {
                let total = acc[k] + Double(clock - last[k]) * Double(w[k])
                averaged[k] = Float(total / Double(clock))
            }
            let model = EntityModel(table: table, weights: averaged, pruneBelow: options.pruneBelow)
            var line = "epoch \(epoch): \(mistakes) mistakes in \(tokens) tokens, \(table.count) features"
            if !development.isEmpty {
                line += ", dev F1 \(model.score(development).overall.f1)"
            }
            progress(line)
            if epoch == options.epochs { return model }
        }
        fatalError("unreachable: epochs ≥ 1")
    }
}

/// A small deterministic random number generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return FeatureHash.mix(state &- 0x9e37_79b9_7f4a_7c15)
    }
}
