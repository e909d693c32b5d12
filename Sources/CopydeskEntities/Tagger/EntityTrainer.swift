/// Trains the tagger: an averaged structured perceptron over ``PreparedDocument``
/// features, decoded greedily left to right with BILOU constraints.
///
/// Training is deterministic: documents are visited in an order drawn from
/// `seed`, so the same data and options give the same model, byte for byte.
public struct EntityTrainer: Sendable {
    /// Training settings.
    public struct Options: Sendable {
        /// Passes over the training data.
        public var epochs = 10
        /// Seed of the document order.
        public var seed: UInt64 = 2003
        /// Features whose largest averaged weight (relative to `O`'s) is at most
        /// this are dropped from the model: at 1, a third of them, with the same
        /// dev score (measured), and a smaller model.
        public var pruneBelow: Float = 1.0
        /// Folds for the jackknifed training gazetteer.
        public var folds = 10
        /// Word classes learned from the training words and the unlabelled text (0: none).
        public var clusters = 512

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

    /// Trains on `training`; after each epoch of the final stage, scores the
    /// averaged model on `development` (when given) and reports through `progress`.
    public func train(
        _ training: [Example], development: [Example] = [], unlabeled: [[String]] = [],
        progress: (String) -> Void = { _ in }
    ) -> EntityModel {
        var text: [[UInt64]] = unlabeled.map { $0.map { TokenInfo($0).word } }
        for example in training { for s in example.words { text.append(s.map { TokenInfo($0).word }) } }
        let clusters = options.clusters > 0
            ? WordClusters.learn(text, count: options.clusters, progress: progress) : WordClusters(classes: U64Map(empty: 0))
        // Jackknifed gazetteers: fold f's documents match names from the other folds.
        let folds = max(1, options.folds)
        var foldGazetteers = [Gazetteer](repeating: Gazetteer(), count: folds)
        var full = Gazetteer()
        for (d, example) in training.enumerated() {
            full.add(words: example.words, tags: example.tags)
            for f in 0..<folds where f != d % folds { foldGazetteers[f].add(words: example.words, tags: example.tags) }
        }
        let docs = training.enumerated().map { d, example in
            PreparedDocument(sentences: example.words, gazetteer: folds > 1 ? foldGazetteers[d % folds] : full, clusters: clusters)
        }
        let gold = training.map { $0.tags.flatMap { EntityLabel.labels(fromIOB: $0) } }

        return perceptron(docs, gold, gazetteer: full, clusters: clusters, development: development, progress)
    }

    private func perceptron(
        _ docs: [PreparedDocument], _ gold: [[UInt8]], gazetteer: Gazetteer, clusters: WordClusters,
        development: [Example], _ progress: (String) -> Void
    ) -> EntityModel {
        let L = EntityLabel.count
        // Feature key → row of `w`, rows numbered in the order features first need an update.
        var table = U64Map<Int32>(capacity: 1 << 18, empty: -1)
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
        func averaged() -> EntityModel {
            var weights = w
            for k in weights.indices {
                weights[k] = Float((acc[k] + Double(clock - last[k]) * Double(w[k])) / Double(clock))
            }
            return EntityModel(table: table, weights: weights, gazetteer: gazetteer, clusters: clusters, pruneBelow: options.pruneBelow)
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
                    var p1: UInt8 = 0
                    for i in range {
                        state.fill(doc, i, previous: p1)
                        for k in 0..<DecoderState.keyCount { rows[k] = table[state.keys[k]] ?? -1 }
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
                                if state.keys[k] == 0 { continue }
                                if r < 0 {
                                    r = table[state.keys[k]] ?? Int32(table.count)
                                    table.set(state.keys[k], r)
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
                        p1 = truth
                    }
                }
            }
            if !development.isEmpty || epoch == options.epochs {
                var line = "epoch \(epoch): \(mistakes) mistakes in \(tokens) tokens, \(table.count) features"
                if !development.isEmpty { line += ", dev F1 \(averaged().score(development).overall.f1)" }
                progress(line)
            }
        }
        return averaged()
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
