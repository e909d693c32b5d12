import CopydeskLog
import Foundation
import Testing

@Suite("copydesk verify, tail and log stats on real logs")
struct LogCommandTests {
    /// A log of `count` records written by the real binary.
    func makeLog(_ tmp: TemporaryDirectory, count: Int) throws -> String {
        let log = tmp.path + "/log"
        let r = try copydesk(["log", "append-test", "--log", log, "--count", "\(count)", "--batch", "7"])
        #expect(r.status == 0, "\(r.stderr)")
        return log
    }

    @Test("verify exits 0 on a clean log")
    func verifyClean() throws {
        let tmp = TemporaryDirectory()
        let log = try makeLog(tmp, count: 50)
        let r = try copydesk(["verify", "--log", log])
        #expect(r.status == 0)
        #expect(r.stdout.contains("50 record(s)") && r.stdout.contains("clean"))
        let j = try copydesk(["verify", "--log", log, "--json"])
        let report = try JSONDecoder().decode(VerifyReport.self, from: Data(j.stdout.utf8))
        #expect(report.records == 50 && report.problems.isEmpty)
    }

    @Test("verify exits 1 and names the segment and the first bad offset")
    func verifyCorrupt() throws {
        let tmp = TemporaryDirectory()
        let log = try makeLog(tmp, count: 50)
        let segment = log + "/segments/" + SegmentName.logFile(base: 0)
        var bytes = Array(FileManager.default.contents(atPath: segment)!)
        bytes[bytes.count / 2] ^= 0x10
        _ = FileManager.default.createFile(atPath: segment, contents: Data(bytes))
        let r = try copydesk(["verify", "--log", log])
        #expect(r.status == 1)
        #expect(r.stdout.contains(segment))
        #expect(r.stdout.contains("first bad offset"))
    }

    @Test("usage errors exit 2", arguments: [["verify", "--log", "a", "--state-dir", "b"], ["verify", "--no-such-flag"], ["tail", "--from", "minus"]])
    func usageErrors(arguments: [String]) throws {
        #expect(try copydesk(arguments).status == 2)
    }

    @Test("verify without a log says so and exits 1")
    func verifyMissing() throws {
        let tmp = TemporaryDirectory()
        let r = try copydesk(["verify", "--state-dir", tmp.path + "/nothing"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no log at"))
    }

    @Test("tail --json prints the newest records as JSON lines with their offset")
    func tailJSON() throws {
        let tmp = TemporaryDirectory()
        let log = try makeLog(tmp, count: 30)
        let r = try copydesk(["tail", "--log", log, "--json", "-n", "3"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        for (line, n) in zip(lines, 27...29) {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["offset"] as? Int == n)
            #expect(object?["n"] as? Int == n)
        }
        let from = try copydesk(["tail", "--log", log, "--json", "--from", "5"])
        #expect(from.stdout.split(separator: "\n").count == 25)
    }

    @Test("tail -f follows records appended by another process")
    func tailFollows() throws {
        let tmp = TemporaryDirectory()
        let log = try makeLog(tmp, count: 3)
        let tail = try RunningCommand(["tail", "--log", log, "-f", "--json", "--from", "0"])
        defer { tail.kill(SIGTERM) }
        #expect(tail.wait { $0.count >= 3 })
        let r = try copydesk(["log", "append-test", "--log", log, "--count", "10"])
        #expect(r.status == 0)
        #expect(tail.wait { $0.count >= 10 })
        #expect(tail.output.count == 10)
        #expect(tail.output.last?.hasPrefix("{\"offset\":9,") == true)
    }

    @Test("log stats --json reports records, offsets and the ratio")
    func stats() throws {
        let tmp = TemporaryDirectory()
        let log = try makeLog(tmp, count: 40)
        let r = try copydesk(["log", "stats", "--log", log, "--json"])
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["records"] as? Int == 40)
        #expect(object["next_offset"] as? Int == 40)
        #expect((object["ratio"] as? Double ?? 0) > 1)
    }
}
