import Foundation
import Synchronization
import Testing
@testable import CopydeskLog

@Suite("The writer")
struct WriterTests {
    @Test("a second writer is refused with an error naming the holder")
    func secondWriterRefused() throws {
        let dir = TemporaryDirectory()
        let first = try LogWriter(directory: dir.log, configuration: .testing(), owner: "copydesk run (test)")
        #expect {
            _ = try LogWriter(directory: dir.log, configuration: .testing())
        } throws: { error in
            let e = error as? LogError
            return e?.code == .locked && e!.message.contains("copydesk run (test)") && e!.message.contains("pid \(getpid())")
        }
        first.close()
        // Closing gives the lock up.
        let second = try LogWriter(directory: dir.log, configuration: .testing())
        second.close()
    }

    @Test("with fsync interval the durable end trails the visible end until the sync, and readers respect each")
    func durableEndTrailsVisible() throws {
        let dir = TemporaryDirectory()
        let writer = try LogWriter(directory: dir.log, configuration: .testing(fsync: .interval(milliseconds: 400)))
        let acked = Mutex<ClosedRange<UInt64>?>(nil)
        writer.append([EncodedRecord(raw: sampleRecord(1)), EncodedRecord(raw: sampleRecord(2))]) { r in
            acked.withLock { $0 = try? r.get() }
        }
        // Visible soon, durable only after the interval.
        var visible = false
        for _ in 0..<100 where !visible {
            visible = writer.ends.visible == 2
            if !visible { usleep(2_000) }
        }
        #expect(visible)
        if writer.ends.durable == 0 {
            #expect(acked.withLock { $0 } == nil)
            #expect(try readAll(dir.log, writer: writer, bound: .durable).isEmpty)
            #expect(try readAll(dir.log, writer: writer, bound: .visible).count == 2)
            // Another process sees the same ends through the ENDS file.
            #expect(LogEnds.read(dir.log) == LogEndOffsets(visible: 2, durable: 0))
        }
        try writer.flush()
        #expect(writer.ends == LogEndOffsets(visible: 2, durable: 2))
        #expect(acked.withLock { $0 } == 0...1)
        #expect(try readAll(dir.log, bound: .durable).count == 2)
        writer.close()
    }

    @Test("a reader follows a live writer across segment rolls")
    func readerFollowsWriter() throws {
        let dir = TemporaryDirectory()
        let writer = try LogWriter(directory: dir.log, configuration: .testing(segmentBytes: 8 * 1024))
        let total = 600
        let producer = Thread {
            for n in 0..<total {
                writer.append([EncodedRecord(raw: sampleRecord(n, words: 20))]) { _ in }
                if n % 50 == 0 { usleep(5_000) }
            }
        }
        producer.start()
        let reader = try LogReader(directory: dir.log)   // no writer handle: reads ENDS like another process
        var got: [UInt64] = []
        let deadline = Date().addingTimeInterval(20)
        while got.count < total && Date() < deadline {
            if let r = try reader.next() {
                #expect(try reader.decode(r) == sampleRecord(Int(r.offset), words: 20))
                got.append(r.offset)
            } else {
                usleep(1_000)
            }
        }
        #expect(got == (0..<UInt64(total)).map { $0 })
        #expect(try dir.log.segmentBases().count > 2)
        writer.close()
    }

    @Test("timestamps never decrease and a seek by time finds the first record at or after it")
    func seekByTime() throws {
        let dir = TemporaryDirectory()
        let writer = try LogWriter(directory: dir.log, configuration: .testing(segmentBytes: 16 * 1024))
        let t0: Int64 = 1_700_000_000_000_000
        for n in 0..<1000 {
            // One record per second of log time; record 500 claims an earlier time and is raised.
            let ts = n == 500 ? t0 : t0 + Int64(n) * 1_000_000
            try writer.appendAndWait([EncodedRecord(raw: sampleRecord(n, words: 10), timestamp: ts)])
        }
        writer.close()
        let reader = try LogReader(directory: dir.log)
        for target in [0, 1, 333, 499, 501, 999] {
            try reader.seek(toTime: t0 + Int64(target) * 1_000_000)
            let r = try #require(try reader.next())
            #expect(r.offset == UInt64(target))
        }
        try reader.seek(toTime: t0 + 500 * 1_000_000 + 1)
        #expect(try reader.next()?.offset == 501)
        try reader.seek(toTime: t0 + 5_000 * 1_000_000)
        #expect(try reader.next() == nil)
        // Record 500 was stamped with the time of 499.
        try reader.seek(to: 500)
        #expect(try reader.next()?.timestamp == t0 + 499 * 1_000_000)
    }

    @Test("size rolls seal each segment with a summary, and stats add them up")
    func rollsAndStats() throws {
        let dir = TemporaryDirectory()
        let writer = try LogWriter(directory: dir.log, configuration: .testing(segmentBytes: 8 * 1024))
        for n in 0..<300 { try writer.appendAndWait([EncodedRecord(raw: sampleRecord(n, words: 20))]) }
        writer.close()
        let stats = try LogStats.compute(dir.log)
        #expect(stats.records == 300)
        #expect(stats.nextOffset == 300)
        #expect(stats.segments.dropLast().allSatisfy { $0.sealed })
        #expect(stats.segments.last?.sealed == false)
        #expect(stats.segments.reduce(0) { $0 + $1.records } == 300)
        #expect(stats.rawBytes == (0..<300).reduce(0) { $0 + UInt64(sampleRecord($1, words: 20).count) })
        #expect(stats.ratio > 0 && stats.ratio < 1)   // uncompressed: framing costs a little
    }
}
