#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CopydeskCore
import CopydeskLog
import Foundation
import Logging
import Synchronization

/// The whole path of an article through the daemon, in order. Each step names
/// the lane it runs on; the books are kept in the ``Ledger`` and every event a
/// step makes is published after the ledger's lock.
///
/// 1. A source finds a delivery (inotify, a rescan) and offers it to
///    ``Intake``, which queues it and, within the in-flight bounds, hands it
///    to ``take(_:)`` — intake lane.
/// 2. `take` reads it (``IntakeSource/claim(_:)``), splits it into items (one
///    per file, one per JSON Lines line), passes over bytes already durable
///    (a redelivery), opens it in the ledger and submits each item to its
///    pipeline — intake lane.
/// 3. The pipeline runs its stages and gives a ``PipelineResult``, read once
///    as an ``ItemVerdict`` (which releases a quarantined item's claims) —
///    work lane.
/// 4. An `append` verdict goes to the log; once durable, its claims are
///    committed in the content index and the ledger counts it — the log's lane.
///    A drop or a quarantine is counted at once.
/// 5. When every item of a delivery is settled, the ``Acknowledger`` takes it
///    out of its source: done, or quarantine with the reason — ack lane.
/// 6. The ledger forgets it and intake frees its slot and pumps — ack lane,
///    then intake lane.
extension Runtime {
    /// Wires intake and the acknowledger to this runtime (once, from init).
    func connect() {
        intake.connect(Intake.Handlers(
            deliver: { [weak self] d in self?.take(d) },
            refill: { [weak self] origins in self?.source.rescan(origins: origins) },
            noted: { [weak self] e in self?.ledger.withLock { $0.noted(e) } }))
        acknowledger.connect(Acknowledger.Handlers(
            settlement: { [weak self] key in self?.ledger.withLock { $0.settlement(of: key) } },
            acknowledge: { [weak self] d, s in try self?.source.acknowledge(d, s) },
            left: { [weak self] d, s in self?.left(d, s) },
            failed: { [weak self] d, e, attempt in self?.acknowledgeFailed(d, e, attempt: attempt) }))
    }

    /// Step 2: reads one delivery and submits its items (intake lane).
    func take(_ d: Delivery) {
        let picked = parts.clock.nanos()
        switch source.claim(d) {
        case .gone, .changing:
            intake.forget(d.key)
        case .refused(let code, let message):
            let error = StageError(code, stage: "intake", message)
            logger.warning("refused a file", metadata: ["file": "\(d.key)", "code": "\(code)", "reason": "\(message)"])
            record(d.key) { $0.refused(d, error, pickedAt: picked) }
        case .read(let bytes, let size, let mtime):
            events.publish(DaemonEvent("picked", path: d.key))
            intake.read(bytes: size)
            let source = ItemSource(path: d.key, drop: d.origin, bytes: size, mtime: mtime)
            let items = Runtime.split(bytes, path: d.key, source: source, received: parts.clock.now())
            // The same bytes already durable (a redelivery, or a crash between append and move): no new record.
            let fresh = items.filter { !contentIndex.containsRaw($0.rawHash) }
            let runner = state.withLock { $0.runners[d.pipeline] }
            let finished = record(d.key) {
                $0.opened(d, bytes: size, items: items.count, fresh: fresh.count, pipelineLoaded: runner != nil, pickedAt: picked)
            }
            guard let runner, !finished else { return }
            for item in fresh { submit(item, to: runner, from: d.key) }
        }
    }

    /// Step 3: runs `item` through `runner` on the work lane.
    private func submit(_ item: PipelineItem, to runner: PipelineRunner, from key: String) {
        let index = contentIndex
        if let work = parts.work {
            work.run { self.handle(runner.run(item).verdict(releasingIn: index), key) }
        } else {
            runner.submit(item) { result in self.handle(result.verdict(releasingIn: index), key) }
        }
    }

    /// Step 4: appends a record, or counts a drop or a quarantine (work lane).
    private func handle(_ verdict: ItemVerdict, _ key: String) {
        switch verdict {
        case .append(let encoded, let summary):
            let rawLength = encoded.rawLength, stored = encoded.body.count
            parts.log.append([encoded]) { outcome in
                switch outcome {
                case .success(let range):
                    self.contentIndex.settle(summary, durableAt: range.upperBound)
                    let now = self.parts.clock.nanos()
                    self.record(key) { $0.appended(key, summary, rawLength: rawLength, stored: stored, offset: range.upperBound, now: now) }
                case .failure(let error):
                    self.contentIndex.abandon(summary)
                    self.failed(key, summary, StageError(StageError.Code(rawValue: "log_\(error.code)"), stage: "log", error.message))
                }
            }
        case .dropped(let reason, let summary):
            record(key) { $0.dropped(key, summary, reason) }
        case .quarantined(let error, let summary):
            failed(key, summary, error)
        }
    }

    private func failed(_ key: String, _ item: ItemSummary, _ error: StageError) {
        logger.warning("quarantined", metadata: ["file": "\(key)", "line": "\(item.line.map(String.init) ?? "-")",
                                                 "stage": "\(error.stage)", "code": "\(error.code)", "reason": "\(error.message)"])
        record(key) { $0.failed(key, item, error) }
    }

    /// Takes one step for delivery `key` in the ledger, publishes its events,
    /// and hands the delivery to the acknowledger (step 5) once every item of
    /// it is settled. Returns whether it is.
    @discardableResult
    private func record(_ key: String, _ step: (inout Ledger) -> Ledger.Step) -> Bool {
        let s = ledger.withLock { step(&$0) }
        for e in s.events { events.publish(e) }
        if s.finished { acknowledger.finished(key) }
        return s.finished
    }

    /// Step 6: the delivery left its source (ack lane).
    private func left(_ d: Delivery, _ settlement: Settlement) {
        let bytes = ledger.withLock { $0.acknowledged(d.key, settlement) }
        if intake.lift(.ackFailing) { logger.notice("handled files can be moved again; intake resumes") }
        intake.release(d.key, bytes: bytes)
    }

    /// A move out of the drop failed: intake pauses until one succeeds; retried (ack lane).
    private func acknowledgeFailed(_ d: Delivery, _ error: any Error, attempt: Int) {
        intake.hold(.ackFailing, "cannot move handled files: \(error)")
        guard attempt == 0 else { return }
        ledger.withLock { $0.noteError("\(d.key): ack: \(error)") }
        logger.error("cannot acknowledge a file; retrying", metadata: ["file": "\(d.key)", "error": "\(error)"])
    }
}
