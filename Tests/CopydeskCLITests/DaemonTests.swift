import CopydeskLog
import Foundation
import Testing

@Suite("copydesk run: every article exactly once")
struct DaemonTests {
    @Test("renaming and direct-write producers: every file becomes one record and moves to .done")
    func producers() throws {
        let tmp = TemporaryDirectory("copydesk-run")
        let daemon = try DaemonProcess(state: tmp.path)
        defer { daemon.command.kill(SIGKILL) }
        #expect(daemon.waitRunning())
        let drop = tmp.path + "/drop"
        for n in 0..<20 { dropFile(drop, "r\(n).txt", fixtureArticle(n), rename: true) }
        for n in 20..<30 { dropFile(drop, "d\(n).txt", fixtureArticle(n), rename: false) }
        let s = daemon.waitFor { articles($0)["appended"] == 30 }
        #expect(s != nil)
        #expect(daemon.waitFor { articles($0)["in_flight"] == 0 } != nil)
        #expect(daemon.waitFor { _ in listing(drop) == [".done"] } != nil)
        #expect(listing(drop + "/.done").count == 30)
        daemon.signal(SIGTERM)
        #expect(daemon.waitExit() == 0)
        #expect(try copydesk(["verify", "--state-dir", tmp.path]).status == 0)
        let tail = try copydesk(["tail", "--state-dir", tmp.path, "--json", "--from", "0"])
        #expect(tail.stdout.split(separator: "\n").count == 30)
    }

    @Test("the same story dropped twice becomes one record; the copy is counted as a duplicate")
    func duplicates() throws {
        let tmp = TemporaryDirectory("copydesk-run")
        let daemon = try DaemonProcess(state: tmp.path)
        defer { daemon.command.kill(SIGKILL) }
        #expect(daemon.waitRunning())
        let drop = tmp.path + "/drop"
        dropFile(drop, "a.txt", fixtureArticle(1))
        #expect(daemon.waitFor { articles($0)["appended"] == 1 } != nil)
        dropFile(drop, "b.txt", fixtureArticle(1))
        dropFile(drop, "a.txt", fixtureArticle(1))
        #expect(daemon.waitFor { articles($0)["duplicates"] == 2 } != nil)
        #expect(articles(daemon.status())["appended"] == 1)
        #expect(daemon.waitFor { _ in listing(drop + "/.done").count == 3 } != nil)
        #expect(listing(drop + "/.done").contains("a.1.txt"))
    }

    @Test("SIGKILL in the middle of a burst, then a restart: every article exactly once and verify clean")
    func sigkillMidBurst() throws {
        let tmp = TemporaryDirectory("copydesk-run")
        let drop = tmp.path + "/drop"
        let daemon = try DaemonProcess(state: tmp.path)
        #expect(daemon.waitRunning())
        let total = 400
        for n in 0..<total { dropFile(drop, "burst\(n).txt", fixtureArticle(1000 + n)) }
        _ = daemon.waitFor(timeout: 20) { (articles($0)["appended"] ?? 0) >= 50 }
        daemon.command.kill(SIGKILL)
        try restartAndExpectEachArticleOnce(state: tmp.path, total: total)
    }

