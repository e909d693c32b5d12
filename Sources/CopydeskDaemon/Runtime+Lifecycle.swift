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
    /// Watches the drop directories, rescans them, starts the timers, and
    /// returns once the first rescan is queued (then READY=1 is honest).
    public func start() throws {
        let config = state.withLock { $0.config }
        try watch(config)
        state.withLock { $0.phase = .running }
        intakeQueue.sync { self.rescan() }
        startTimers(config)
        writeStatus()
        logger.info("copydesk running", metadata: ["drops": "\(config.drops.map(\.path))", "log": "\(config.logDirectory)",
                                                   "next_offset": "\(writer.ends.visible)"])
    }

    func watch(_ config: DaemonConfiguration) throws {
        let w = try InotifyWatcher(queue: intakeQueue) { [weak self] event in
            guard let self else { return }
            switch event {
            case .overflow:
                self.logger.notice("inotify queue overflowed; rescanning")
                self.state.withLock { $0.counters.inotifyOverflows += 1 }
                self.rescan()
            case .file(let dir, let name):
                guard let drop = self.state.withLock({ $0.config.drops.first { $0.path == dir } }) else { return }
                self.offer(path: dir + "/" + name, drop: drop, settled: true)
            case .created(let dir, let name):
                // A regular file is taken at its close-write; anything else
                // (a symlink, FIFO or folder) never gets one: take it now.
                guard let drop = self.state.withLock({ $0.config.drops.first { $0.path == dir } }) else { return }
                var st = stat()
                guard lstat(dir + "/" + name, &st) == 0, st.st_mode & S_IFMT != S_IFREG else { return }
                self.offer(path: dir + "/" + name, drop: drop, settled: true)
            }
        }
        for drop in config.drops {
            try DropFolders.ensureDirectory(drop.path)
            try w.watch(drop.path)
        }
        watcher.withLock { old in
            old?.watcher.cancel()
            old = WatcherBox(watcher: w)
        }
    }

    private func repeating(every seconds: Double, on queue: DispatchQueue, _ body: @escaping @Sendable () -> Void) {
        let t = DispatchSource.makeTimerSource(queue: queue)
        t.schedule(deadline: .now() + seconds, repeating: seconds, leeway: .milliseconds(100))
        t.setEventHandler(handler: body)
        t.resume()
        timers.withLock { $0.append(TimerBox(source: t)) }
    }

    private func startTimers(_ config: DaemonConfiguration) {
        let rescanEvery = Double(config.drops.map(\.rescanSeconds).min() ?? 30)
        repeating(every: rescanEvery, on: intakeQueue) { [weak self] in self?.rescan() }
        repeating(every: 0.5, on: intakeQueue) { [weak self] in self?.checkPause() }
        repeating(every: 1, on: DispatchQueue.global(qos: .utility)) { [weak self] in self?.writeStatus() }
        repeating(every: Double(config.snapshotSeconds), on: DispatchQueue.global(qos: .utility)) { [weak self] in self?.saveSnapshot() }
        if config.retention.maxAgeSeconds != nil || config.retention.maxBytes != nil {
            repeating(every: 60, on: DispatchQueue.global(qos: .utility)) { [weak self] in
                guard let self else { return }
                _ = try? self.writer.applyRetention(config.retention)
            }
        }
    }

    /// Pauses intake while the log cannot be written (a full disk), resumes once it can.
    func checkPause() {
        let stalled = writer.stalled
        let resumed = state.withLock { s -> Bool in
            if let stalled {
                if s.pauseReason == nil {
                    s.pauseReason = "the log cannot be written: \(stalled.message); retrying"
                    s.counters.noteError("log: \(stalled.message)")
                    events.publish(DaemonEvent("paused", reason: s.pauseReason))
                }
                return false
            }
            if s.pauseReason?.hasPrefix("the log cannot be written") == true {
                s.pauseReason = nil
                return true
            }
            return false
        }
        if stalled != nil { return }
        if resumed {
            logger.notice("the log is writable again; intake resumes")
            events.publish(DaemonEvent("resumed", reason: "the log is writable again"))
        }
        pump()
    }

    /// Saves the content-index snapshot (only what is durable).
    func saveSnapshot() {
        let path = state.withLock { $0.config.indexSnapshot }
        do {
            try contentIndex.save(to: path)
        } catch {
            logger.warning("cannot save the content index snapshot", metadata: ["error": "\(error)"])
        }
    }

    /// SIGTERM: stop intake, let in-flight articles finish, fsync, save the index.
    /// Returns once done or after `drainSeconds`.
    public func drain() {
        let (seconds, phase) = state.withLock { s -> (Int, Phase) in
            let p = s.phase
            s.phase = .draining
            return (s.config.drainSeconds, p)
        }
        guard phase != .draining else { return }
        logger.notice("draining: intake stopped, finishing in-flight articles")
        watcher.withLock { $0?.watcher.cancel(); $0 = nil }
        timers.withLock { ts in
            for t in ts { t.source.cancel() }
            ts = []
        }
        let deadline = Date().addingTimeInterval(Double(seconds))
        while Date() < deadline {
            let busy = state.withLock { !$0.files.isEmpty }
            if !busy { break }
            usleep(10_000)
        }
        let left = state.withLock { $0.files.count }
        if left > 0 {
            logger.warning("drain timed out; unfinished files stay in their drop directory and are read again at the next start", metadata: ["files": "\(left)"])
        }
        writer.close()
        saveSnapshot()
        state.withLock { $0.phase = .stopped }
        writeStatus()
    }

    /// SIGHUP: loads and builds the new configuration; keeps the old one if it fails.
    public func reload(_ load: () throws -> DaemonConfiguration) -> Result<Void, any Error> {
        do {
            let config = try load()
            let old = state.withLock { $0.config }
            if config.logDirectory != old.logDirectory || config.stateDirectory != old.stateDirectory {
                throw DaemonError(.config, "the state and log directories cannot change on reload; restart copydesk for that")
            }
            let runners = try buildRunners(config)
            try watch(config)
            state.withLock { s in
                s.config = config
                s.runners = runners
            }
            logger.notice("configuration reloaded", metadata: ["drops": "\(config.drops.map(\.path))", "pipelines": "\(runners.keys.sorted())"])
            events.publish(DaemonEvent("reloaded", reason: "pipelines: \(runners.keys.sorted().joined(separator: ", "))"))
            intakeQueue.async { self.rescan() }
            return .success(())
        } catch {
            logger.error("reload failed; keeping the running configuration", metadata: ["error": "\(error)"])
            state.withLock { $0.counters.noteError("reload: \(error)") }
            events.publish(DaemonEvent("reload_failed", reason: "\(error)"))
            return .failure(error)
        }
    }

    /// The live status.
    public func status() -> DaemonStatus {
        let ends = writer.ends
        let stalled = writer.stalled
        let stages = metrics.snapshot.mapValues {
            DaemonStatus.StageFigures(processed: $0.processed, failed: $0.failed,
                                      p50_ms: $0.latency.quantileMilliseconds(0.5), p99_ms: $0.latency.quantileMilliseconds(0.99))
        }
        return state.withLock { s in
            let c = s.counters
            let paused = s.pauseReason != nil || s.operatorPaused
            let phase = s.phase == .running && paused ? "paused" : s.phase.rawValue
            var inFlight: [String: Int] = [:]
            for f in s.files.values { inFlight[f.drop.path, default: 0] += 1 }
            let drops = s.config.drops.map { d in
                DaemonStatus.Drop(path: d.path, pipeline: d.pipeline,
                                  pending: s.queued.pendingByDrop[d.path] ?? 0,
                                  in_flight: inFlight[d.path] ?? 0,
                                  more_on_disk: s.overflowed.contains(d.path) ? true : nil)
            }
            return DaemonStatus(
                state: phase, paused_reason: s.pauseReason ?? (s.operatorPaused ? Runtime.operatorPauseReason : nil), offline: false, pid: getpid(),
                started: startedAt.formatted(.iso8601), uptime_s: Date().timeIntervalSince(startedAt),
                updated: Date().formatted(.iso8601),
                articles: .init(received: c.received, appended: c.appended, duplicates: c.duplicates, near_duplicates: c.nearDuplicates,
                                quarantined: c.quarantined, in_flight: s.files.values.reduce(0) { $0 + $1.remaining }),
                files: .init(done: c.filesDone, quarantined: c.filesQuarantined, inotify_overflows: c.inotifyOverflows, rescans: c.rescans),
                log: .init(dir: s.config.logDirectory, next_offset: ends.visible, durable_offset: ends.durable, records: s.logRecords,
                           bytes: s.logStoredBytes, ratio: s.logStoredBytes > 0 ? Double(s.logRawBytes) / Double(s.logStoredBytes) : 0,
                           stalled: stalled?.message),
                latency_ms: .init(p50: c.latency.quantileMilliseconds(0.5), p99: c.latency.quantileMilliseconds(0.99)),
                stages: stages, drops: drops, quarantine_by_code: c.quarantineByCode, last_errors: c.lastErrors,
                throughput: throughput(s))
        }
    }

    /// Appended per second now (over the samples of the last five seconds) and since start.
    private func throughput(_ s: State) -> DaemonStatus.Throughput {
        let now = PipelineRunner.nanos()
        let up = Date().timeIntervalSince(startedAt)
        var recent = 0.0
        if let first = s.rateSamples.first, now > first.at {
            recent = Double(s.counters.appended - min(first.appended, s.counters.appended)) / (Double(now - first.at) / 1e9)
        }
        return .init(now_per_s: (recent * 10).rounded() / 10,
                     since_start_per_s: up > 0 ? (Double(s.counters.appended) / up * 10).rounded() / 10 : 0)
    }

    /// Writes `status.json` atomically (what `copydesk status` reads when the
    /// control socket does not answer) and takes a throughput sample.
    func writeStatus() {
        state.withLock { s in
            s.rateSamples.append((PipelineRunner.nanos(), s.counters.appended))
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
