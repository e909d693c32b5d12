import Foundation

/// A `copydesk run` on a temporary state directory, driven by the tests.
final class DaemonProcess: @unchecked Sendable {
    let state: String
    let command: RunningCommand
    let arguments: [String]

    init(state: String, arguments: [String]? = nil) throws {
        self.state = state
        self.arguments = arguments ?? ["run", "--state-dir", state]
        command = try RunningCommand(self.arguments)
    }

    var pid: Int32 { command.process.processIdentifier }

    /// `copydesk status --json` as a dictionary.
    func status() -> [String: Any]? {
        // By state directory: a test may have just broken the configuration file on purpose.
        let args = ["status", "--json", "--state-dir", state]
        guard let r = try? copydesk(args), r.status == 0 else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    }

    /// Waits until `predicate` holds for the status (polling), or times out.
    @discardableResult
    func waitFor(timeout: TimeInterval = 30, _ predicate: ([String: Any]) -> Bool) -> [String: Any]? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let s = status(), s["offline"] as? Bool == false {
                if predicate(s) { return s }
            }
            usleep(100_000)
        }
        return nil
    }

    func waitRunning() -> Bool {
        waitFor { ($0["state"] as? String) == "running" } != nil
    }

    func signal(_ sig: Int32) { kill(pid, sig) }

    /// Waits for the process to exit and returns its status.
    func waitExit(timeout: TimeInterval = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while command.process.isRunning && Date() < deadline { usleep(20_000) }
        return command.process.isRunning ? nil : command.process.terminationStatus
    }
}

func articles(_ s: [String: Any]?) -> [String: Int] {
    (s?["articles"] as? [String: Any])?.compactMapValues { $0 as? Int } ?? [:]
}

/// A small, self-written article in the BBC shape, unique for `n`.
func fixtureArticle(_ n: Int) -> String {
    let words = ["council", "harbour", "budget", "ferry", "museum", "orchard", "tram", "library", "festival", "bridge"]
    let w = { (k: Int) in words[(n / (k + 1) + k * 7) % words.count] }
    return """
    Town \(n) approves \(w(0)) plan

    The council of town number \(n) voted on Tuesday to back a new \(w(1)) plan, officials said.

    Supporters said the \(w(2)) would open next spring. Critics asked who would pay for the \(w(3)) and the \(w(4)), and how the \(w(5)) fits in.

    A final decision on item \(n) is due in \(2000 + n % 30).
    """
}

/// Writes a file the way a careful producer does: a temporary name, then a rename.
func dropFile(_ dir: String, _ name: String, _ text: String, rename: Bool = true) {
    let data = Data(text.utf8)
    if rename {
        let tmp = dir + "/." + name + ".tmp"
        _ = FileManager.default.createFile(atPath: tmp, contents: data)
        Foundation.rename(tmp, dir + "/" + name)
    } else {
        _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: data)
    }
}

func listing(_ dir: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
}
