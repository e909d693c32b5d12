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
    /// Starts the sources, queues the first rescan, starts the timers, and
    /// returns once the first rescan has run (then READY=1 is honest).
    public func start() throws {
        let config = state.withLock { $0.config }
        try source.start(config, sink: intake)
        state.withLock { $0.phase = .running }
        intake.open()
        parts.intake.runAndWait { self.source.rescan(origins: nil) }
        startTimers(config)
        writeStatus()
        logger.info("copydesk running", metadata: ["drops": "\(config.drops.map(\.path))", "log": "\(config.logDirectory)",
                                                   "next_offset": "\(parts.log.ends.visible)"])
    }

    private func startTimers(_ config: DaemonConfiguration) {
        let rescanEvery = Double(config.drops.map(\.rescanSeconds).min() ?? 30)
        var started: [any RuntimeTimer] = [
            parts.intake.every(rescanEvery) { [weak self] in self?.source.rescan(origins: nil) },
            parts.intake.every(0.5) { [weak self] in self?.checkPause() },
            parts.utility.every(1) { [weak self] in self?.writeStatus() },
            parts.utility.every(Double(config.snapshotSeconds)) { [weak self] in self?.saveSnapshot() },
        ]
        if let writer = logWriter, config.retention.maxAgeSeconds != nil || config.retention.maxBytes != nil {
            started.append(parts.utility.every(60) { _ = try? writer.applyRetention(config.retention) })
        }
        timers.withLock { $0 = started }
    }

    /// Holds intake while the log cannot be written (a full disk), lifts the
    /// hold once it can, and pumps (intake lane, every half second).
    func checkPause() {
        if let stalled = parts.log.stalled {
            let reason = "the log cannot be written: \(stalled.message); retrying"
            if intake.hold(.logStalled, reason) {
                ledger.withLock { $0.noteError("log: \(stalled.message)") }
                events.publish(DaemonEvent("paused", reason: reason))
            }
            return
        }
        if intake.lift(.logStalled) {
            logger.notice("the log is writable again; intake resumes")
            events.publish(DaemonEvent("resumed", reason: "the log is writable again"))
        }
        intake.pump()
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
        intake.close()
        source.stop()
        timers.withLock { ts in
            for t in ts { t.cancel() }
            ts = []
        }
        if !parts.clock.wait(upTo: Double(seconds), until: { ledger.withLock { $0.files.isEmpty } }) {
            let left = ledger.withLock { $0.files.count }
            logger.warning("drain timed out; unfinished files stay in their drop directory and are read again at the next start", metadata: ["files": "\(left)"])
        }
        parts.log.close()
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
            try source.start(config, sink: intake)
            state.withLock { s in
                s.config = config
                s.runners = runners
            }
            intake.update(Intake.Limits(config))
            logger.notice("configuration reloaded", metadata: ["drops": "\(config.drops.map(\.path))", "pipelines": "\(runners.keys.sorted())"])
            events.publish(DaemonEvent("reloaded", reason: "pipelines: \(runners.keys.sorted().joined(separator: ", "))"))
            parts.intake.run { self.source.rescan(origins: nil) }
            return .success(())
        } catch {
            logger.error("reload failed; keeping the running configuration", metadata: ["error": "\(error)"])
            ledger.withLock { $0.noteError("reload: \(error)") }
            events.publish(DaemonEvent("reload_failed", reason: "\(error)"))
            return .failure(error)
        }
    }
}
