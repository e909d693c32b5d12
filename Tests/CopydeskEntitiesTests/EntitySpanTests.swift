import Testing
@testable import CopydeskEntities

@Suite("Entity spans and conlleval scoring")
struct EntitySpanTests {
    @Test("IOB1 spans start at B-, at I- after O, and at a change of type", arguments: [
        (["I-PER", "I-PER", "O", "I-LOC"], [EntitySpan(type: "PER", start: 0, end: 2), EntitySpan(type: "LOC", start: 3, end: 4)]),
        (["I-ORG", "B-ORG", "I-ORG"], [EntitySpan(type: "ORG", start: 0, end: 1), EntitySpan(type: "ORG", start: 1, end: 3)]),
        (["I-ORG", "I-LOC"], [EntitySpan(type: "ORG", start: 0, end: 1), EntitySpan(type: "LOC", start: 1, end: 2)]),
        (["B-MISC", "I-MISC", "O"], [EntitySpan(type: "MISC", start: 0, end: 2)]),
        (["O", "O"], []),
    ])
    func spans(tags: [String], expected: [EntitySpan]) {
        #expect(EntitySpan.spans(ofIOB: tags) == expected)
    }

    @Test("BILOU labels round-trip to the same spans")
    func bilou() {
        let tags = ["I-PER", "I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-LOC", "O", "I-MISC"]
        let labels = EntityLabel.labels(fromIOB: tags)
        #expect(labels.map(EntityLabel.name) == ["B-PER", "I-PER", "L-PER", "O", "U-LOC", "B-LOC", "L-LOC", "O", "U-MISC"])
        #expect(EntityLabel.spans(labels) == EntitySpan.spans(ofIOB: tags))
    }

    @Test("an open entity may only go on with I or L of its own type")
    func constraints() {
        let bPer = EntityLabel.label(type: 0, part: .begin)
        #expect(EntityLabel.allowed(after: bPer, EntityLabel.label(type: 0, part: .last)))
        #expect(!EntityLabel.allowed(after: bPer, EntityLabel.outside))
        #expect(!EntityLabel.allowed(after: bPer, EntityLabel.label(type: 1, part: .inside)))
        #expect(!EntityLabel.allowed(after: EntityLabel.outside, EntityLabel.label(type: 2, part: .inside)))
    }

    @Test("a prediction counts only with the right type and both boundaries")
    func score() {
        var score = EntityScore()
        score.add(gold: ["I-PER", "I-PER", "O", "I-ORG", "I-ORG"], predicted: ["B-PER", "I-PER", "O", "B-ORG", "O"])
        #expect(score.overall.gold == 2)
        #expect(score.overall.predicted == 2)
        #expect(score.overall.correct == 1)
        #expect(abs(score.overall.f1 - 50) < 1e-9)
        #expect(score.byType["ORG"]?.correct == 0)
    }
}
