import Foundation
import Testing
@testable import CopydeskLog

@Suite("Retention and consumer checkpoints")
struct RetentionTests {
    func oldLog(_ dir: LogDirectory, start: Int64) throws -> LogWriter {
        let writer = try LogWriter(directory: dir, configuration: .testing(segmentBytes: 4096))
        for n in 0..<200 {
            try writer.appendAndWait([EncodedRecord(raw: sampleRecord(n, words: 20), timestamp: start + Int64(n) * 1_000_000)])
        }
        return writer
    }

    @Test("retention by age deletes only whole sealed segments older than the limit")
    func byAge() throws {
        let dir = TemporaryDirectory()
        let start: Int64 = 1_700_000_000_000_000
        let writer = try oldLog(dir.log, start: start)
        let before = try dir.log.segmentBases()
        // "Now" is 150 s after the first record; keep 60 s.
        let deleted = try writer.applyRetention(RetentionPolicy(maxAgeSeconds: 60), now: start + 150 * 1_000_000)
        let after = try dir.log.segmentBases()
        #expect(!deleted.isEmpty)
        #expect(after.count == before.count - deleted.count)
        #expect(after.last == before.last)
        let reader = try LogReader(directory: dir.log, writer: writer)
        let first = try #require(try reader.next())
        #expect(first.offset == after.first)
        // Every remaining segment holds a record newer than the limit, except possibly none.
        let stats = try LogStats.compute(dir.log)
        #expect(stats.segments.allSatisfy { $0.lastTime >= start + 90 * 1_000_000 })
        // Reading from a deleted offset says so.
        #expect(throws: LogError.self) { try reader.seek(to: 0) }
        writer.close()
    }

    @Test("retention by size keeps the log under the limit but never deletes the active segment")
    func bySize() throws {
        let dir = TemporaryDirectory()
        let writer = try oldLog(dir.log, start: 1_700_000_000_000_000)
        try writer.applyRetention(RetentionPolicy(maxBytes: 1))
        #expect(try dir.log.segmentBases().count == 1)
        #expect(try LogVerifier.verify(dir.log).clean)
        writer.close()
    }

    @Test("retention never deletes records a required consumer has not passed")
    func requiredConsumerHoldsSegments() throws {
        let dir = TemporaryDirectory()
        let writer = try oldLog(dir.log, start: 1_700_000_000_000_000)
        let checkpoints = ConsumerCheckpoints(dir.log)
        try checkpoints.store(ConsumerCheckpoint(name: "warehouse", nextOffset: 30, required: true))
        try checkpoints.store(ConsumerCheckpoint(name: "casual", nextOffset: 0, required: false))
        try writer.applyRetention(RetentionPolicy(maxBytes: 1))
        let bases = try dir.log.segmentBases()
        #expect(bases.first! <= 30)
        #expect(bases.count > 1)
        writer.close()
    }

    @Test("checkpoints are replaced atomically and survive a crashed write's leftovers")
    func checkpointAtomicity() throws {
        let dir = TemporaryDirectory()
        let writer = try LogWriter(directory: dir.log, configuration: .testing())
        writer.close()
        let checkpoints = ConsumerCheckpoints(dir.log)
        #expect(try checkpoints.load("search") == nil)
        try checkpoints.store(ConsumerCheckpoint(name: "search", nextOffset: 10))
        try checkpoints.store(ConsumerCheckpoint(name: "search", nextOffset: 11))
        // A writer killed mid-write leaves only a temp file behind; the checkpoint is whole.
        writeFileBytes(dir.log.consumers + "/search.json.tmp-999", Array("{\"name\":\"sea".utf8))
        #expect(try checkpoints.load("search")?.nextOffset == 11)
        #expect(try checkpoints.all().map(\.name) == ["search"])
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.log.consumers).sorted()
        #expect(names == ["search.json", "search.json.tmp-999"])
        let json = String(decoding: fileBytes(dir.log.consumers + "/search.json"), as: UTF8.self)
        #expect(json.contains("\"next_offset\":11"))
    }

    @Test("consumer names that could escape the folder are refused", arguments: ["", "../x", ".hidden", "a/b", "a b"])
    func badConsumerNames(name: String) {
        let dir = TemporaryDirectory()
        #expect(throws: LogError.self) { try ConsumerCheckpoints(dir.log).store(ConsumerCheckpoint(name: name, nextOffset: 1)) }
    }
}
