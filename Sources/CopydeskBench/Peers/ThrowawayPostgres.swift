import CLibPQ
import CopydeskSinks
import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A throwaway PostgreSQL cluster: initdb and pg_ctl in a temporary directory,
/// listening only on a unix socket there (as the `postgres` user when the
/// tests run as root, since the server refuses root).
package final class ThrowawayPostgres: @unchecked Sendable {
    /// The newest installed PostgreSQL server programs, if any.
    package static let bin: String? = {
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        return versions.map { "\(base)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: $0 + "/pg_ctl") }
    }()

    /// Its directory (data, socket, log).
    package let dir: String
    /// Its port (the socket is `.s.PGSQL.PORT` in `dir`).
    package let port = Int.random(in: 30_000...40_000)
    /// A libpq URL for it.
    package var url: String { "postgresql:///postgres?host=\(dir)&port=\(port)&user=postgres" }

    /// Starts a cluster (initdb, pg_ctl start).
    package init() throws {
        guard let bin = Self.bin else { throw SinkError("PostgreSQL is not installed (Debian: postgresql)") }
        var template = Array("/tmp/copydesk-pg.XXXXXX".utf8CString)
        dir = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        chmod(dir, 0o777)
        try run(bin + "/initdb", ["-D", dir + "/data", "-U", "postgres", "--auth=trust", "--no-sync"])
        try run(bin + "/pg_ctl", ["-D", dir + "/data", "-w", "-l", dir + "/server.log",
                                  "-o", "-k \(dir) -p \(port) -c listen_addresses='' -c fsync=off", "start"])
    }

    private func run(_ program: String, _ arguments: [String]) throws {
        let asRoot = getuid() == 0
        let r = try shell(asRoot ? "/usr/sbin/runuser" : program, asRoot ? ["-u", "postgres", "--", program] + arguments : arguments)
        guard r.status == 0 else { throw SinkError("\(program) failed: \(r.output)") }
    }

    /// Rows of `sql` as strings.
    package func rows(_ sql: String) -> [[String]] {
        guard let c = PQconnectdb(url) else { return [] }
        defer { PQfinish(c) }
        guard let r = PQexec(c, sql) else { return [] }
        defer { PQclear(r) }
        return (0..<PQntuples(r)).map { i in (0..<PQnfields(r)).map { j in String(cString: PQgetvalue(r, i, j)) } }
    }

    deinit {
        if let bin = Self.bin { try? run(bin + "/pg_ctl", ["-D", dir + "/data", "-m", "immediate", "stop"]) }
        try? FileManager.default.removeItem(atPath: dir)
    }
}


/// Runs a program to completion; its status and output. posix_spawn and
/// waitpid, not Foundation's Process: a server the program leaves running
/// (pg_ctl start) inherits what Process watches, and Process would never see
/// the program end.
@discardableResult
package func shell(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
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
