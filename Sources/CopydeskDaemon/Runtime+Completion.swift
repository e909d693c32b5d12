import CopydeskCore
import CopydeskLog
import Dispatch
import Foundation
import Logging
import Synchronization

/// What the runtime still needs of an item once its record is encoded. The
/// writer's completion keeps only this, so the article's strings are freed on
/// the worker that made them: freed on the writer's thread, each one took the
/// worker's malloc arena lock while the worker was allocating in it.
struct ItemSummary: Sendable {
    var id: String?
    var dedup: Article.Copydesk.Dedup?
    var rawHash: String
    var line: Int?
    var raw: [UInt8]

    init(_ item: PipelineItem) {
        id = item.article?.id
        dedup = item.article?.copydesk.dedup
        rawHash = item.rawHash
        line = item.source.line
        raw = item.raw
    }
}

extension Runtime {
    /// Takes a pipeline's verdict on one item (on a work-queue thread).
    func handle(_ result: PipelineResult, path: String) {
        switch result {
        case .record(let item):
            let encoded: EncodedRecord
            if let e = item.encoded {
                encoded = e
            } else {
                // A pipeline without a compress stage still gets its record into the log.
                guard let article = item.article else {
                    itemFailed(ItemSummary(item), StageError(.notArticle, stage: "log", "the pipeline produced no article"), path: path)
                    return
                }
                encoded = EncodedRecord(raw: Array(article.jsonData()))
            }
            let summary = ItemSummary(item)
            let id = summary.id
            let rawLength = encoded.rawLength, stored = encoded.body.count
            writer.append([encoded]) { outcome in
                switch outcome {
                case .success(let range):
                    self.contentIndex.commit(contentID: id, rawHash: summary.rawHash, offset: range.upperBound)
                    let dedup = summary.dedup
                    self.state.withLock { s in
                        s.counters.appended += 1
                        s.counters.rawBytesAppended += UInt64(rawLength)
                        s.counters.storedBytesAppended += UInt64(stored)
                        s.logRecords += 1
                        s.logRawBytes += UInt64(rawLength)
                        s.logStoredBytes += UInt64(stored + RecordHeader.size)
                        let drop = s.files[path]?.drop.path ?? ""
                        s.counters.byDrop[drop, default: .init()].appended += 1
                        if let t = s.files[path] {
                            s.counters.latency.record(micros: (PipelineRunner.nanos() - t.pickedAt) / 1000)
                        }
                        switch dedup?.status {
                        case "duplicate":
                            s.counters.duplicates += 1
                            s.counters.byDrop[drop, default: .init()].duplicates += 1
                        case "near_duplicate":
                            s.counters.nearDuplicates += 1
                            s.counters.byDrop[drop, default: .init()].nearDuplicates += 1
                        default: break
                        }
                    }
                    self.events.publish(DaemonEvent("appended", path: path, line: summary.line, offset: range.upperBound, id: id))
                    if let dedup, dedup.status == "duplicate" || dedup.status == "near_duplicate" {
                        self.events.publish(DaemonEvent(dedup.status, path: path, line: summary.line, offset: range.upperBound, id: id,
                                                        of: dedup.of, similarity: dedup.similarity, action: "mark"))
                    }
                    self.itemDone(path, succeeded: true)
                case .failure(let error):
                    self.itemFailed(summary, StageError(StageError.Code(rawValue: "log_\(error.code)"), stage: "log", error.message), path: path)
                }
            }
        case .dropped(let item, _, let reason):
            let near = reason.contains("near")
            state.withLock { s in
                let drop = s.files[path]?.drop.path ?? ""
                if near {
                    s.counters.nearDuplicates += 1
                    s.counters.byDrop[drop, default: .init()].nearDuplicates += 1
                } else {
                    s.counters.duplicates += 1
                    s.counters.byDrop[drop, default: .init()].duplicates += 1
                }
            }
            events.publish(DaemonEvent(near ? "near_duplicate" : "duplicate", path: path, line: item.source.line,
                                       id: item.article?.id, action: "drop"))
            itemDone(path, succeeded: true)
        case .quarantined(let item, let error):
            itemFailed(ItemSummary(item), error, path: path)
        }
    }

    private func itemFailed(_ item: ItemSummary, _ error: StageError, path: String) {
        // A claim made by deduplicate must not outlive an item that never reaches the log.
        if let id = item.id, ["unique", "near_duplicate"].contains(item.dedup?.status ?? "") {
            contentIndex.release(contentID: id, rawHash: item.rawHash)
        }
        var error = error
        if let line = item.line { error.line = line }
        state.withLock { s in
            s.counters.quarantined += 1
            s.counters.quarantineByCode[error.code.description, default: 0] += 1
            s.counters.byDrop[s.files[path]?.drop.path ?? "", default: .init()].quarantined += 1
            s.counters.noteError("\(path)\(item.line.map { ":\($0)" } ?? ""): \(error.stage): \(error.code): \(error.message)")
            if let line = item.line {
                s.files[path]?.failedLines.append(.init(line: line, raw: item.raw, error: error))
            } else {
                s.files[path]?.fileError = error
            }
        }
        events.publish(DaemonEvent("quarantined", path: path, line: item.line, stage: error.stage, code: error.code.description, reason: error.message))
        logger.warning("quarantined", metadata: ["file": "\(path)", "line": "\(item.line.map(String.init) ?? "-")",
                                                 "stage": "\(error.stage)", "code": "\(error.code)", "reason": "\(error.message)"])
        itemDone(path, succeeded: false)
    }

