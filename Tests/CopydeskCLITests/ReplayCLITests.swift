import CopydeskLog
import Foundation
import Testing

@Suite("copydesk replay and consumers")
struct ReplayCLITests {
    func makeLog(_ tmp: TemporaryDirectory, count: Int) throws -> String {
        let log = tmp.path + "/log"
        let r = try copydesk(["log", "append-test", "--log", log, "--count", "\(count)", "--batch", "50"])
        #expect(r.status == 0, "\(r.stderr)")
        return log
    }

    func offsets(_ file: String) -> [Int] {
        String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self).split(separator: "\n").compactMap { line in
            Int(line.dropFirst("{\"offset\":".count).prefix { $0.isNumber })
        }
    }

    @Test("a named consumer killed mid-replay resumes with no gap; consumers lists its lag")
    func resumeAfterKill() throws {
        let tmp = TemporaryDirectory("copydesk-replay")
        let log = try makeLog(tmp, count: 5_000)
        let out = tmp.path + "/out.jsonl"
        let slow = try RunningCommand(["replay", "--log", log, "--to", "file:" + out, "--consumer", "feed", "--batch", "100", "--rate", "2500"])
        let deadline = Date().addingTimeInterval(20)
        while offsets(out).count < 500 && Date() < deadline { usleep(50_000) }
        slow.kill(SIGKILL)
        let before = offsets(out).count
        #expect(before > 0 && before < 5_000)
        let listed = try copydesk(["consumers", "--log", log, "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any]
        let feed = (json?["consumers"] as? [[String: Any]])?.first
        #expect(feed?["name"] as? String == "feed")
        #expect((feed?["lag"] as? Int ?? 0) > 0)
        #expect(try copydesk(["replay", "--log", log, "--to", "file:" + out, "--consumer", "feed"]).status == 0)
        let all = offsets(out)
        #expect(Set(all) == Set(0..<5_000), "no gap")
        #expect(all.count - 5_000 <= 100, "at most the batch in flight at the kill (100 records) is written twice")
        #expect(try ConsumerCheckpoints(LogDirectory(log)).load("feed")?.nextOffset == 5_000)
    }

    @Test("--from/--until and --since select a range; stdout is JSON Lines with offsets")
    func ranges() throws {
        let tmp = TemporaryDirectory("copydesk-replay")
        let log = try makeLog(tmp, count: 100)
        let r = try copydesk(["replay", "--log", log, "--to", "stdout", "--from", "10", "--until", "19"])
        #expect(r.status == 0)
        #expect(r.stdout.split(separator: "\n").map { Int($0.dropFirst("{\"offset\":".count).prefix { $0.isNumber }) } == (10...19).map { $0 })
        let since = try copydesk(["replay", "--log", log, "--to", "stdout", "--since", "2000-01-01T00:00:00Z", "--until", "4"])
        #expect(since.stdout.split(separator: "\n").count == 5)
        #expect(try copydesk(["replay", "--log", log, "--to", "stdout", "--since", "yesterday"]).status == 2)
        #expect(try copydesk(["replay", "--log", log, "--to", "ftp://x"]).status == 1)
    }

    @Test("a damaged record stops the replay naming its offset; --skip-corrupt reports it and goes on")
    func corrupt() throws {
        let tmp = TemporaryDirectory("copydesk-replay")
        // Several segments (append-test rolls at 256 KiB); the damage goes into the first, sealed one.
        let log = try makeLog(tmp, count: 8_000)
        let segment = log + "/segments/" + SegmentName.logFile(base: 0)
        var bytes = Array(FileManager.default.contents(atPath: segment)!)
        bytes[bytes.count / 2] ^= 0x10
        _ = FileManager.default.createFile(atPath: segment, contents: Data(bytes))
        let stopped = try copydesk(["replay", "--log", log, "--to", "stdout"])
        #expect(stopped.status == 1)
        #expect(stopped.stderr.contains("at offset"))
        #expect(stopped.stderr.contains("damaged"))
        let skipped = try copydesk(["replay", "--log", log, "--to", "stdout", "--skip-corrupt"])
        #expect(skipped.stderr.contains("skipping damaged records"))
        #expect(skipped.stdout.split(separator: "\n").count > stopped.stdout.split(separator: "\n").count)
    }
}

extension ReplayCLITests {
    @Test("--follow delivers records as they become durable and stops cleanly on SIGTERM, checkpoint stored")
    func follow() throws {
        let tmp = TemporaryDirectory("copydesk-replay")
        let log = try makeLog(tmp, count: 100)
        let out = tmp.path + "/follow.jsonl"
        let follower = try RunningCommand(["replay", "--log", log, "--to", "file:" + out, "--consumer", "live", "--follow", "--batch", "10"])
        let deadline = Date().addingTimeInterval(20)
        while offsets(out).count < 100 && Date() < deadline { usleep(50_000) }
        #expect(offsets(out).count == 100)
        #expect(try copydesk(["log", "append-test", "--log", log, "--count", "250", "--batch", "10"]).status == 0)
        while offsets(out).count < 250 && Date() < deadline.addingTimeInterval(10) { usleep(50_000) }
        #expect(offsets(out) == Array(0..<250))
        follower.process.terminate()
        follower.process.waitUntilExit()
        #expect(follower.process.terminationStatus == 0)
        #expect(try ConsumerCheckpoints(LogDirectory(log)).load("live")?.nextOffset == 250)
    }
}

extension ReplayCLITests {
    @Test("--sink NAME takes its target, filters and batch from sinks: in the configuration, and NAME as its consumer")
    func namedSink() throws {
        let tmp = TemporaryDirectory("copydesk-replay")
        let log = try makeLog(tmp, count: 40)
        let config = try writeSinkConfig(tmp, log: log, sinks: "archive:\n  to: file:\(tmp.path)/archive.jsonl.gz\n  batch: 7")
        #expect(try copydesk(["validate", "--config", config]).status == 0)
        let r = try copydesk(["replay", "--config", config, "--sink", "archive"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try ConsumerCheckpoints(LogDirectory(log)).load("archive")?.nextOffset == 40)
        let unknown = try copydesk(["replay", "--config", config, "--sink", "nope"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no sink named 'nope'"))
        try "sinks:\n  bad:\n    too: stdout\n".write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try copydesk(["validate", "--config", config]).stderr.contains("unknown key 'too'"))
    }
}
