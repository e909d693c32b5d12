import ArgumentParser
import CopydeskDaemon
import CopydeskLog
import Foundation
import NIOHTTP1
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `copydesk status`.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "What the daemon is doing: state, counts, latency, stages, drops, log.",
        discussion: """
        Asks the running daemon over its control socket (GET /status; state/status.json, \
        rewritten every second, when the socket does not answer). When no daemon runs, \
        prints an offline view from the log and the drop directories, marked \
        "offline": true; exits 1 when there is neither a daemon nor any state.
        """
    )

    @OptionGroup var options: DaemonOptions

    @Flag(help: "Print the status as JSON (the keys are a contract: see README).")
    var json = false

    @Flag(help: "Redraw in place every second, like top, until interrupted.")
    var watch = false

    func run() throws {
        let config = try options.load()
        if watch { print("\u{1B}[2J", terminator: "") }
        repeat {
            guard let status = StatusReader.read(config) else {
                FileHandleOutput.stderr("copydesk status: no daemon is running and there is no state at \(config.stateDirectory)")
                throw ExitCode.failure
            }
            // In place: home, each line cleared to its end, the rest of the screen cleared.
            if watch { print("\u{1B}[H", terminator: "") }
            let lines = json ? [FileHandleOutput.json(status, pretty: !watch)] : StatusReader.human(status)
            for l in lines { FileHandleOutput.stdout(watch ? l + "\u{1B}[K" : l) }
            if watch { print("\u{1B}[J", terminator: "") }
            FileHandleOutput.flush()
            if watch { sleep(1) }
        } while watch
    }
}

enum StatusReader {
    static func read(_ config: DaemonConfiguration) -> DaemonStatus? {
        if let answer = try? ControlClient.request(socket: config.controlSocketPath, method: .GET, path: "/status", timeout: 5),
           answer.status == 200, let s = try? JSONDecoder().decode(DaemonStatus.self, from: Data(answer.body.utf8)) {
            return s
        }
        // The status file names the log it belongs to; the daemon is alive while it holds that log's lock.
        if let data = FileManager.default.contents(atPath: config.statusFile),
           let s = try? JSONDecoder().decode(DaemonStatus.self, from: data),
           LogDirectory.writerIsRunning(LogDirectory(s.log.dir)), s.state != "stopped" {
            return s
        }
        return DaemonStatus.offline(config)
    }

    static func human(_ s: DaemonStatus) -> [String] {
        let a = s.articles
        var out: [String] = []
        out.append("state       \(s.state)\(s.offline ? " (offline view: no daemon answered)" : "")\(s.paused_reason.map { " — \($0)" } ?? "")")
        if let up = s.uptime_s { out.append(String(format: "uptime      %.0f s (pid %d)", up, s.pid ?? 0)) }
        out.append("articles    received \(a.received), appended \(a.appended), duplicates \(a.duplicates), near-duplicates \(a.near_duplicates), quarantined \(a.quarantined), in flight \(a.in_flight)")
        if let t = s.throughput {
            out.append(String(format: "throughput  %.1f articles/s now, %.1f since start", t.now_per_s, t.since_start_per_s))
        }
        out.append(String(format: "latency     drop→durable p50 %.1f ms, p99 %.1f ms", s.latency_ms.p50, s.latency_ms.p99))
        out.append(String(format: "log         %@: next offset %llu, durable %llu, %llu records, %.1f MB, ratio %.2f",
                          s.log.dir, s.log.next_offset, s.log.durable_offset, s.log.records, Double(s.log.bytes) / 1e6, s.log.ratio))
        for (name, st) in s.stages.sorted(by: { $0.key < $1.key }) {
            out.append(String(format: "stage       %-12@ processed %llu, failed %llu, p50 %.3f ms, p99 %.3f ms", name, st.processed, st.failed, st.p50_ms, st.p99_ms))
        }
        for d in s.drops {
            out.append("drop        \(d.path) → \(d.pipeline): \(d.pending) pending, \(d.in_flight) in flight")
        }
        for (code, n) in s.quarantine_by_code.sorted(by: { $0.key < $1.key }) { out.append("quarantine  \(code): \(n)") }
        for e in s.last_errors { out.append("error       \(e)") }
        return out
    }
}
