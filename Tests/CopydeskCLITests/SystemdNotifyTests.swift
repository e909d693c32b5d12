import Foundation
import Testing

/// A unix datagram socket standing in for systemd's notify socket.
final class NotifySocket: @unchecked Sendable {
    let path: String
    let fd: Int32

    init(path: String) {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { p in
            for (i, b) in path.utf8.enumerated() { p[i] = b }
        }
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        var tv = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Messages received until `timeout` or until `until` holds for them.
    func collect(timeout: TimeInterval, until: ([String]) -> Bool) -> [String] {
        var messages: [String] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline && !until(messages) {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { messages.append(String(decoding: buffer[0..<n], as: UTF8.self)) }
        }
        return messages
    }
}

@Suite("copydesk run under systemd")
struct SystemdNotifyTests {
    @Test("READY=1 after start, WATCHDOG=1 while idle, STOPPING=1 on SIGTERM")
    func notifications() throws {
        let tmp = TemporaryDirectory("copydesk-notify")
        let socketPath = tmp.path + "/notify.sock"
        let listener = NotifySocket(path: socketPath)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: copydeskBinary)
        process.arguments = ["run", "--state-dir", tmp.path]
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = socketPath
        env["WATCHDOG_USEC"] = "300000"
        process.environment = env
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let started = listener.collect(timeout: 20) { m in m.contains { $0.hasPrefix("READY=1") } && m.contains("WATCHDOG=1") }
        #expect(started.contains { $0.hasPrefix("READY=1") })
        #expect(started.contains("WATCHDOG=1"))
        kill(process.processIdentifier, SIGTERM)
        let stopping = listener.collect(timeout: 20) { m in m.contains { $0.hasPrefix("STOPPING=1") } }
        #expect(stopping.contains { $0.hasPrefix("STOPPING=1") })
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}

extension SystemdNotifyTests {
    @Test("a stage stuck with an article in flight stops WATCHDOG=1 until it finishes; SIGHUP and copydesk reload send RELOADING=1 with MONOTONIC_USEC, then READY=1")
    func watchdogAndReload() throws {
        let tmp = TemporaryDirectory("copydesk-notify")
        try FileManager.default.createDirectory(atPath: tmp.path + "/pipelines", withIntermediateDirectories: true)
        try """
            name: slow
            stages:
              - type: parse
              - type: normalize
              - type: exec
                command: ["/bin/sh", "-c", "sleep 4; cat"]
                timeout_ms: 30000
              - type: compress
            """.write(toFile: tmp.path + "/pipelines/slow.yaml", atomically: true, encoding: .utf8)
        let config = tmp.path + "/copydesk.yaml"
        try "state_dir: state\npipelines_dir: pipelines\ndrops:\n  - path: in\n    pipeline: slow\n".write(toFile: config, atomically: true, encoding: .utf8)
        let listener = NotifySocket(path: tmp.path + "/notify.sock")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: copydeskBinary)
        process.arguments = ["run", "--config", config]
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = listener.path
        env["WATCHDOG_USEC"] = "400000"
        process.environment = env
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let started = listener.collect(timeout: 20) { m in m.contains { $0.hasPrefix("READY=1") } && m.contains("WATCHDOG=1") }
        #expect(started.contains("WATCHDOG=1"))

        dropFile(tmp.path + "/in", "a.txt", fixtureArticle(3))
        let inFlight = { () -> Int in
            let r = try? copydesk(["status", "--config", config, "--json"])
            let s = r.flatMap { try? JSONSerialization.jsonObject(with: Data($0.stdout.utf8)) as? [String: Any] }
            return articles(s)["in_flight"] ?? 0
        }
        let deadline = Date().addingTimeInterval(10)
        while inFlight() == 0 && Date() < deadline { usleep(50_000) }
        usleep(500_000)
        let stuck = listener.collect(timeout: 1.0) { _ in false }
        #expect(!stuck.contains("WATCHDOG=1"), "pings went on while the stage was stuck: \(stuck)")
        let recovered = listener.collect(timeout: 15) { m in m.contains("WATCHDOG=1") }
        #expect(recovered.contains("WATCHDOG=1"))

        kill(process.processIdentifier, SIGHUP)
        let hup = listener.collect(timeout: 10) { m in m.contains { $0.hasPrefix("READY=1") } }
        let reloading = try #require(hup.firstIndex { $0.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") })
        #expect(hup.lastIndex { $0.hasPrefix("READY=1") }.map { $0 > reloading } == true)
        #expect(try copydesk(["reload", "--config", config]).status == 0)
        let api = listener.collect(timeout: 10) { m in m.contains { $0.hasPrefix("READY=1") } }
        #expect(api.contains { $0.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") })
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}

@Suite("Deploy/ units")
struct DeployUnitTests {
    static let analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs systemd-analyze with `arguments`; returns its status and output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(analyze))
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static var deploy: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Deploy")
    }

    @Test("systemd-analyze verify accepts the units, and their security exposure is 2.0 or less",
          .enabled(if: analyze != nil, "systemd-analyze is not installed (Deploy/install-deps.sh installs systemd)"),
          arguments: [("copydesk.service", "copydesk.service"), ("copydesk-replay@.service", "copydesk-replay@search.service")])
    func verifyUnit(file: String, instance: String) throws {
        let tmp = TemporaryDirectory("copydesk-unit")
        // verify checks that ExecStart's program exists: point it at the binary under test.
        let unit = try String(contentsOf: Self.deploy.appendingPathComponent(file), encoding: .utf8)
            .replacingOccurrences(of: "/usr/local/bin/copydesk", with: copydeskBinary)
        try unit.write(toFile: tmp.path + "/" + file, atomically: true, encoding: .utf8)
        let verify = try Self.run(["verify", tmp.path + "/" + instance])
        #expect(verify.status == 0, "\(verify.output)")
        // verify exits 0 on directives it ignores ("Failed to parse service type, ignoring"): any output is a finding.
        #expect(verify.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(verify.output)")
        let security = try Self.run(["security", "--offline=yes", tmp.path + "/" + instance])
        let level = security.output.split(separator: "\n").last { $0.contains("Overall exposure level") }
            .flatMap { line in line.split(separator: " ").compactMap { Double($0) }.first }
        #expect((level ?? 10) <= 2.0, "\(security.output.suffix(300))")
    }
}
