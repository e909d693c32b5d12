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

    @Test("systemd-analyze verify accepts copydesk.service, and its security exposure is 2.0 or less",
          .enabled(if: analyze != nil, "systemd-analyze is not installed (Deploy/install-deps.sh installs systemd)"))
    func verifyUnit() throws {
        let tmp = TemporaryDirectory("copydesk-unit")
        // verify checks that ExecStart's program exists: point it at the binary under test.
        let unit = try String(contentsOf: Self.deploy.appendingPathComponent("copydesk.service"), encoding: .utf8)
            .replacingOccurrences(of: "/usr/local/bin/copydesk", with: copydeskBinary)
        try unit.write(toFile: tmp.path + "/copydesk.service", atomically: true, encoding: .utf8)
        let verify = try Self.run(["verify", tmp.path + "/copydesk.service"])
        #expect(verify.status == 0, "\(verify.output)")
        // verify exits 0 on directives it ignores ("Failed to parse service type, ignoring"): any output is a finding.
        #expect(verify.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(verify.output)")
        let security = try Self.run(["security", "--offline=yes", tmp.path + "/copydesk.service"])
        let level = security.output.split(separator: "\n").last { $0.contains("Overall exposure level") }
            .flatMap { line in line.split(separator: " ").compactMap { Double($0) }.first }
        #expect((level ?? 10) <= 2.0, "\(security.output.suffix(300))")
    }
}