    @Test("hostile files are quarantined with a reason while the daemon keeps going")
    func hostileFiles() throws {
        let tmp = TemporaryDirectory("copydesk-run")
        let daemon = try DaemonProcess(state: tmp.path)
        defer { daemon.command.kill(SIGKILL) }
        #expect(daemon.waitRunning())
        let drop = tmp.path + "/drop"
        let outside = tmp.path + "/outside.txt"
        _ = FileManager.default.createFile(atPath: outside, contents: Data(fixtureArticle(7).utf8))
        dropFile(drop, "empty.txt", "")
        var garbage = [UInt8](repeating: 0, count: 4096)
        for i in garbage.indices { garbage[i] = UInt8((i * 7919 + 13) % 256) }
        _ = FileManager.default.createFile(atPath: drop + "/.binary.tmp", contents: Data(garbage))
        rename(drop + "/.binary.tmp", drop + "/binary.bin")
        _ = FileManager.default.createFile(atPath: drop + "/.big.tmp", contents: Data(count: 60 << 20))
        rename(drop + "/.big.tmp", drop + "/big.txt")
        try FileManager.default.createSymbolicLink(atPath: drop + "/link.txt", withDestinationPath: outside)
        mkfifo(drop + "/fifo.txt", 0o644)
        try FileManager.default.createDirectory(atPath: drop + "/folder", withIntermediateDirectories: false)
        dropFile(drop, "deep.json", String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000))
        let good = #"{"title":"Harbour reopens","body":"The harbour reopened on Monday after repairs, the port authority said. Ferries resume on Friday."}"#
        dropFile(drop, "lines.jsonl", good + "\n{not json\n\n" + #"{"title":"x"}"# + "\n")
        dropFile(drop, "fine.txt", fixtureArticle(8))
        // Mostly text with one invalid UTF-8 byte: decoded (as Windows-1252, or repaired with U+FFFD) and flagged, not refused.
        var broken = Array(fixtureArticle(9).utf8)
        broken.insert(0xFF, at: broken.count / 2)
        _ = FileManager.default.createFile(atPath: drop + "/.broken.tmp", contents: Data(broken))
        rename(drop + "/.broken.tmp", drop + "/broken-utf8.txt")

        let s = daemon.waitFor(timeout: 40) { _ in
            let failed = listing(drop + "/.failed")
            return ["empty.txt", "binary.bin", "big.txt", "link.txt", "fifo.txt", "folder", "deep.json"].allSatisfy { failed.contains($0) && failed.contains($0 + ".error.json") }
                && failed.contains("lines.jsonl.lines.jsonl") && listing(drop + "/.done").contains("fine.txt") && listing(drop + "/.done").contains("lines.jsonl")
        }
        #expect(s != nil, "failed: \(listing(drop + "/.failed")), done: \(listing(drop + "/.done")), drop: \(listing(drop))")
        func report(_ name: String) -> [String: Any] {
            let data = FileManager.default.contents(atPath: drop + "/.failed/\(name).error.json") ?? Data()
            return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
        }
        #expect(report("link.txt")["code"] as? String == "symlink")
        #expect(report("fifo.txt")["code"] as? String == "not_regular")
        #expect(report("folder")["code"] as? String == "not_regular")
        #expect(report("big.txt")["code"] as? String == "too_large")
        #expect(report("empty.txt")["code"] as? String == "empty")
        #expect(report("deep.json")["code"] as? String == "too_deep")
        #expect(["not_text"].contains(report("binary.bin")["code"] as? String ?? ""))
        for name in ["link.txt", "fifo.txt", "big.txt", "deep.json"] {
            let r = report(name)
            #expect(r["stage"] != nil && r["message"] != nil && r["time"] != nil)
        }
        // The symlink was moved, not followed: its target is untouched.
        #expect(FileManager.default.fileExists(atPath: outside))
        let lines = String(decoding: FileManager.default.contents(atPath: drop + "/.failed/lines.jsonl.lines.jsonl") ?? Data(), as: UTF8.self)
        #expect(lines.contains("\"line\":2") && lines.contains("\"line\":4"))
        #expect(daemon.waitFor { articles($0)["appended"] == 3 } != nil)
        #expect(listing(drop + "/.done").contains("broken-utf8.txt"))
        let tail = try copydesk(["tail", "--state-dir", tmp.path, "--json", "--from", "0"])
        let repaired = tail.stdout.split(separator: "\n").first { $0.contains("broken-utf8.txt") }
        #expect(repaired?.contains("invalid_utf8_repaired") == true || repaired?.contains("decoded_as_windows_1252") == true, "\(repaired ?? "no record")")
        #expect((daemon.status()?["state"] as? String) == "running")
    }

