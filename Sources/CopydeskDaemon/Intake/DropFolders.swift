#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import CopydeskCore
import CLinux

/// Moves handled and quarantined files out of a drop directory, never
/// overwriting: a name taken in the target gets `.1`, `.2`, … before its extension.
package struct DropFolders: Sendable {
    let spec: DropSpec

    package struct MoveError: Error, CustomStringConvertible {
        var message: String
        var errno: Int32
        package var description: String { message }
    }

    /// Creates a folder (and parents) if missing.
    package static func ensureDirectory(_ path: String) throws(MoveError) {
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

    /// Whether anything is at `path`, a dangling symbolic link included
    /// (which `access` would call free, and a rename that never replaces would not).
    static func taken(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// A name in `dir` that does not exist yet, based on `name`.
    static func freeName(in dir: String, for name: String) -> String {
        var candidate = dir + "/" + name
        var n = 1
        while taken(candidate) {
            candidate = dir + "/" + numbered(name, n)
            n += 1
        }
        return candidate
    }

    /// `name` with `.n` before its extension: `a.txt` → `a.1.txt`.
    static func numbered(_ name: String, _ n: Int) -> String {
        let dot = name.lastIndex(of: ".").flatMap { $0 == name.startIndex ? nil : $0 }
        let stem = dot.map { String(name[..<$0]) } ?? name
        let ext = dot.map { String(name[$0...]) } ?? ""
        return "\(stem).\(n)\(ext)"
    }

    /// The last component of a file's path. The daemon's paths are
    /// `folder/name`; this is the same as NSString's lastPathComponent for
    /// them, without bridging the path to an NSString for every file.
    static func fileName(_ path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        let name = path[path.utf8.index(after: slash)...]
        return name.isEmpty ? (path as NSString).lastPathComponent : String(name)
    }

    /// Renames without ever replacing: renameat2(RENAME_NOREPLACE), one call
    /// that fails with EEXIST when `to` exists. Where the filesystem cannot do
    /// that (EINVAL, ENOSYS, EOPNOTSUPP), a check and a plain rename.
    /// Returns 0 or the errno.
    package static func renameNoReplace(_ from: String, _ to: String) -> Int32 {
        if copydesk_rename_noreplace(from, to) == 0 { return 0 }
        let e = errno
        guard e == EINVAL || e == ENOSYS || e == EOPNOTSUPP else { return e }
        if taken(to) { return EEXIST }
        return rename(from, to) == 0 ? 0 : errno
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
        let name = Self.fileName(path)
        let report = Self.reportJSON(error.report(at: now))
        while true {
            let target = Self.freeName(in: dir, for: name)
            // The report first: a crash between the two leaves a report without its file, never a file without a reason.
            try write(target + ".error.json", contents: report)
            let e = Self.renameNoReplace(path, target)
            switch e {
            case 0, ENOENT:
                return target
            case EEXIST:
                continue  // someone else took the name between the check and the rename: the next free one
            default:
                throw MoveError(message: "cannot move \(path) to \(target): \(String(cString: strerror(e)))", errno: e)
            }
        }
    }

    /// Writes quarantined JSONL lines to `failed/NAME.lines.jsonl`, one JSON per line with the line number and reason.
    func quarantineLines(of path: String, lines: [(line: Int, raw: [UInt8], error: StageError)], now: Date = Date()) throws(MoveError) -> String {
        let dir = folder(spec.failed, now: now)
        try Self.ensureDirectory(dir)
        let name = Self.fileName(path)
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

    /// One rename per file in the common case: no check for the folder or
    /// the name first. A taken name gets the next number; a missing folder is
    /// made once, and the rename tried again.
    private func move(_ path: String, to dir: String) throws(MoveError) -> String {
        let name = Self.fileName(path)
        var target = dir + "/" + name
        var n = 1
        var madeFolder = false
        while true {
            let e = Self.renameNoReplace(path, target)
            switch e {
            case 0:
                return target
            case EEXIST:
                target = dir + "/" + Self.numbered(name, n)
                n += 1
            case ENOENT where !madeFolder && access(dir, F_OK) != 0:
                try Self.ensureDirectory(dir)
                madeFolder = true
            case ENOENT:
                return target  // gone already (as a rename of the file itself would find)
            default:
                throw MoveError(message: "cannot move \(path) to \(dir): \(String(cString: strerror(e)))", errno: e)
            }
        }
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
