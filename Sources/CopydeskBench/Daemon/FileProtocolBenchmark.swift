#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CopydeskCore
import CopydeskDaemon
import CopydeskLog
import Foundation

/// `copydesk bench files`: what the drop-directory protocol alone costs on
/// this machine, with no stages, no log and no Dispatch.
///
/// A producer thread renames N staged files into a watched folder, as a
/// producer following DESIGN §3 does. This thread reads the inotify events and,
/// for each file, makes the daemon's own system calls: `FileClaim.read`
/// (open with O_NOFOLLOW, fstat, read, fstat, close) and the never-replacing
/// move to `.done/` (`DropFolders.renameNoReplace`). CPU per file is the floor
/// under one-file-per-article intake: the stages, the log and the daemon's
/// bookkeeping all come on top of it.
package struct FileProtocolBenchmark: Sendable {
    /// The figures.
    package struct Result: Sendable, Codable {
        package var files = 0
        package var bytesPerFile = 0
        package var seconds = 0.0
        package var filesPerSecond = 0.0
        package var cpuMicrosecondsPerFile = 0.0
        package var systemMicrosecondsPerFile = 0.0
        package var cores = 0

        enum CodingKeys: String, CodingKey {
            case files, bytesPerFile = "bytes_per_file", seconds, filesPerSecond = "files_per_second"
            case cpuMicrosecondsPerFile = "cpu_us_per_file", systemMicrosecondsPerFile = "kernel_us_per_file", cores
        }
    }

    package var files: Int
    package var bytesPerFile: Int
    package var scratch: String

    package init(files: Int, bytesPerFile: Int, scratch: String) {
        self.files = files
        self.bytesPerFile = bytesPerFile
        self.scratch = scratch
    }

    package func run(progress: (String) -> Void) throws -> Result {
        try? FileManager.default.removeItem(atPath: scratch)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let staging = scratch + "/staging", drop = scratch + "/drop", done = drop + "/.done"
        for dir in [staging, drop, done] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        progress("writing \(files) files of \(bytesPerFile) bytes")
        let body = (0..<bytesPerFile).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        for i in 0..<files { try PipelineBenchmark.writeFile("\(staging)/a\(i).txt", body) }

        sync()  // the staged files' writeback happens now, not during the timed part
        let fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { throw DaemonError(.io, "inotify_init1: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard inotify_add_watch(fd, drop, UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO)) >= 0 else {
            throw DaemonError(.io, "inotify_add_watch \(drop): \(String(cString: strerror(errno)))")
        }
        progress("renaming them into a watched folder on one thread; reading and moving them to .done/ on another")
        let before = PipelineBenchmark.cpuTimes()
        let start = PipelineRunner.nanos()
        let count = files
        let producer = Thread {
            for i in 0..<count { _ = Foundation.rename("\(staging)/a\(i).txt", "\(drop)/a\(i).txt") }
        }
        producer.start()
        var handled = 0
        var events = [UInt8](repeating: 0, count: 64 * 1024)
        while handled < files {
            let n = events.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw DaemonError(.io, "reading inotify events: \(String(cString: strerror(errno)))") }
            var failure: String?
            events.withUnsafeBytes { raw in
                InotifyWatcher.forEachEvent(in: UnsafeRawBufferPointer(rebasing: raw[..<n])) { event, name in
                    guard failure == nil else { return }
                    if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                        failure = "the inotify queue overflowed (fs.inotify.max_queued_events): drop fewer files"
                        return
                    }
                    guard let name else { return }
                    let path = drop + "/" + name
                    guard case .read = FileClaim.read(path: path, maxBytes: 16 << 20) else {
                        failure = "could not read \(path)"
                        return
                    }
                    let e = DropFolders.renameNoReplace(path, done + "/" + name)
                    guard e == 0 else {
                        failure = "could not move \(path): \(String(cString: strerror(e)))"
                        return
                    }
                    handled += 1
                }
            }
            if let failure { throw DaemonError(.io, failure) }
        }
        while !producer.isFinished { usleep(1000) }
        let seconds = Double(PipelineRunner.nanos() - start) / 1e9
        let after = PipelineBenchmark.cpuTimes()
        var result = Result()
        result.files = files
        result.bytesPerFile = bytesPerFile
        result.seconds = seconds
        result.filesPerSecond = Double(files) / seconds
        // Kernel time first, and the total as kernel plus user: summed in the other
        // order the two can round apart, and the total came out below its own part.
        result.systemMicrosecondsPerFile = (after.system - before.system) * 1e6 / Double(max(1, files))
        result.cpuMicrosecondsPerFile = result.systemMicrosecondsPerFile + (after.user - before.user) * 1e6 / Double(max(1, files))
        result.cores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        return result
    }
}
