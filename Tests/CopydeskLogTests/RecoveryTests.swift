import Foundation
import Testing
@testable import CopydeskLog

@Suite("Recovery on open")
struct RecoveryTests {
    /// Writes `count` small records and returns the position and length of the last one.
    func makeLog(_ dir: LogDirectory, count: Int) throws -> (position: Int64, length: Int64) {
        let writer = try LogWriter(directory: dir, configuration: .testing())
        for n in 0..<count { try writer.appendAndWait([EncodedRecord(raw: sampleRecord(n, words: 8))]) }
        writer.close()
        let scanner = try SegmentScanner(path: dir.segment(base: 0))
        var last: ScannedRecord?
        while case .record(let r) = try scanner.next() { last = r }
        return (last!.position, last!.length)
    }

    @Test("a torn tail cut at every byte of the last record is truncated and saved, and the log goes on")
    func tornTailAtEveryByte() throws {
        let tmp = TemporaryDirectory()
        let pristine = LogDirectory(tmp.path + "/pristine")
        let (position, length) = try makeLog(pristine, count: 20)
        for cut in position..<(position + length) {
            let dir = LogDirectory(tmp.path + "/cut")
            try copyDirectory(pristine.path, to: dir.path)
            let segment = dir.segment(base: 0)
            #expect(truncate(segment, off_t(cut)) == 0)
            let writer = try LogWriter(directory: dir, configuration: .testing())
            #expect(writer.recovery.nextOffset == 19)
            if cut > position {
                let c = try #require(writer.recovery.cuts.first)
                #expect(c.position == position && c.bytes == cut - position && c.firstBadOffset == 19)
                #expect(fileBytes(c.savedTo).count == Int(cut - position))
            } else {
                #expect(writer.recovery.cuts.isEmpty)
            }
            #expect(try writer.appendAndWait([EncodedRecord(raw: sampleRecord(99, words: 8))]) == 19...19)
            writer.close()
            let payloads = try readAll(dir).map(\.payload)
            #expect(payloads == (0..<19).map { sampleRecord($0, words: 8) } + [sampleRecord(99, words: 8)])
            #expect(try LogVerifier.verify(dir).clean)
        }
    }

    @Test("garbage after the last record is cut at the first bad byte, never silently")
    func garbageTail() throws {
        let tmp = TemporaryDirectory()
        let dir = tmp.log
        _ = try makeLog(dir, count: 5)
        let segment = dir.segment(base: 0)
        let good = fileBytes(segment)
        writeFileBytes(segment, good + Array(repeating: 0xAB, count: 300))
        let writer = try LogWriter(directory: dir, configuration: .testing())
        let cut = try #require(writer.recovery.cuts.first)
        #expect(cut.position == Int64(good.count) && cut.bytes == 300)
        #expect(writer.recovery.nextOffset == 5)
        writer.close()
        #expect(fileBytes(segment) == good)
    }

    @Test("a flipped bit inside a sealed segment is found by verify, which names the segment and the first bad offset")
    func flippedBitInSealedSegment() throws {
        let tmp = TemporaryDirectory()
        let dir = tmp.log
        let writer = try LogWriter(directory: dir, configuration: .testing(segmentBytes: 4096))
        for n in 0..<200 { try writer.appendAndWait([EncodedRecord(raw: sampleRecord(n, words: 20))]) }
        writer.close()
        let bases = try dir.segmentBases()
        #expect(bases.count > 3)
        let victim = dir.segment(base: bases[1])
        // Find the fourth record of the second segment and flip one bit in its body.
        let scanner = try SegmentScanner(path: victim)
        var records: [ScannedRecord] = []
        while case .record(let r) = try scanner.next() { records.append(r) }
        let target = records[3]
        var bytes = fileBytes(victim)
        bytes[Int(target.position) + RecordHeader.size + 10] ^= 0x04
        writeFileBytes(victim, bytes)

        let report = try LogVerifier.verify(dir)
        #expect(!report.clean)
        let problem = try #require(report.problems.first)
        #expect(problem.segment == victim)
        #expect(problem.offset == target.header.offset)
        #expect(problem.reason.contains("CRC"))
        // A sealed segment is trusted on open: the damage is reported by verify and by readers, not "repaired".
        #expect(throws: LogError.self) { _ = try readAll(dir) }
    }

    @Test("missing and stale indexes are rebuilt on open and seeks stay right")
    func indexRebuilt() throws {
        let tmp = TemporaryDirectory()
        let dir = tmp.log
        var writer = try LogWriter(directory: dir, configuration: .testing(segmentBytes: 64 * 1024))
        for n in 0..<2000 { try writer.appendAndWait([EncodedRecord(raw: sampleRecord(n, words: 20))]) }
        writer.close()
        let bases = try dir.segmentBases()
        #expect(bases.count >= 3)
        let first = SegmentIndex.paths(forSegment: dir.segment(base: bases[0]))
        let second = SegmentIndex.paths(forSegment: dir.segment(base: bases[1]))
        try FileManager.default.removeItem(atPath: first.idx)
        // Stale: the second segment gets the first one's index.
        try? FileManager.default.removeItem(atPath: second.tidx)
        try FileManager.default.copyItem(atPath: first.tidx, toPath: second.tidx)

        writer = try LogWriter(directory: dir, configuration: .testing(segmentBytes: 64 * 1024))
        #expect(Set(writer.recovery.rebuiltIndexes) == Set([dir.segment(base: bases[0]), dir.segment(base: bases[1])]))
        writer.close()
        #expect(FileManager.default.fileExists(atPath: first.idx))

        let reader = try LogReader(directory: dir)
        for offset: UInt64 in [0, 1, bases[1] - 1, bases[1], bases[1] + 7, 1999] {
            try reader.seek(to: offset)
            let r = try #require(try reader.next())
            #expect(r.offset == offset)
            #expect(try reader.decode(r) == sampleRecord(Int(offset), words: 20))
        }
    }

    @Test("an unsealed segment before the last is scanned and sealed")
    func unsealedMiddleSegmentIsSealed() throws {
        let tmp = TemporaryDirectory()
        let dir = tmp.log
        let writer = try LogWriter(directory: dir, configuration: .testing(segmentBytes: 4096))
        for n in 0..<100 { try writer.appendAndWait([EncodedRecord(raw: sampleRecord(n, words: 20))]) }
        writer.close()
        let bases = try dir.segmentBases()
        let path = dir.segment(base: bases[0])
        // Drop the SEAL record, as if the roll crashed between its write and its fsync.
        let bytes = fileBytes(path)
        writeFileBytes(path, Array(bytes.dropLast(RecordHeader.size + SealSummary.size)))
        let again = try LogWriter(directory: dir, configuration: .testing(segmentBytes: 4096))
        #expect(again.recovery.sealedNow == [path])
        again.close()
        #expect(try LogVerifier.verify(dir).clean)
        #expect(try readAll(dir).count == 100)
    }
}
