import CopydeskCore
import CopydeskLog
import Foundation
import Testing
@testable import CopydeskDaemon
import CopydeskDaemonEmbedded

/// The daemon's runtime driven in-process on an embedded loop: every piece of
/// work that could run has run when a check is made, so "nothing happened"
/// is a fact, not a race.
@Suite("the runtime, stepped in-process")
struct EmbeddedRuntimeTests {
    static func story(_ n: Int) -> String {
        "Harbour story \(n)\n\nThe harbour ferry number \(n) returned to service on Monday after a month of repairs, "
            + "the operator said, and the first crossing carried \(n * 7) passengers and a brass band.\n"
    }

    @Test("a dropped file is appended once and moved to done")
    func dropAppendAcknowledge() throws {
        let d = try EmbeddedDaemon()
        d.source.drop("a.txt", Self.story(1))
        d.loop.run()
        #expect(d.source.done == ["a.txt"])
        let records = try d.records()
        #expect(records.count == 1)
        #expect(records.first?.copydesk.source?.path == "/drop/a.txt")
        #expect(d.runtime.status().articles.appended == 1)
        #expect(d.runtime.status().files.done == 1)
    }

    @Test("no more files are read than in_flight_files while the log has not made them durable")
    func backPressure() throws {
        let d = try EmbeddedDaemon { $0.inFlightFiles = 2 }
        d.log.hold(true)
        for i in 0..<5 { d.source.drop("\(i).txt", Self.story(i)) }
        d.loop.run()
        #expect(d.source.claims == 2)
        #expect(d.log.waiting == 2)
        #expect(d.runtime.status().drops.first?.pending == 3)
        while d.log.waiting > 0 {
            d.log.complete()
            d.loop.run()
        }
        #expect(d.source.done.sorted() == (0..<5).map { "\($0).txt" })
        #expect(d.source.claims == 5)
        #expect(try d.records().count == 5)
    }

    @Test("a burst larger than the queue is taken from the folder in turn, every file once")
    func burstBeyondQueue() throws {
        let d = try EmbeddedDaemon { c in
            c.queuedFiles = 4
            c.inFlightFiles = 1
        }
        for i in 0..<12 { d.source.place("\(i).txt", Self.story(i)) }
        d.loop.advance(by: 30)   // the rescan timer
        d.loop.run()
        #expect(d.source.done.count == 12)
        #expect(d.source.claims == 12)
        #expect(try d.records().count == 12)
        #expect(d.runtime.status().drops.first?.more_on_disk == nil)
    }

    @Test("a failed append quarantines the article and releases its claim: the same story later is unique")
    func failedAppend() throws {
        let d = try EmbeddedDaemon()
        d.log.failNext(LogError(.compression, "the record cannot be stored"))
        d.source.drop("a.txt", Self.story(1))
        d.loop.run()
        let q = try #require(d.source.quarantined.first)
        #expect(q.name == "a.txt")
        #expect(q.error.code.description == "log_compression")
        #expect(q.error.stage == "log")
        d.source.drop("b.txt", Self.story(1) + "\n")
        d.loop.run()
        #expect(d.source.done == ["b.txt"])
        #expect(try d.records().first?.copydesk.dedup?.status == .unique)
    }

    @Test("a move that fails holds intake with the reason, keeps the record once, and is retried")
    func failedMove() throws {
        let d = try EmbeddedDaemon()
        d.source.failMoves(1)
        d.source.drop("a.txt", Self.story(1))
        d.loop.run()
        #expect(d.source.done.isEmpty)
        #expect(d.runtime.status().paused_reason?.hasPrefix("cannot move handled files") == true)
        #expect(d.runtime.health().healthy == false)
        d.source.drop("b.txt", Self.story(2))
        d.loop.run()
        #expect(d.source.claims == 1, "held: b.txt waits")
        d.loop.advance(by: 0.25)
        #expect(d.source.done == ["a.txt", "b.txt"])
        #expect(d.runtime.status().paused_reason == nil)
        #expect(try d.records().count == 2)
    }

    @Test("paused, a dropped file is not read, even with every timer run; resumed, it is")
    func pauseResume() throws {
        let d = try EmbeddedDaemon()
        #expect(d.runtime.pause())
        #expect(!d.runtime.pause(), "already paused")
        d.source.drop("a.txt", Self.story(1))
        d.loop.run()
        d.loop.advance(by: 60)
        #expect(d.source.claims == 0)
        #expect(d.source.waiting == ["a.txt"])
        #expect(d.runtime.status().state == "paused")
        #expect(d.runtime.health().healthy, "an operator's pause is healthy")
        #expect(d.runtime.resume())
        d.loop.run()
        #expect(d.source.done == ["a.txt"])
    }

