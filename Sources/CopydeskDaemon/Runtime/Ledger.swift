import CopydeskCore
import CopydeskLog

/// The books of the runtime: every delivery in flight with its articles, the
/// counters status and metrics show, and the events each step makes. A value
/// type with no threads and no I/O: each step is a mutating call that says
/// what happened and whether the delivery is finished (every article settled),
/// so a test can walk a file through it line by line. The runtime keeps it in
/// one `Mutex` and publishes the events a step returns after the lock.
package struct Ledger: Sendable {
    /// Deliveries in flight, by key.
    package private(set) var files: [String: FileTask] = [:]
    /// The figures.
    package private(set) var counters = RuntimeCounters()
    /// What the log holds.
    package private(set) var log: LogFigures

    /// What one step did.
    package struct Step: Sendable {
        /// Events to publish, in order.
        package var events: [DaemonEvent] = []
        /// Every article of the delivery is settled: acknowledge it.
        package var finished = false
    }

    /// A ledger over a log holding `log`.
    package init(log: LogFigures = LogFigures()) {
        self.log = log
    }

    /// Articles read and not yet settled.
    package var articlesInFlight: Int { files.values.reduce(0) { $0 + $1.remaining } }

    /// Deliveries in flight by origin.
    package var inFlightByOrigin: [String: Int] {
        var out: [String: Int] = [:]
        for f in files.values { out[f.delivery.origin, default: 0] += 1 }
        return out
    }

    private mutating func received(_ origin: String, _ n: Int) {
        counters.received += UInt64(n)
        counters.byDrop[origin, default: .init()].received += UInt64(n)
    }

    /// A delivery refused unread (a symlink, a FIFO, too large): finished at once,
    /// to be quarantined whole.
    package mutating func refused(_ d: Delivery, _ error: StageError, pickedAt: UInt64) -> Step {
        files[d.key] = FileTask(delivery: d, bytes: 0, items: 1, remaining: 0, fileError: error, pickedAt: pickedAt)
        received(d.origin, 1)
        return Step(events: [DaemonEvent("quarantined", path: d.key, stage: "intake", code: error.code.description, reason: error.message)],
                    finished: true)
    }

    /// A delivery read and split into `items` articles, of which `fresh` go
    /// through `pipeline` (nil: it is not loaded) and the rest were already
    /// durable (a redelivery). Finished at once when nothing goes through.
    package mutating func opened(_ d: Delivery, bytes: Int, items: Int, fresh: Int, pipelineLoaded: Bool, pickedAt: UInt64) -> Step {
        var task = FileTask(delivery: d, bytes: bytes, items: max(1, items), remaining: fresh, pickedAt: pickedAt)
        task.succeeded = items - fresh
        if !pipelineLoaded {
            task.fileError = StageError(.badConfig, stage: "intake", "pipeline '\(d.pipeline)' is not loaded")
        } else if items == 0 {
            task.fileError = StageError(.empty, stage: "parse", "the file holds no article (it is empty or only blank lines)")
        }
        files[d.key] = task
        received(d.origin, max(1, items))
        counters.duplicates += UInt64(items - fresh)
        return Step(finished: fresh == 0 || !pipelineLoaded)
    }

    /// One article's record is durable at `offset`: `rawLength` bytes stored in `stored`.
    package mutating func appended(_ key: String, _ item: ItemSummary, rawLength: Int, stored: Int, offset: UInt64, now: UInt64) -> Step {
        counters.appended += 1
        counters.rawBytesAppended += UInt64(rawLength)
        counters.storedBytesAppended += UInt64(stored)
        log.records += 1
        log.rawBytes += UInt64(rawLength)
        log.storedBytes += UInt64(stored + RecordHeader.size)
        let origin = files[key]?.delivery.origin ?? ""
        counters.byDrop[origin, default: .init()].appended += 1
        if let t = files[key] { counters.latency.record(micros: (now &- t.pickedAt) / 1000) }
        var step = Step(events: [DaemonEvent("appended", path: key, line: item.line, offset: offset, id: item.id)])
        if let dedup = item.dedup, dedup.status != .unique {
            countCopy(dedup.status == .nearDuplicate, origin)
            step.events.append(DaemonEvent(dedup.status.rawValue, path: key, line: item.line, offset: offset, id: item.id,
                                           of: dedup.of, similarity: dedup.similarity, action: "mark"))
        }
        step.finished = settle(key, succeeded: true)
        return step
    }

    /// One article dropped by its pipeline (a copy under a drop policy).
    package mutating func dropped(_ key: String, _ item: ItemSummary, _ reason: DropReason) -> Step {
        countCopy(reason == .nearDuplicate, files[key]?.delivery.origin ?? "")
        let events = [DaemonEvent(reason.rawValue, path: key, line: item.line, id: item.id, action: "drop")]
        return Step(events: events, finished: settle(key, succeeded: true))
    }

    /// One article quarantined with `error` (a stage threw, or its append failed).
    package mutating func failed(_ key: String, _ item: ItemSummary, _ error: StageError) -> Step {
        var error = error
        if let line = item.line { error.line = line }
        counters.quarantined += 1
        counters.quarantineByCode[error.code.description, default: 0] += 1
        counters.byDrop[files[key]?.delivery.origin ?? "", default: .init()].quarantined += 1
        counters.noteError("\(key)\(item.line.map { ":\($0)" } ?? ""): \(error.stage): \(error.code): \(error.message)")
        if let line = item.line {
            files[key]?.failedLines.append(FailedLine(line: line, raw: item.raw, error: error))
        } else {
            files[key]?.fileError = error
        }
        let event = DaemonEvent("quarantined", path: key, line: item.line, stage: error.stage, code: error.code.description, reason: error.message)
        return Step(events: [event], finished: settle(key, succeeded: false))
    }

    private mutating func countCopy(_ near: Bool, _ origin: String) {
        if near {
            counters.nearDuplicates += 1
            counters.byDrop[origin, default: .init()].nearDuplicates += 1
        } else {
            counters.duplicates += 1
            counters.byDrop[origin, default: .init()].duplicates += 1
        }
    }

    private mutating func settle(_ key: String, succeeded: Bool) -> Bool {
        guard var t = files[key] else { return false }
        t.remaining -= 1
        if succeeded { t.succeeded += 1 }
        files[key] = t
        return t.remaining == 0
    }

    /// How a finished delivery leaves its source: quarantined whole when the
    /// file failed or every line did; otherwise done, its failed lines beside it.
    package func settlement(of key: String) -> (Delivery, Settlement)? {
        guard let t = files[key] else { return nil }
        if let error = t.fileError { return (t.delivery, .quarantined(error, failedLines: [])) }
        if !t.failedLines.isEmpty && t.succeeded == 0 {
            let error = StageError(StageError.Code(rawValue: "all_lines_failed"), stage: "parse",
                                   "all \(t.failedLines.count) lines were quarantined; see the .lines.jsonl file beside this one")
            return (t.delivery, .quarantined(error, failedLines: t.failedLines))
        }
        return (t.delivery, .done(failedLines: t.failedLines))
    }

    /// The delivery left its source as `settlement`: counted and forgotten.
    /// Returns its bytes, to free them in intake.
    package mutating func acknowledged(_ key: String, _ settlement: Settlement) -> Int {
        switch settlement {
        case .quarantined(let error, _):
            counters.filesQuarantined += 1
            if error.stage == "intake" {
                // A refused file counts as a quarantined article once it is out of the drop.
                counters.quarantined += 1
                counters.quarantineByCode[error.code.description, default: 0] += 1
                counters.byDrop[files[key]?.delivery.origin ?? "", default: .init()].quarantined += 1
                counters.noteError("\(key): intake: \(error.code): \(error.message)")
            }
        case .done:
            counters.filesDone += 1
        }
        return files.removeValue(forKey: key)?.bytes ?? 0
    }

    /// Keeps `line` among the last errors.
    package mutating func noteError(_ line: String) { counters.noteError(line) }

    /// Counts what a source did.
    package mutating func noted(_ event: SourceEvent) {
        switch event {
        case .rescan: counters.rescans += 1
        case .overflow: counters.inotifyOverflows += 1
        }
    }
}
