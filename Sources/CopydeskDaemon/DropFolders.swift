#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import CopydeskCore

/// Moves handled and quarantined files out of a drop directory, never
/// overwriting: a name taken in the target gets `.1`, `.2`, … before its extension.
struct DropFolders: Sendable {
    let spec: DropSpec

    struct MoveError: Error, CustomStringConvertible {
        var message: String
        var errno: Int32
        var description: String { message }
    }

    /// Creates a folder (and parents) if missing.
    static func ensureDirectory(_ path: String) throws(MoveError) {
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        if errno == ENOENT {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty && parent != path {
                try ensureDirectory(parent)
                if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
            }
        }
        let e = errno
        throw MoveError(message: "cannot create \(path): \(String(cString: strerror(e)))", errno: e)
    }

    private func folder(_ base: String, now: Date) -> String {
        guard spec.datedFolders else { return base }
        let day = now.formatted(.iso8601.year().month().day())
        return base + "/" + day
    }

    /// A name in `dir` that does not exist yet, based on `name`.
    static func freeName(in dir: String, for name: String) -> String {
        var candidate = dir + "/" + name
        if access(candidate, F_OK) != 0 { return candidate }
        let dot = name.lastIndex(of: ".").flatMap { $0 == name.startIndex ? nil : $0 }
        let stem = dot.map { String(name[..<$0]) } ?? name
        let ext = dot.map { String(name[$0...]) } ?? ""
        var n = 1
        repeat {
            candidate = "\(dir)/\(stem).\(n)\(ext)"
            n += 1
        } while access(candidate, F_OK) == 0
        return candidate
    }

    /// Moves a handled file to done/ (or deletes it). Returns where it went.
    func acknowledge(_ path: String, now: Date = Date()) throws(MoveError) -> String? {
        if spec.onSuccess == .delete {
            if unlink(path) != 0 && errno != ENOENT {
                let e = errno
                throw MoveError(message: "cannot delete \(path): \(String(cString: strerror(e)))", errno: e)
            }
            return nil
        }
        return try move(path, to: folder(spec.done, now: now))
    }

    /// Moves a file to failed/ with `NAME.error.json` beside it.
    func quarantine(_ path: String, error: StageError, now: Date = Date()) throws(MoveError) -> String {
        let dir = folder(spec.failed, now: now)
        try Self.ensureDirectory(dir)
        let name = (path as NSString).lastPathComponent
        let target = Self.freeName(in: dir, for: name)
        // The report first: a crash between the two leaves a report without its file, never a file without a reason.
        let report = error.report(at: now)
        try write(target + ".error.json", contents: Self.reportJSON(report))
        if rename(path, target) != 0 {
            let e = errno
            if e == ENOENT { return target }
            throw MoveError(message: "cannot move \(path) to \(target): \(String(cString: strerror(e)))", errno: e)
        }
        return target
    }

    /// Writes quarantined JSONL lines to `failed/NAME.lines.jsonl`, one JSON per line with the line number and reason.
    func quarantineLines(of path: String, lines: [(line: Int, raw: [UInt8], error: StageError)], now: Date = Date()) throws(MoveError) -> String {
        let dir = folder(spec.failed, now: now)
        try Self.ensureDirectory(dir)
        let name = (path as NSString).lastPathComponent
        let target = Self.freeName(in: dir, for: name + ".lines.jsonl")
        var out: [UInt8] = []
        for l in lines {
            let entry: [String: Any] = ["line": l.line, "stage": l.error.stage, "code": l.error.code.description,
                                        "message": l.error.message, "text": String(decoding: l.raw, as: UTF8.self)]
            if let data = try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys, .withoutEscapingSlashes]) {
                out += Array(data) + [0x0A]
            }
        }
        try write(target, contents: out)
        return target
    }

    private func move(_ path: String, to dir: String) throws(MoveError) -> String {
        try Self.ensureDirectory(dir)
        let name = (path as NSString).lastPathComponent
        let target = Self.freeName(in: dir, for: name)
        if rename(path, target) != 0 {
            let e = errno
            if e == ENOENT { return target }
            throw MoveError(message: "cannot move \(path) to \(dir): \(String(cString: strerror(e)))", errno: e)
        }
        return target
    }

    static func reportJSON(_ report: StageError.Report) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(report)) ?? Data()) + [0x0A]
    }

    private func write(_ path: String, contents: [UInt8]) throws(MoveError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 {
            let e = errno
            throw MoveError(message: "cannot write \(path): \(String(cString: strerror(e)))", errno: e)
        }
        defer { close(fd) }
        var done = 0
        while done < contents.count {
            let n = contents.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, contents.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                unlink(path)
                throw MoveError(message: "cannot write \(path): \(String(cString: strerror(e)))", errno: e)
            }
            done += n
        }
        if fsync(fd) != 0 {
            let e = errno
            unlink(path)
            throw MoveError(message: "cannot fsync \(path): \(String(cString: strerror(e)))", errno: e)
        }
    }
}
