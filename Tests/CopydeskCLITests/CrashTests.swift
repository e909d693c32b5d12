import CopydeskLog
import Foundation
import Testing

@Suite("A writer killed with SIGKILL")
struct CrashTests {
    @Test("every acknowledged record survives SIGKILL mid-append, and recovery leaves a clean log", arguments: [1, 40])
    func sigkillMidAppend(batch: Int) throws {
        let tmp = TemporaryDirectory()
        let log = tmp.path + "/log"
        let child = try RunningCommand(["log", "append-test", "--log", log, "--batch", "\(batch)", "--fsync", "always"])
        #expect(child.wait { $0.count >= 150 })
        child.kill(SIGKILL)
        let acked = child.output.compactMap { $0.hasPrefix("acked ") ? Int($0.dropFirst(6)) : nil }.max() ?? -1
        #expect(acked >= 100)

        // Recovery: open the log as the daemon would.
        let writer = try LogWriter(directory: LogDirectory(log))
        let next = Int(writer.recovery.nextOffset)
        for cut in writer.recovery.cuts {
            #expect(FileManager.default.fileExists(atPath: cut.savedTo))
        }
        writer.close()
        #expect(next > acked)

        #expect(try copydesk(["verify", "--log", log]).status == 0)
        let tail = try copydesk(["tail", "--log", log, "--json", "--from", "0"])
        let lines = tail.stdout.split(separator: "\n")
        #expect(lines.count == next)
        for (i, line) in lines.enumerated() {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["offset"] as? Int == i && object?["n"] as? Int == i)
        }
    }
}
