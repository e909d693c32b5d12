#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CopydeskCore
import CopydeskLog
import Dispatch
import Foundation
import Logging
import Synchronization

extension Runtime {
    /// The live status.
    public func status() -> DaemonStatus {
        let ends = parts.log.ends
        let stalled = parts.log.stalled
        let stages = metrics.snapshot.mapValues {
            DaemonStatus.StageFigures(processed: $0.processed, failed: $0.failed,
                                      p50_ms: $0.latency.quantileMilliseconds(0.5), p99_ms: $0.latency.quantileMilliseconds(0.99))
        }
        let queue = intake.snapshot
        let (counters, log, inFlight, articlesInFlight) = ledger.withLock { l in
            (l.counters, l.log, l.inFlightByOrigin, l.articlesInFlight)
        }
        let now = parts.clock.now()
        return state.withLock { s in
            let c = counters
            let paused = queue.hold != nil || queue.operatorPaused
            let phase = s.phase == .running && paused ? "paused" : s.phase.rawValue
            let drops = s.config.drops.map { d in
                DaemonStatus.Drop(path: d.path, pipeline: d.pipeline,
                                  pending: queue.pendingByOrigin[d.path] ?? 0,
                                  in_flight: inFlight[d.path] ?? 0,
                                  more_on_disk: queue.overflowed.contains(d.path) ? true : nil)
            }
            return DaemonStatus(
                state: phase, paused_reason: queue.hold ?? (queue.operatorPaused ? Runtime.operatorPauseReason : nil), offline: false, pid: getpid(),
                started: startedAt.formatted(.iso8601), uptime_s: now.timeIntervalSince(startedAt),
                updated: now.formatted(.iso8601),
                articles: .init(received: c.received, appended: c.appended, duplicates: c.duplicates, near_duplicates: c.nearDuplicates,
                                quarantined: c.quarantined, in_flight: articlesInFlight),
                files: .init(done: c.filesDone, quarantined: c.filesQuarantined, inotify_overflows: c.inotifyOverflows, rescans: c.rescans),
                log: .init(dir: s.config.logDirectory, next_offset: ends.visible, durable_offset: ends.durable, records: log.records,
                           bytes: log.storedBytes, ratio: log.storedBytes > 0 ? Double(log.rawBytes) / Double(log.storedBytes) : 0,
                           stalled: stalled?.message),
                latency_ms: .init(p50: c.latency.quantileMilliseconds(0.5), p99: c.latency.quantileMilliseconds(0.99)),
                stages: stages, drops: drops, quarantine_by_code: c.quarantineByCode, last_errors: c.lastErrors,
                throughput: throughput(s, appended: c.appended, now: now))
        }
    }

    /// Appended per second now (over the samples of the last five seconds) and since start.
    private func throughput(_ s: State, appended: UInt64, now date: Date) -> DaemonStatus.Throughput {
        let now = parts.clock.nanos()
        let up = date.timeIntervalSince(startedAt)
        var recent = 0.0
        if let first = s.rateSamples.first, now > first.at {
            recent = Double(appended - min(first.appended, appended)) / (Double(now - first.at) / 1e9)
        }
        return .init(now_per_s: (recent * 10).rounded() / 10,
                     since_start_per_s: up > 0 ? (Double(appended) / up * 10).rounded() / 10 : 0)
    }

    /// Writes `status.json` atomically (what `copydesk status` reads when the
    /// control socket does not answer) and takes a throughput sample.
    func writeStatus() {
        let appended = ledger.withLock { $0.counters.appended }
        state.withLock { s in
            s.rateSamples.append((parts.clock.nanos(), appended))
            if s.rateSamples.count > 6 { s.rateSamples.removeFirst(s.rateSamples.count - 6) }
        }
        let s = status()
        let path = state.withLock { $0.config.statusFile }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(s) else { return }
        let tmp = path + ".tmp"
        if FileManager.default.createFile(atPath: tmp, contents: data) {
            rename(tmp, path)
        }
    }
}
