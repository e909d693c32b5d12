import Foundation
import Testing

@Suite("copydesk run under pressure", .serialized)
struct ResilienceTests {
    @Test("the log's filesystem filling mid-burst pauses intake, acknowledges nothing unlogged, and resumes once it grows",
          .enabled(if: canMountTmpfs, "needs root and tmpfs mounts (skipped otherwise)"))
    func fullDisk() throws {
        let tmp = TemporaryDirectory("copydesk-full")
        let mountpoint = tmp.path + "/logfs"
        try FileManager.default.createDirectory(atPath: mountpoint, withIntermediateDirectories: true)
        #expect(system(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", mountpoint]))
        defer { system(["umount", "-l", mountpoint]) }
        let state = tmp.path + "/state"
        let config = tmp.path + "/copydesk.yaml"
        _ = FileManager.default.createFile(atPath: config, contents: Data("state_dir: \(state)\nlog:\n  dir: \(mountpoint)/log\n".utf8))
        let daemon = try DaemonProcess(state: state, arguments: ["run", "--config", config])
        defer { daemon.command.kill(SIGKILL) }
        #expect(daemon.waitRunning())
        let drop = state + "/drop"
        let total = 400
        for n in 0..<total { dropFile(drop, "f\(n).txt", fixtureArticle(5000 + n)) }
        let paused = daemon.waitFor(timeout: 30) { ($0["state"] as? String) == "paused" }
        #expect(paused != nil)
        #expect((paused?["paused_reason"] as? String)?.contains("log cannot be written") == true)
        // Nothing is acknowledged without its record: done files never outnumber records.
        usleep(1_500_000)
        let s = daemon.status()
        let appended = articles(s)["appended"] ?? 0
        #expect(appended < total)
        #expect(listing(drop + "/.done").count <= appended)
        #expect(listing(drop).filter { $0.hasSuffix(".txt") }.count >= total - appended)
        // Space returns: everything resumes by itself.
        #expect(system(["mount", "-o", "remount,size=16m", mountpoint]))
        #expect(daemon.waitFor(timeout: 60) { articles($0)["appended"] == total && ($0["state"] as? String) == "running" } != nil)
        #expect(daemon.waitFor(timeout: 20) { _ in listing(drop) == [".done"] } != nil)
        daemon.signal(SIGTERM)
        #expect(daemon.waitExit() == 0)
        #expect(try copydesk(["verify", "--log", mountpoint + "/log"]).status == 0)
        let tail = try copydesk(["tail", "--log", mountpoint + "/log", "--json", "--from", "0"])
        let ids = tail.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids.count == total && Set(ids).count == total)
    }

    @Test("a burst far larger than the in-memory queue waits in its folder (status says so) and every file is taken once")
    func queueLimit() throws {
        let tmp = TemporaryDirectory("copydesk-queue")
        let state = tmp.path + "/state"
        let config = tmp.path + "/copydesk.yaml"
        _ = FileManager.default.createFile(atPath: config, contents: Data("state_dir: \(state)\nlimits:\n  queued_files: 8\n  in_flight_files: 2\n".utf8))
        let daemon = try DaemonProcess(state: state, arguments: ["run", "--config", config])
        defer { daemon.command.kill(SIGKILL) }
        #expect(daemon.waitRunning())
        let drop = state + "/drop"
        let total = 400
        // Stopped, the daemon queues nothing until the whole burst is there.
        daemon.signal(SIGSTOP)
        for n in 0..<total { dropFile(drop, "q\(n).txt", fixtureArticle(12000 + n)) }
        daemon.signal(SIGCONT)
        let waiting = daemon.waitFor(timeout: 30) { s in
            ((s["drops"] as? [[String: Any]])?.first?["more_on_disk"] as? Bool) == true
        }
        #expect(waiting != nil, "status should say that more files wait on disk")
        #expect(((waiting?["drops"] as? [[String: Any]])?.first?["pending"] as? Int ?? 99) <= 8)
        let s = daemon.waitFor(timeout: 120) { articles($0)["appended"] == total }
        #expect(s != nil)
        #expect(daemon.waitFor(timeout: 20) { _ in listing(drop) == [".done"] } != nil)
        #expect(listing(drop + "/.done").count == total)
        let tail = try copydesk(["tail", "--state-dir", state, "--json", "--from", "0"])
        let ids = tail.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids.count == total && Set(ids).count == total)
    }

    @Test("a burst larger than the inotify queue overflows it, and the rescan still takes every file once",
          .enabled(if: canTuneInotify, "needs root to shrink fs.inotify.max_queued_events (skipped otherwise)"))
    func inotifyOverflow() throws {
        let tmp = TemporaryDirectory("copydesk-burst")
        let knob = "/proc/sys/fs/inotify/max_queued_events"
        let original = (try? String(contentsOfFile: knob, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "16384"
        // The limit is read when an inotify instance is made: shrink it for the daemon's start only.
        try "32".write(toFile: knob, atomically: false, encoding: .utf8)
        let daemon: DaemonProcess
        do {
            daemon = try DaemonProcess(state: tmp.path)
            _ = daemon.waitRunning()
        }
        try original.write(toFile: knob, atomically: false, encoding: .utf8)
        defer { daemon.command.kill(SIGKILL) }
        let drop = tmp.path + "/drop"
        let total = 300
        // Stopped, the daemon reads no events: the burst overflows its 32-event queue for sure.
        daemon.signal(SIGSTOP)
        for n in 0..<total { dropFile(drop, "b\(n).txt", fixtureArticle(9000 + n)) }
        daemon.signal(SIGCONT)
        let s = daemon.waitFor(timeout: 90) { articles($0)["appended"] == total }
        #expect(s != nil)
        #expect(((s?["files"] as? [String: Any])?["inotify_overflows"] as? Int ?? 0) >= 1)
        #expect(daemon.waitFor(timeout: 20) { _ in listing(drop) == [".done"] } != nil)
        #expect(listing(drop + "/.done").count == total)
    }

    @Test("an unwritable done folder pauses intake with the reason; the record is kept once and the move is retried",
          .enabled(if: canMakeImmutable, "needs root and chattr +i (skipped otherwise)"))
    func unwritableDoneFolder() throws {
        let tmp = TemporaryDirectory("copydesk-done")
        let drop = tmp.path + "/drop"
        let done = drop + "/.done"
        try FileManager.default.createDirectory(atPath: done, withIntermediateDirectories: true)
        #expect(system(["chattr", "+i", done]))
        defer { system(["chattr", "-i", done]) }
        let daemon = try DaemonProcess(state: tmp.path)
        defer { daemon.command.kill(SIGKILL) }
        #expect(daemon.waitRunning())
        dropFile(drop, "a.txt", fixtureArticle(31))
        let paused = daemon.waitFor { ($0["state"] as? String) == "paused" }
        #expect((paused?["paused_reason"] as? String)?.contains("cannot move handled files") == true)
        #expect(articles(paused)["appended"] == 1)
        #expect(listing(drop).contains("a.txt"))
        #expect(system(["chattr", "-i", done]))
        #expect(daemon.waitFor { ($0["state"] as? String) == "running" && listing(drop + "/.done") == ["a.txt"] } != nil)
        #expect(articles(daemon.status())["appended"] == 1)
    }
}