    @Test("SIGTERM in the middle of a burst drains: exit 0 within the bound, every acknowledged file logged once, the rest read at the next start")
    func sigtermMidBurst() throws {
        let tmp = TemporaryDirectory("copydesk-run")
        let drop = tmp.path + "/drop"
        let daemon = try DaemonProcess(state: tmp.path)
        #expect(daemon.waitRunning())
        // Written aside first and renamed in at once, so the burst is still in progress when SIGTERM comes.
        let total = 2000
        let staging = tmp.path + "/staging"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        for n in 0..<total { dropFile(staging, "burst\(n).txt", fixtureArticle(3000 + n)) }
        for n in 0..<total { rename(staging + "/burst\(n).txt", drop + "/burst\(n).txt") }
        _ = daemon.waitFor(timeout: 20) { (articles($0)["appended"] ?? 0) >= 20 }
        let signalled = Date()
        daemon.signal(SIGTERM)
        #expect(daemon.waitExit(timeout: 15) == 0)
        #expect(Date().timeIntervalSince(signalled) < 15)
        // After the drain, a file is in .done only if its record is durable: the log holds at least as many.
        let doneAfterDrain = listing(drop + "/.done").count
        #expect(doneAfterDrain > 0 && doneAfterDrain < total, "\(doneAfterDrain) of \(total) files acknowledged before the exit")
        let logged = try copydesk(["tail", "--state-dir", tmp.path, "--json", "--from", "0"]).stdout.split(separator: "\n").count
        #expect(logged >= doneAfterDrain)
        #expect(doneAfterDrain + listing(drop).filter { $0 != ".done" }.count == total)
        try restartAndExpectEachArticleOnce(state: tmp.path, total: total)
    }

    /// Starts the daemon again on `state`, lets it take what is left in the
    /// drop, stops it, and checks that the log verifies and holds each of the
    /// `total` articles exactly once.
    private func restartAndExpectEachArticleOnce(state: String, total: Int) throws {
        let drop = state + "/drop"
        let daemon = try DaemonProcess(state: state)
        defer { daemon.command.kill(SIGKILL) }
        #expect(daemon.waitRunning())
        #expect(daemon.waitFor(timeout: 60) { _ in listing(drop) == [".done"] } != nil)
        daemon.signal(SIGTERM)
        #expect(daemon.waitExit() == 0)
        #expect(listing(drop + "/.done").count == total)
        #expect(try copydesk(["verify", "--state-dir", state]).status == 0)
        let ids = try copydesk(["tail", "--state-dir", state, "--json", "--from", "0"]).stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids.count == total)
        #expect(Set(ids).count == total)
    }

    @Test("SIGHUP reloads a good configuration and keeps the running one when the new one is bad")
    func reload() throws {
        let tmp = TemporaryDirectory("copydesk-run")
        let config = tmp.path + "/copydesk.yaml"
        _ = FileManager.default.createFile(atPath: config, contents: Data("state_dir: \(tmp.path)\ndrops:\n  - path: \(tmp.path)/one\n".utf8))
        let daemon = try DaemonProcess(state: tmp.path, arguments: ["run", "--config", config])
        defer { daemon.command.kill(SIGKILL) }
        #expect(daemon.waitRunning())
        _ = FileManager.default.createFile(atPath: config, contents: Data("state_dir: \(tmp.path)\ndropz: []\n".utf8))
        daemon.signal(SIGHUP)
        #expect(daemon.waitFor { (($0["last_errors"] as? [String]) ?? []).contains { $0.contains("dropz") } } != nil)
        dropFile(tmp.path + "/one", "a.txt", fixtureArticle(1))
        #expect(daemon.waitFor { articles($0)["appended"] == 1 } != nil)
        _ = FileManager.default.createFile(atPath: config, contents: Data("state_dir: \(tmp.path)\ndrops:\n  - path: \(tmp.path)/one\n  - path: \(tmp.path)/two\n".utf8))
        daemon.signal(SIGHUP)
        #expect(daemon.waitFor { (($0["drops"] as? [[String: Any]]) ?? []).count == 2 } != nil)
        dropFile(tmp.path + "/two", "b.txt", fixtureArticle(2))
        #expect(daemon.waitFor { articles($0)["appended"] == 2 } != nil)
    }

    @Test("a second daemon on the same state is refused with a clear error")
    func secondDaemon() throws {
        let tmp = TemporaryDirectory("copydesk-run")
        let daemon = try DaemonProcess(state: tmp.path)
        defer { daemon.command.kill(SIGKILL) }
        #expect(daemon.waitRunning())
        let second = try copydesk(["run", "--state-dir", tmp.path])
        #expect(second.status == 1)
        #expect(second.stderr.contains("already running"))
    }

    @Test("status without a daemon gives an offline view, or exits 1 when there is no state")
    func offlineStatus() throws {
        let tmp = TemporaryDirectory("copydesk-run")
        #expect(try copydesk(["status", "--state-dir", tmp.path + "/none"]).status == 1)
        _ = try copydesk(["ingest", "--state-dir", tmp.path, "/dev/null"])
        let r = try copydesk(["status", "--json", "--state-dir", tmp.path])
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"offline\" : true"))
    }
}