    @Test("a full log holds intake; once writable, what waited is appended and intake resumes")
    func logStall() throws {
        let d = try EmbeddedDaemon()
        d.log.stall(LogError(.noSpace, "No space left on device"))
        d.loop.advance(by: 0.5)
        #expect(d.runtime.status().paused_reason?.hasPrefix("the log cannot be written") == true)
        d.source.drop("a.txt", Self.story(1))
        d.loop.run()
        #expect(d.source.claims == 0)
        d.log.stall(nil)
        d.loop.advance(by: 0.5)
        #expect(d.source.done == ["a.txt"])
        #expect(d.runtime.status().paused_reason == nil)
        #expect(d.runtime.events.recent.map(\.type).contains("resumed"))
    }

    @Test("a reload adds a drop directory bound to another pipeline; a bad one keeps the running configuration")
    func reload() throws {
        let d = try EmbeddedDaemon()
        let pipelines = d.configuration.stateDirectory + "/pipelines"
        try FileManager.default.createDirectory(atPath: pipelines, withIntermediateDirectories: true)
        try Data("name: brief\nstages:\n  - type: parse\n  - type: normalize\n  - type: compress\n".utf8)
            .write(to: URL(fileURLWithPath: pipelines + "/brief.yaml"))
        var next = d.configuration
        next.pipelinesDirectory = pipelines
        next.drops.append(DropSpec(path: "/wire", pipeline: "brief"))
        #expect(throws: Never.self) { try d.runtime.reload { next }.get() }
        d.loop.run()
        d.source.drop("w.txt", Self.story(3), into: "/wire")
        d.loop.run()
        #expect(try d.records().first?.copydesk.pipeline == "brief")

        var bad = next
        bad.drops.append(DropSpec(path: "/other", pipeline: "nope"))
        #expect(throws: DaemonError.self) { try d.runtime.reload { bad }.get() }
        #expect(d.runtime.status().drops.map(\.path) == ["/drop", "/wire"])
        #expect(d.runtime.events.recent.last?.type == "reload_failed")
    }

    @Test("the same bytes delivered again make no second record and are acknowledged")
    func redelivery() throws {
        let d = try EmbeddedDaemon()
        d.source.drop("a.txt", Self.story(1))
        d.loop.run()
        d.source.drop("a.txt", Self.story(1))
        d.loop.run()
        #expect(d.source.done == ["a.txt", "a.txt"])
        #expect(try d.records().count == 1)
        #expect(d.runtime.status().articles.duplicates == 1)
    }

    @Test("a file refused unread is quarantined with the intake's reason and counted once it is out")
    func refused() throws {
        let d = try EmbeddedDaemon()
        d.source.refuse("link.txt", code: StageError.Code(rawValue: "symlink"), "a symbolic link")
        d.source.drop("link.txt", "")
        d.loop.run()
        let q = try #require(d.source.quarantined.first)
        #expect(q.error.stage == "intake")
        #expect(q.error.code.description == "symlink")
        #expect(d.runtime.status().quarantine_by_code["symlink"] == 1)
        #expect(d.runtime.status().files.quarantined == 1)
    }

    @Test("a JSON Lines file with one bad line: the good lines are appended, the bad one reported beside the file")
    func jsonLines() throws {
        let d = try EmbeddedDaemon()
        func line(_ n: Int) -> String {
            #"{"title":"Story \#(n)","body":"The harbour ferry number \#(n) returned to service on Monday after a month of repairs."}"#
        }
        let lines = [line(1), "{not json", line(3)]
        d.source.drop("batch.jsonl", lines.joined(separator: "\n"))
        d.loop.run()
        #expect(d.source.done == ["batch.jsonl"])
        #expect(try d.records().count == 2)
        #expect(d.runtime.status().articles.quarantined == 1)
    }

    @Test("drain finishes the articles in flight, then closes the log")
    func drain() throws {
        let d = try EmbeddedDaemon()
        d.log.hold(true)
        for i in 0..<3 { d.source.drop("\(i).txt", Self.story(i)) }
        d.loop.run()
        #expect(d.log.waiting == 3)
        d.log.hold(false)
        d.runtime.drain()
        #expect(d.source.done.count == 3)
        #expect(d.runtime.status().state == "stopped")
        d.source.drop("late.txt", Self.story(9))
        d.loop.run()
        #expect(d.source.claims == 3, "no intake after a drain")
    }

    @Test("with two sources, each delivery is read from and acknowledged by the source that offered it")
    func twoSources() throws {
        let d = try EmbeddedDaemon(sources: 2) { $0.drops.append(DropSpec(path: "/wire", pipeline: "news")) }
        let (drops, wire) = (d.sources[0], d.sources[1])
        drops.drop("a.txt", Self.story(1), into: "/drop")
        wire.drop("w.txt", Self.story(2), into: "/wire")
        d.loop.run()
        #expect(drops.done == ["a.txt"] && drops.claims == 1)
        #expect(wire.done == ["w.txt"] && wire.claims == 1)
        #expect(try d.records().count == 2)
    }
}
