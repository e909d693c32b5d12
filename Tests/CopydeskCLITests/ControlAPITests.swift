import Foundation
import Testing

/// One HTTP/1.1 exchange over a unix or TCP socket, written by hand on the
/// test side only (the daemon's side is NIOHTTP1): `Connection: close`, read
/// to the end, split head and body.
func http(unix socketPath: String? = nil, tcpPort: UInt16? = nil, _ method: String, _ path: String) -> (status: Int, body: String)? {
    let fd: Int32
    if let socketPath {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in socketPath.utf8.prefix(raw.count - 1).enumerated() { raw[i] = b }
        }
        let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        guard ok == 0 else { close(fd); return nil }
    } else {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = (tcpPort ?? 0).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard ok == 0 else { close(fd); return nil }
    }
    defer { close(fd) }
    let request = "\(method) \(path) HTTP/1.1\r\nHost: copydesk\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    _ = request.withCString { write(fd, $0, strlen($0)) }
    var data = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = read(fd, &buffer, buffer.count)
        if n <= 0 { break }
        data += buffer[0..<n]
    }
    let text = String(decoding: data, as: UTF8.self)
    guard let split = text.range(of: "\r\n\r\n") else { return nil }
    let statusLine = text[..<split.lowerBound].split(separator: "\r\n").first ?? ""
    let code = statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return (code, String(text[split.upperBound...]))
}

private func object(_ body: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
}

