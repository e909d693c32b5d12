/// Entity-level precision, recall and F1 as conlleval computes them: a
/// predicted entity counts only when its type and both boundaries match.
public struct EntityScore: Sendable, CustomStringConvertible {
    /// Counts for one type (or all).
    public struct Counts: Sendable {
        /// Entities in the gold tags.
        public var gold = 0
        /// Entities predicted.
        public var predicted = 0
        /// Predicted entities that match a gold one exactly.
        public var correct = 0

        /// correct / predicted.
        public var precision: Double { predicted == 0 ? 0 : Double(correct) / Double(predicted) }
        /// correct / gold.
        public var recall: Double { gold == 0 ? 0 : Double(correct) / Double(gold) }
        /// Harmonic mean of precision and recall, in percent as conlleval prints it.
        public var f1: Double {
            let p = precision, r = recall
            return p + r == 0 ? 0 : 100 * 2 * p * r / (p + r)
        }
    }

    /// All types together.
    public var overall = Counts()
    /// Per entity type.
    public var byType: [String: Counts] = [:]
    /// Tokens scored.
    public var tokens = 0
    /// Tokens whose tag type (ignoring B/I) matches.
    public var tokensCorrect = 0

    /// An empty score.
    public init() {}

    /// Adds one sentence's gold and predicted tags (IOB1 or IOB2).
    public mutating func add(gold: [String], predicted: [String]) {
        precondition(gold.count == predicted.count, "tag sequences differ in length")
        let g = EntitySpan.spans(ofIOB: gold), p = EntitySpan.spans(ofIOB: predicted)
        let goldSet = Set(g)
        overall.gold += g.count
        overall.predicted += p.count
        for span in g { byType[span.type, default: Counts()].gold += 1 }
        for span in p {
            byType[span.type, default: Counts()].predicted += 1
            if goldSet.contains(span) {
                overall.correct += 1
                byType[span.type, default: Counts()].correct += 1
            }
        }
        tokens += gold.count
        for (a, b) in zip(gold, predicted) where a.dropFirst(2) == b.dropFirst(2) { tokensCorrect += 1 }
    }

    /// A conlleval-like summary.
    public var description: String {
        func line(_ name: String, _ c: Counts) -> String {
            "\(name.padding(6)) precision \(fmt(100 * c.precision))  recall \(fmt(100 * c.recall))  F1 \(fmt(c.f1))  (\(c.correct)/\(c.predicted) predicted, \(c.gold) gold)"
        }
        var out = line("all", overall)
        for type in byType.keys.sorted() { out += "\n" + line(type, byType[type]!) }
        return out
    }

    private func fmt(_ v: Double) -> String {
        let scaled = (v * 100).rounded() / 100
        var s = String(scaled)
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: dot, to: s.endIndex) - 1
            if decimals < 2 { s += String(repeating: "0", count: 2 - decimals) }
        }
        return s
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
