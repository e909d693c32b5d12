import Foundation

/// The `copydesk` binary built beside the test bundle.
let copydeskBinary: String = {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("copydesk").path
}()

/// What a finished command printed and how it exited.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `copydesk ARGS…` to completion. Output goes through files, not pipes:
/// tests run in parallel, and a pipe's write end inherited by another test's
/// long-running child would keep this one from ever seeing end of file.
@discardableResult
func copydesk(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
    let tmp = TemporaryDirectory("copydesk-out")
    let outPath = tmp.path + "/stdout", errPath = tmp.path + "/stderr"
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: copydeskBinary)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    return CommandResult(status: process.terminationStatus,
                         stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
                         stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
}

/// A running `copydesk` whose stdout is read line by line.
final class RunningCommand: @unchecked Sendable {
    let process = Process()
    private let lines = LineBuffer()
    private let pipe = Pipe()

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: copydeskBinary)
        process.arguments = arguments
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let handle = pipe.fileHandleForReading
        let lines = self.lines
        Thread {
            var buffer = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let nl = buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[buffer.startIndex..<nl], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...nl)
                    lines.lines.withLock { $0.append(line) }
                }
            }
        }.start()
    }

    /// Lines printed so far.
    var output: [String] { lines.lines.withLock { $0 } }

    /// Waits until `predicate` holds for the lines so far, or the timeout passes.
    @discardableResult
    func wait(timeout: TimeInterval = 20, until predicate: ([String]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if predicate(output) { return true }
            usleep(10_000)
        }
        return predicate(output)
    }

    func kill(_ signal: Int32) {
        Foundation.kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }
}

import Synchronization

/// A fresh directory under /tmp, removed when released.
final class TemporaryDirectory: @unchecked Sendable {
    let path: String

    init(_ name: String = "copydesk-cli") {
        var template = Array("/tmp/\(name).XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = String(cString: p!)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

final class LineBuffer: Sendable {
    let lines = Mutex<[String]>([])
}

/// Writes `DIR/copydesk.yaml` with state in `tmp`, the log in `log`, and
/// `sinks` (a `sinks:` mapping, unindented) as its sinks; returns its path.
func writeSinkConfig(_ tmp: TemporaryDirectory, log: String, sinks: String) throws -> String {
    let config = tmp.path + "/copydesk.yaml"
    let indented = sinks.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
    try "state_dir: \(tmp.path)\nlog:\n  dir: \(log)\nsinks:\n\(indented)\n".write(toFile: config, atomically: true, encoding: .utf8)
    return config
}