@Suite("The control API")
struct ControlAPITests {
    @Test("GET /status, /health and /metrics over the unix socket (mode 0660); unknown paths and methods get 404 and 405")
    func endpoints() throws {
        let tmp = TemporaryDirectory("copydesk-ctl")
        let daemon = try DaemonProcess(state: tmp.path)
        defer { daemon.command.kill(SIGKILL) }
        #expect(daemon.waitRunning())
        let sock = tmp.path + "/control.sock"
        var st = stat()
        #expect(stat(sock, &st) == 0 && st.st_mode & 0o777 == 0o660)
        dropFile(tmp.path + "/drop", "a.txt", fixtureArticle(1))
        #expect(daemon.waitFor { articles($0)["appended"] == 1 } != nil)

        let status = try #require(http(unix: sock, "GET", "/status"))
        #expect(status.status == 200)
        let s = object(status.body)
        #expect(s["state"] as? String == "running")
        #expect((s["articles"] as? [String: Any])?["appended"] as? Int == 1)
        #expect((s["throughput"] as? [String: Any])?["since_start_per_s"] != nil)

        let health = try #require(http(unix: sock, "GET", "/health"))
        #expect(health.status == 200)
        #expect(object(health.body)["healthy"] as? Bool == true)

        let metrics = try #require(http(unix: sock, "GET", "/metrics"))
        #expect(metrics.status == 200)
        let samples = metrics.body.split(separator: "\n").filter { !$0.hasPrefix("#") }
        // Every sample line is `name{labels} value` with a number.
        #expect(samples.allSatisfy { line in
            guard let space = line.lastIndex(of: " ") else { return false }
            return Double(line[line.index(after: space)...]) != nil || line.hasSuffix("+Inf") || line.hasSuffix("NaN")
        })
        #expect(samples.contains { $0.hasPrefix("copydesk_articles_appended_total{drop=\"\(tmp.path)/drop\",pipeline=\"news\"} 1") })
        #expect(samples.contains { $0.hasPrefix("copydesk_stage_latency_seconds_count{stage=\"parse\"} 1") })
        #expect(samples.contains { $0.hasPrefix("copydesk_drop_to_durable_seconds_bucket{le=\"+Inf\"} 1") })
        #expect(samples.contains { $0.hasPrefix("copydesk_log_records 1") })
        #expect(samples.contains { $0.hasPrefix("copydesk_intake_paused 0") })

        #expect(http(unix: sock, "GET", "/nowhere")?.status == 404)
        #expect(http(unix: sock, "DELETE", "/status")?.status == 405)
        #expect(http(unix: sock, "GET", "/pause")?.status == 405)
    }

    @Test("pause holds new files back until resume; both show in status and as events")
    func pauseResume() throws {
        let tmp = TemporaryDirectory("copydesk-ctl")
        let daemon = try DaemonProcess(state: tmp.path)
        defer { daemon.command.kill(SIGKILL) }
        #expect(daemon.waitRunning())
        let paused = try copydesk(["pause", "--state-dir", tmp.path])
        #expect(paused.status == 0)
        #expect(paused.stdout.contains("intake paused"))
        #expect(daemon.waitFor { $0["state"] as? String == "paused" } != nil)
        dropFile(tmp.path + "/drop", "held.txt", fixtureArticle(2))
        // Seen and queued, not read: a pause that let it through would have
        // read it at once, and it would never show as pending.
        let held = daemon.waitFor { (($0["drops"] as? [[String: Any]])?.first?["pending"] as? Int) == 1 }
        #expect(held != nil)
        #expect(articles(held ?? [:])["appended"] == 0)
        #expect(articles(daemon.status())["appended"] == 0)
        #expect(listing(tmp.path + "/drop").contains("held.txt"))
        #expect(try copydesk(["resume", "--state-dir", tmp.path]).status == 0)
        #expect(daemon.waitFor { articles($0)["appended"] == 1 } != nil)
        let events = try copydesk(["events", "--state-dir", tmp.path, "--json"])
        let types = events.stdout.split(separator: "\n").compactMap { object(String($0))["type"] as? String }
        #expect(types.firstIndex(of: "paused").map { p in types.firstIndex(of: "resumed").map { p < $0 } ?? false } == true)
        #expect(types.contains("appended"))
    }

    @Test("events -f streams picked, appended with its offset, near-duplicate and quarantined with the reason")
    func eventStream() throws {
        let tmp = TemporaryDirectory("copydesk-ctl")
        let daemon = try DaemonProcess(state: tmp.path)
        defer { daemon.command.kill(SIGKILL) }
        #expect(daemon.waitRunning())
        let follow = try RunningCommand(["events", "-f", "--json", "--state-dir", tmp.path])
        defer { follow.kill(SIGTERM) }
        usleep(300_000)
        let drop = tmp.path + "/drop"
        let story = "Harbour ferry returns to service\n\n" + (0..<6).map { "Paragraph \($0) of the ferry story says the crossing resumed on Monday after three months of repairs in dry dock, and passengers queued early." }.joined(separator: "\n\n") + "\n"
        dropFile(drop, "a.txt", story)
        dropFile(drop, "b.txt", story.replacingOccurrences(of: "Harbour ferry returns to service", with: "Ferry back after repairs"))
        dropFile(drop, "bad.json", "{\"headline\": ")
        let seen = follow.wait(timeout: 20) { lines in
            let types = lines.compactMap { object($0)["type"] as? String }
            return types.contains("quarantined") && types.contains("near_duplicate") && types.filter { $0 == "appended" }.count == 2
        }
        #expect(seen)
        let events = follow.output.map { object($0) }
        let appended = events.filter { $0["type"] as? String == "appended" }
        #expect(Set(appended.compactMap { $0["offset"] as? Int }) == [0, 1])
        #expect(events.contains { $0["type"] as? String == "picked" && ($0["path"] as? String)?.hasSuffix("/a.txt") == true })
        let near = try #require(events.first { $0["type"] as? String == "near_duplicate" })
        #expect(near["action"] as? String == "mark")
        // Either copy may be read first; the other is marked a near-duplicate of it.
        let ids = Set(appended.compactMap { $0["id"] as? String })
        #expect(ids.count == 2)
        #expect(ids.contains(near["of"] as? String ?? "") && near["of"] as? String != near["id"] as? String)
        let bad = try #require(events.first { $0["type"] as? String == "quarantined" })
        #expect(bad["stage"] as? String == "parse")
        #expect((bad["reason"] as? String)?.isEmpty == false)
    }

    @Test("reload applies a good configuration and refuses a bad one, keeping the running one")
    func reload() throws {
        let tmp = TemporaryDirectory("copydesk-ctl")
        let config = tmp.path + "/copydesk.yaml"
        try "state_dir: state\ndrops:\n  - path: in\n".write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(state: tmp.path + "/state", arguments: ["run", "--config", config])
        defer { daemon.command.kill(SIGKILL) }
        #expect(daemon.waitRunning())
        let good = try copydesk(["reload", "--config", config])
        #expect(good.status == 0)
        #expect(good.stdout.contains("configuration reloaded"))
        try "state_dir: state\ndrops:\n  - path: in\n    pipeline: nonesuch\n".write(toFile: config, atomically: true, encoding: .utf8)
        let bad = try copydesk(["reload", "--config", config])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("nonesuch"))
        #expect(daemon.status()?["state"] as? String == "running")
        let events = try copydesk(["events", "--config", config, "--json"]).stdout
        #expect(events.contains("\"type\":\"reloaded\""))
        #expect(events.contains("\"type\":\"reload_failed\""))
    }

    @Test("the TCP listener serves /metrics and /health only")
    func tcpMetrics() throws {
        let tmp = TemporaryDirectory("copydesk-ctl")
        let port = freeTCPPort()
        let config = tmp.path + "/copydesk.yaml"
        try "state_dir: state\ncontrol:\n  metrics_listen: 127.0.0.1:\(port)\n".write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(state: tmp.path + "/state", arguments: ["run", "--config", config])
        defer { daemon.command.kill(SIGKILL) }
        #expect(daemon.waitRunning())
        #expect(http(tcpPort: port, "GET", "/metrics")?.body.contains("copydesk_up 1") == true)
        #expect(http(tcpPort: port, "GET", "/health")?.status == 200)
        #expect(http(tcpPort: port, "GET", "/status")?.status == 404)
        #expect(http(tcpPort: port, "POST", "/pause")?.status == 404)
    }

    @Test("a second daemon on the same state fails on the log's lock and leaves the first one's socket alone")
    func secondDaemon() throws {
        let tmp = TemporaryDirectory("copydesk-ctl")
        let first = try DaemonProcess(state: tmp.path)
        defer { first.command.kill(SIGKILL) }
        #expect(first.waitRunning())
        let second = try copydesk(["run", "--state-dir", tmp.path])
        #expect(second.status == 1)
        #expect(second.stderr.contains("lock") || second.stderr.contains("running"), "\(second.stderr)")
        #expect(http(unix: tmp.path + "/control.sock", "GET", "/health")?.status == 200)
    }

    @Test("without a daemon, events, pause and reload say no daemon answers and exit 1")
    func noDaemon() throws {
        let tmp = TemporaryDirectory("copydesk-ctl")
        for command in ["events", "pause", "resume", "reload"] {
            let r = try copydesk([command, "--state-dir", tmp.path])
            #expect(r.status == 1, "\(command)")
            #expect(r.stderr.contains("no copydesk daemon answers on \(tmp.path)/control.sock"), "\(command)")
        }
    }

    @Test("retry moves a quarantined file back into its drop directory, and the daemon reads it again")
    func retry() throws {
        let tmp = TemporaryDirectory("copydesk-ctl")
        let daemon = try DaemonProcess(state: tmp.path)
        defer { daemon.command.kill(SIGKILL) }
        #expect(daemon.waitRunning())
        let drop = tmp.path + "/drop"
        dropFile(drop, "story.txt", "Headline only\n")
        #expect(daemon.waitFor { _ in FileManager.default.fileExists(atPath: drop + "/.failed/story.txt.error.json") } != nil)
        // The producer's fix, written into the quarantined copy, then retried.
        try fixtureArticle(7).write(toFile: drop + "/.failed/story.txt", atomically: true, encoding: .utf8)
        let r = try copydesk(["retry", "--state-dir", tmp.path, "story.txt"])
        #expect(r.status == 0)
        #expect(!FileManager.default.fileExists(atPath: drop + "/.failed/story.txt.error.json"))
        #expect(daemon.waitFor { articles($0)["appended"] == 1 } != nil)
        #expect(try copydesk(["retry", "--state-dir", tmp.path, "nothing.txt"]).status == 1)
    }
}

/// A loopback port nobody listens on right now (bound to port 0, read back, released).
func freeTCPPort() -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
    return UInt16(bigEndian: addr.sin_port)
}
