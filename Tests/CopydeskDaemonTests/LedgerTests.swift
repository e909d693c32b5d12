import CopydeskCore
import Testing
@testable import CopydeskDaemon

/// The runtime's books, step by step, with no threads.
@Suite("the ledger of deliveries and their articles")
struct LedgerTests {
    static let file = Delivery(key: "/drop/batch.jsonl", origin: "/drop", pipeline: "news")

    static func item(line: Int?, status: DedupStatus? = .unique) -> ItemSummary {
        var item = PipelineItem(raw: Array("x".utf8), source: ItemSource(path: file.key, drop: "/drop", bytes: 1, line: line), rawHash: "ab")
        var article = Article(id: String(repeating: "a", count: 64))
        article.copydesk.dedup = status.map { .init(status: $0) }
        item.article = article
        return ItemSummary(item)
    }

    static let bad = StageError(.badJSON, stage: "parse", "not JSON")

    @Test("a delivery is finished by its last article, not before")
    func finishedByLast() {
        var l = Ledger()
        #expect(!l.opened(Self.file, bytes: 30, items: 3, fresh: 3, pipelineLoaded: true, pickedAt: 0).finished)
        #expect(!l.appended(Self.file.key, Self.item(line: 1), rawLength: 10, stored: 5, offset: 0, now: 1000).finished)
        #expect(!l.failed(Self.file.key, Self.item(line: 2), Self.bad).finished)
        #expect(l.appended(Self.file.key, Self.item(line: 3), rawLength: 10, stored: 5, offset: 1, now: 2000).finished)
        #expect(l.counters.received == 3 && l.counters.appended == 2 && l.counters.quarantined == 1)
        #expect(l.articlesInFlight == 0)
    }

    @Test("a JSON Lines file with a failed line is done, the line reported beside it")
    func doneWithFailedLine() throws {
        var l = Ledger()
        _ = l.opened(Self.file, bytes: 20, items: 2, fresh: 2, pipelineLoaded: true, pickedAt: 0)
        _ = l.appended(Self.file.key, Self.item(line: 1), rawLength: 10, stored: 5, offset: 0, now: 0)
        _ = l.failed(Self.file.key, Self.item(line: 2), Self.bad)
        let (_, settlement) = try #require(l.settlement(of: Self.file.key))
        guard case .done(let lines) = settlement else { Issue.record("expected done, got \(settlement)"); return }
        #expect(lines.map(\.line) == [2])
        #expect(lines.first?.error.line == 2)
        #expect(l.acknowledged(Self.file.key, settlement) == 20)
        #expect(l.files.isEmpty && l.counters.filesDone == 1)
    }

    @Test("a file whose every line failed is quarantined whole")
    func allLinesFailed() throws {
        var l = Ledger()
        _ = l.opened(Self.file, bytes: 20, items: 2, fresh: 2, pipelineLoaded: true, pickedAt: 0)
        _ = l.failed(Self.file.key, Self.item(line: 1), Self.bad)
        _ = l.failed(Self.file.key, Self.item(line: 2), Self.bad)
        let (_, settlement) = try #require(l.settlement(of: Self.file.key))
        guard case .quarantined(let error, let lines) = settlement else { Issue.record("expected quarantine"); return }
        #expect(error.code.description == "all_lines_failed")
        #expect(lines.count == 2)
    }

    @Test("a redelivered file is finished at once and counted as a duplicate")
    func redelivered() {
        var l = Ledger()
        #expect(l.opened(Self.file, bytes: 5, items: 1, fresh: 0, pipelineLoaded: true, pickedAt: 0).finished)
        #expect(l.counters.duplicates == 1)
    }

    @Test("an empty file and a file for a pipeline not loaded are quarantined with their reasons")
    func fileErrors() throws {
        var l = Ledger()
        _ = l.opened(Self.file, bytes: 0, items: 0, fresh: 0, pipelineLoaded: true, pickedAt: 0)
        guard case .quarantined(let empty, _)? = l.settlement(of: Self.file.key)?.1 else { Issue.record("expected quarantine"); return }
        #expect(empty.code == .empty)
        var m = Ledger()
        _ = m.opened(Self.file, bytes: 5, items: 1, fresh: 1, pipelineLoaded: false, pickedAt: 0)
        guard case .quarantined(let missing, _)? = m.settlement(of: Self.file.key)?.1 else { Issue.record("expected quarantine"); return }
        #expect(missing.code == .badConfig)
    }

    @Test("a refused file counts as a quarantined article only once it is out of the drop")
    func refusedCountsOnAcknowledge() throws {
        var l = Ledger()
        let step = l.refused(Self.file, StageError(StageError.Code(rawValue: "symlink"), stage: "intake", "a link"), pickedAt: 0)
        #expect(step.finished)
        #expect(step.events.map(\.type) == ["quarantined"])
        #expect(l.counters.quarantined == 0)
        let (_, settlement) = try #require(l.settlement(of: Self.file.key))
        _ = l.acknowledged(Self.file.key, settlement)
        #expect(l.counters.quarantined == 1 && l.counters.filesQuarantined == 1)
        #expect(l.counters.quarantineByCode["symlink"] == 1)
    }

    @Test("copies are counted by kind, marked ones with an event beside the append", arguments: [DedupStatus.duplicate, .nearDuplicate])
    func markedCopies(status: DedupStatus) {
        var l = Ledger()
        _ = l.opened(Self.file, bytes: 5, items: 1, fresh: 1, pipelineLoaded: true, pickedAt: 0)
        let step = l.appended(Self.file.key, Self.item(line: nil, status: status), rawLength: 1, stored: 1, offset: 0, now: 0)
        #expect(step.events.map(\.type) == ["appended", status.rawValue])
        #expect(step.events.last?.action == "mark")
        #expect(status == .duplicate ? l.counters.duplicates == 1 : l.counters.nearDuplicates == 1)
    }

    @Test("dropped copies are counted by their reason", arguments: DropReason.allCases)
    func droppedCopies(reason: DropReason) {
        var l = Ledger()
        _ = l.opened(Self.file, bytes: 5, items: 1, fresh: 1, pipelineLoaded: true, pickedAt: 0)
        let step = l.dropped(Self.file.key, Self.item(line: nil), reason)
        #expect(step.finished)
        #expect(step.events.map(\.type) == [reason.rawValue])
        #expect(step.events.first?.action == "drop")
        #expect(reason == .duplicate ? l.counters.duplicates == 1 : l.counters.nearDuplicates == 1)
    }
}
