import CopydeskLog
import Foundation
import Testing
@testable import CopydeskSinks

/// A log of `count` small article records (ids `story-N`, every third in cluster `c-N/3`) in a fresh directory.
final class TestLog: @unchecked Sendable {
    let root: String
    let directory: LogDirectory

    init(count: Int) throws {
        var template = Array("/tmp/copydesk-sinks.XXXXXX".utf8CString)
        root = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        directory = LogDirectory(root + "/log")
        var config = LogConfiguration()
        config.fsync = .never
        let writer = try LogWriter(directory: directory, configuration: config, owner: "sink tests")
        var records: [EncodedRecord] = []
        for n in 0..<count {
            records.append(EncodedRecord(raw: Array(Self.record(n).utf8)))
            if records.count == 500 { _ = try writer.appendAndWait(records); records = [] }
        }
        if !records.isEmpty { _ = try writer.appendAndWait(records) }
        writer.close()
    }

    static func record(_ n: Int) -> String {
        #"{"bodies":[{"role":"main","value":"Body \#(n) with a \"quote\", a back\\slash and a tab\t."}],"copydesk":{"dedup":{"cluster":"c-\#(n / 3)","status":"\#(n % 3 == 0 ? "unique" : "near_duplicate")"},"pipeline":"news"},"headlines":[{"role":"main","value":"Story \#(n)"}],"id":"story-\#(n)","versionCreated":"2026-11-29T08:00:00Z"}"#
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }
}

/// Runs a program to completion; its status and output. posix_spawn and
/// waitpid, not Foundation's Process: a server the program leaves running
/// (pg_ctl start) inherits what Process watches, and Process would never see
/// the program end.
@discardableResult
func shell(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let file = "/tmp/copydesk-shell-\(getpid())-\(UInt32.random(in: 0 ... .max)).out"
    defer { unlink(file) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, file, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
    guard rc == 0 else { throw SinkError("cannot start \(path): \(String(cString: strerror(rc)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return (exit, String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self))
}
