import CopydeskLog
import Foundation
import Testing

/// SIGINT is handled as SIGTERM is, by the daemon and by `replay --follow` (one SignalHandlers for both).
@Suite("Signals: SIGINT as SIGTERM")
struct SignalCLITests {
    @Test("the daemon drains and exits 0 on SIGINT, its article in the log")
    func daemonDrainsOnInterrupt() throws {
        let tmp = TemporaryDirectory("copydesk-run")
        let daemon = try DaemonProcess(state: tmp.path)
        defer { daemon.command.kill(SIGKILL) }
        #expect(daemon.waitRunning())
        dropFile(tmp.path + "/drop", "a.txt", fixtureArticle(1))
        #expect(daemon.waitFor { articles($0)["appended"] == 1 } != nil)
        daemon.signal(SIGINT)
        #expect(daemon.waitExit() == 0)
        #expect(try copydesk(["tail", "--state-dir", tmp.path, "--json", "--from", "0"]).stdout.split(separator: "\n").count == 1)
    }

    @Test("replay --follow stops on SIGINT with exit 0 and its checkpoint stored")
    func followStopsOnInterrupt() throws {
        let tmp = TemporaryDirectory("copydesk-replay")
        let log = tmp.path + "/log"
        #expect(try copydesk(["log", "append-test", "--log", log, "--count", "30", "--batch", "10"]).status == 0)
        let out = tmp.path + "/follow.jsonl"
        let follower = try RunningCommand(["replay", "--log", log, "--to", "file:" + out, "--consumer", "live", "--follow", "--batch", "10"])
        let deadline = Date().addingTimeInterval(20)
        while (try? ConsumerCheckpoints(LogDirectory(log)).load("live")?.nextOffset) != 30 && Date() < deadline { usleep(50_000) }
        kill(follower.process.processIdentifier, SIGINT)
        follower.process.waitUntilExit()
        #expect(follower.process.terminationStatus == 0)
        #expect(try ConsumerCheckpoints(LogDirectory(log)).load("live")?.nextOffset == 30)
    }
}