    private func itemDone(_ path: String, succeeded: Bool) {
        let finished = state.withLock { s -> Bool in
            guard var t = s.files[path] else { return false }
            t.remaining -= 1
            if succeeded { t.succeeded += 1 }
            s.files[path] = t
            return t.remaining == 0
        }
        if finished { finishFile(path) }
    }

    /// Acknowledges or quarantines a file whose items are all settled (on the ack queue).
    /// Files finished while the ack queue is busy are settled together by one block.
    func finishFile(_ path: String) {
        let schedule = state.withLock { s -> Bool in
            s.acks.append(path)
            if s.ackScheduled { return false }
            s.ackScheduled = true
            return true
        }
        if schedule { ackQueue.async { self.settleFinished() } }
    }

    private func settleFinished() {
        while true {
            let paths = state.withLock { s -> [String] in
                if s.acks.isEmpty {
                    s.ackScheduled = false
                    return []
                }
                defer { s.acks = [] }
                return s.acks
            }
            if paths.isEmpty { return }
            for path in paths { settle(path, attempt: 0) }
        }
    }

    /// Queues one pump on the intake queue unless one is queued already.
    func schedulePump() {
        let schedule = state.withLock { s -> Bool in
            if s.pumpScheduled { return false }
            s.pumpScheduled = true
            return true
        }
        if schedule {
            intakeQueue.async {
                self.state.withLock { $0.pumpScheduled = false }
                self.pump()
            }
        }
    }

    private func settle(_ path: String, attempt: Int) {
        guard let task = state.withLock({ $0.files[path] }) else { return }
        let folders = DropFolders(spec: task.drop)
        do {
            if let error = task.fileError {
                let target = try folders.quarantine(path, error: error)
                logger.notice("file quarantined", metadata: ["file": "\(path)", "to": "\(target)", "code": "\(error.code)"])
                state.withLock { s in
                    s.counters.filesQuarantined += 1
                    if error.stage == "intake" {
                        s.counters.quarantined += 1
                        s.counters.quarantineByCode[error.code.description, default: 0] += 1
            s.counters.byDrop[s.files[path]?.drop.path ?? "", default: .init()].quarantined += 1
                        s.counters.noteError("\(path): intake: \(error.code): \(error.message)")
                    }
                }
            } else if !task.failedLines.isEmpty && task.succeeded == 0 {
                let error = StageError(StageError.Code(rawValue: "all_lines_failed"), stage: "parse",
                                       "all \(task.failedLines.count) lines were quarantined; see the .lines.jsonl file beside this one")
                _ = try folders.quarantineLines(of: path, lines: task.failedLines.map { ($0.line, $0.raw, $0.error) })
                _ = try folders.quarantine(path, error: error)
                state.withLock { $0.counters.filesQuarantined += 1 }
            } else {
                if !task.failedLines.isEmpty {
                    let target = try folders.quarantineLines(of: path, lines: task.failedLines.map { ($0.line, $0.raw, $0.error) })
                    logger.notice("bad lines quarantined", metadata: ["file": "\(path)", "lines": "\(task.failedLines.count)", "to": "\(target)"])
                }
                _ = try folders.acknowledge(path)
                state.withLock { $0.counters.filesDone += 1 }
            }
        } catch {
            // An unwritable done/ or failed/ folder: the file stays where it is
            // (its records are durable), intake pauses, and the move is retried.
            let delay = min(30.0, 0.25 * pow(2, Double(min(attempt, 7))))
            state.withLock { s in
                if s.pauseReason == nil { s.pauseReason = "cannot move handled files: \(error)" }
                if attempt == 0 { s.counters.noteError("\(path): ack: \(error)") }
            }
            if attempt == 0 { logger.error("cannot acknowledge a file; retrying", metadata: ["file": "\(path)", "error": "\(error)"]) }
            ackQueue.asyncAfter(deadline: .now() + delay) { self.settle(path, attempt: attempt + 1) }
            return
        }
        state.withLock { s in
            if let t = s.files.removeValue(forKey: path) { s.inFlightBytes -= t.bytes }
            s.known.remove(path)
            if s.pauseReason?.hasPrefix("cannot move handled files") == true { s.pauseReason = nil }
        }
        schedulePump()
    }
}
