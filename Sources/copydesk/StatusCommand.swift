import ArgumentParser
import CopydeskDaemon
import CopydeskLog
import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `copydesk status`.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "What the daemon is doing: state, counts, latency, stages, drops, log.",
        discussion: """
        Reads the running daemon's status (state/status.json, rewritten every second). \
        When no daemon runs, prints an offline view from the log and the drop directories, \
        marked "offline": true; exits 1 when there is neither a daemon nor any state.
        """
    )

    @OptionGroup var options: DaemonOptions

    @Flag(help: "Print the status as JSON (the keys are a contract: see README).")
    var json = false

    @Flag(help: "Redraw every second until interrupted.")
    var watch = false

    func run() throws {
        let config = try options.load()
        repeat {
            guard let status = StatusReader.read(config) else {
                FileHandleOutput.stderr("copydesk status: no daemon is running and there is no state at \(config.stateDirectory)")
                throw ExitCode.failure
            }
            if watch { print("\u{1B}[H\u{1B}[2J", terminator: "") }
            if json {
                FileHandleOutput.stdout(FileHandleOutput.json(status, pretty: !watch))
            } else {
                StatusReader.printHuman(status)
            }
            FileHandleOutput.flush()
            if watch { sleep(1) }
        } while watch
    }
}

enum StatusReader {
    static func read(_ config: DaemonConfiguration) -> DaemonStatus? {
        // The status file names the log it belongs to; the daemon is alive while it holds that log's lock.
        if let data = FileManager.default.contents(atPath: config.statusFile),
           let s = try? JSONDecoder().decode(DaemonStatus.self, from: data),
           LogDirectory.writerIsRunning(LogDirectory(s.log.dir)), s.state != "stopped" {
            return s
        }
        return DaemonStatus.offline(config)
    }

    static func printHuman(_ s: DaemonStatus) {
        let a = s.articles
        FileHandleOutput.stdout("state       \(s.state)\(s.offline ? " (offline view: no daemon answered)" : "")\(s.paused_reason.map { " — \($0)" } ?? "")")
        if let up = s.uptime_s { FileHandleOutput.stdout(String(format: "uptime      %.0f s (pid %d)", up, s.pid ?? 0)) }
        FileHandleOutput.stdout("articles    received \(a.received), appended \(a.appended), duplicates \(a.duplicates), near-duplicates \(a.near_duplicates), quarantined \(a.quarantined), in flight \(a.in_flight)")
        FileHandleOutput.stdout(String(format: "latency     drop→durable p50 %.1f ms, p99 %.1f ms", s.latency_ms.p50, s.latency_ms.p99))
        FileHandleOutput.stdout(String(format: "log         %@: next offset %llu, durable %llu, %llu records, %.1f MB, ratio %.2f",
                                       s.log.dir, s.log.next_offset, s.log.durable_offset, s.log.records, Double(s.log.bytes) / 1e6, s.log.ratio))
        for (name, st) in s.stages.sorted(by: { $0.key < $1.key }) {
            FileHandleOutput.stdout(String(format: "stage       %-12@ processed %llu, failed %llu, p50 %.3f ms, p99 %.3f ms", name, st.processed, st.failed, st.p50_ms, st.p99_ms))
        }
        for d in s.drops {
            FileHandleOutput.stdout("drop        \(d.path) → \(d.pipeline): \(d.pending) pending, \(d.in_flight) in flight")
        }
        for e in s.last_errors { FileHandleOutput.stdout("error       \(e)") }
    }
}
