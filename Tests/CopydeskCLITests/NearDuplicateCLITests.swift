import Foundation
import Testing

/// A self-written story and the copies a syndication partner would run.
private enum Story {
    static let paragraphs = [
        "The city's oldest bakery will close its doors at the end of the month after one hundred and twelve years, the family that has run it for four generations announced on Wednesday.",
        "Rising energy bills and the cost of flour had made the ovens too expensive to keep running through the night, the owner said, adding that none of her children wanted to take over the early mornings.",
        "Regular customers formed a queue around the block within an hour of the news, and several brought old photographs of the shop front to hand to the staff as a keepsake.",
        "The building's landlord said he hoped to find another food business for the premises, but neighbours have started a petition asking the council to protect its use as a bakery.",
    ]
    static let original = "Historic bakery to close after 112 years\n\n" + paragraphs.joined(separator: "\n\n") + "\n"
    static let newHeadline = "Beloved local baker shuts up shop\n\n" + paragraphs.joined(separator: "\n\n") + "\n"
    static let withBoilerplate = "Bakery closure: what we know\n\n" + paragraphs.joined(separator: "\n\n")
        + "\n\nSign up for our local news briefing, delivered every morning.\n"
    static let other = """
        Cyclists get new lane along the river

        A two-mile cycle lane along the river path opened on Saturday, separating riders from walkers for the first time since the path was built in the nineteen-seventies.

        The council said the lane cost less than expected because volunteers helped clear the undergrowth, and that bicycle counters would show whether it was being used.

        Walking groups welcomed the change, though some said the new surface was slippery after rain and asked for it to be checked before the winter.
        """
}

/// The `copydesk.dedup` object of every record in the log, in order.
private func verdicts(_ state: String) throws -> [[String: Any]] {
    let tail = try copydesk(["tail", "--state-dir", state, "--json", "--from", "0"])
    return tail.stdout.split(separator: "\n").compactMap { line in
        let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return (record?["copydesk"] as? [String: Any])?["dedup"] as? [String: Any]
    }
}

private func write(_ dir: String, _ name: String, _ text: String) -> String {
    let path = dir + "/" + name
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

@Suite("Near-duplicates across restarts")
struct NearDuplicateCLITests {
    @Test("a copy ingested in a later run is linked to the original, from the snapshot and, without it, from the log")
    func acrossRuns() throws {
        let tmp = TemporaryDirectory("copydesk-near")
        let state = tmp.path + "/state"
        #expect(try copydesk(["ingest", "--state-dir", state, write(tmp.path, "a.txt", Story.original)]).status == 0)
        #expect(try copydesk(["ingest", "--state-dir", state, write(tmp.path, "b.txt", Story.newHeadline)]).status == 0)
        try FileManager.default.removeItem(atPath: state + "/content-index.bin")
        #expect(try copydesk(["ingest", "--state-dir", state, write(tmp.path, "c.txt", Story.withBoilerplate),
                              write(tmp.path, "d.txt", Story.other)]).status == 0)
        let v = try verdicts(state)
        try #require(v.count == 4)
        let first = try #require(v[0]["cluster"] as? String)
        #expect(v[0]["status"] as? String == "unique")
        for copy in [v[1], v[2]] {
            #expect(copy["status"] as? String == "near_duplicate")
            #expect(copy["of"] as? String == first)
            #expect(copy["cluster"] as? String == first)
            #expect((copy["similarity"] as? Double ?? 0) > 0.5)
        }
        #expect(v[3]["status"] as? String == "unique")
        #expect(v[3]["cluster"] as? String != first)
    }

    @Test("after SIGKILL (no snapshot written) the daemon rebuilds the window from the log and still links the copy")
    func afterKill() throws {
        let tmp = TemporaryDirectory("copydesk-near-run")
        let drop = tmp.path + "/drop"
        var daemon = try DaemonProcess(state: tmp.path)
        #expect(daemon.waitRunning())
        dropFile(drop, "a.txt", Story.original)
        #expect(daemon.waitFor { articles($0)["appended"] == 1 } != nil)
        daemon.command.kill(SIGKILL)
        _ = daemon.waitExit()
        try? FileManager.default.removeItem(atPath: tmp.path + "/content-index.bin")

        daemon = try DaemonProcess(state: tmp.path)
        defer { daemon.command.kill(SIGKILL) }
        #expect(daemon.waitRunning())
        dropFile(drop, "b.txt", Story.newHeadline)
        #expect(daemon.waitFor { articles($0)["near_duplicates"] == 1 } != nil)
        #expect(articles(daemon.status())["appended"] == 1, "counts are since this start")
        daemon.signal(SIGTERM)
        #expect(daemon.waitExit() == 0)
        let v = try verdicts(tmp.path)
        #expect(v.map { $0["status"] as? String } == ["unique", "near_duplicate"])
        #expect(v.last?["of"] as? String == v.first?["cluster"] as? String)
    }

    @Test("the dedup window is configured in copydesk.yaml and checked by validate")
    func configuration() throws {
        let tmp = TemporaryDirectory("copydesk-near-config")
        let good = write(tmp.path, "good.yaml", "state_dir: s\ndedup:\n  window_articles: 5000\n  window_days: 2\n")
        #expect(try copydesk(["validate", "--config", good]).status == 0)
        let small = try copydesk(["validate", "--config", write(tmp.path, "small.yaml", "dedup:\n  window_articles: 10\n")])
        #expect(small.status == 1)
        #expect(small.stderr.contains("dedup.window_articles must be at least 1000"))
        let typo = try copydesk(["validate", "--config", write(tmp.path, "typo.yaml", "dedup:\n  window_artcles: 10\n")])
        #expect(typo.stderr.contains("unknown key 'window_artcles'"))
    }

    @Test("dedup eval: a bad threshold is a usage error, a missing corpus a clear failure")
    func evalCommand() throws {
        let bad = try copydesk(["dedup", "eval", "--containment", "1.5"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--containment and --jaccard must lie in (0, 1]"))
        let missing = try copydesk(["dedup", "eval", "--corpus", "/nonexistent"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent"))
    }
}
