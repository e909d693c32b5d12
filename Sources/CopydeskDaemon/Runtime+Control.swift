import CopydeskCore
import CopydeskLog
import Logging
import Synchronization
import Foundation

extension Runtime {
    /// The `paused_reason` of an operator's pause.
    static let operatorPauseReason = "paused by the operator (copydesk resume continues)"

    /// `copydesk pause`: stop reading new files; articles in flight finish.
    /// Returns false when intake was already paused by the operator.
    @discardableResult
    public func pause() -> Bool {
        let changed = state.withLock { s -> Bool in
            if s.operatorPaused { return false }
            s.operatorPaused = true
            return true
        }
        if changed {
            logger.notice("intake paused by the operator")
            events.publish(DaemonEvent("paused", reason: Runtime.operatorPauseReason))
        }
        return changed
    }

    /// `copydesk resume`: read files again. Returns false when intake was not paused by the operator.
    @discardableResult
    public func resume() -> Bool {
        let changed = state.withLock { s -> Bool in
            if !s.operatorPaused { return false }
            s.operatorPaused = false
            return true
        }
        if changed {
            logger.notice("intake resumed by the operator")
            events.publish(DaemonEvent("resumed", reason: "resumed by the operator"))
            intakeQueue.async { self.pump() }
        }
        return changed
    }

    /// `GET /health`: healthy while running (an operator's pause included);
    /// not while starting, draining, or while the log cannot be written.
    public func health() -> (healthy: Bool, state: String, reason: String?) {
        let stalled = writer.stalled
        return state.withLock { s in
            switch s.phase {
            case .starting: return (false, "starting", "recovering the log and scanning the drop directories")
            case .draining: return (false, "draining", "stopping: finishing the articles in flight")
            case .stopped: return (false, "stopped", "stopped")
            case .running, .paused:
                if let stalled { return (false, "stalled", "the log cannot be written: \(stalled.message)") }
                if let reason = s.pauseReason { return (false, "paused", reason) }
                if s.operatorPaused { return (true, "paused", Runtime.operatorPauseReason) }
                return (true, "running", nil)
            }
        }
    }

    /// `GET /metrics`: the Prometheus text exposition.
    public func metricsText() -> String {
        let status = status()
        let stages = metrics.snapshot
        let (byDrop, latency, pipelines, paused) = state.withLock { s in
            (s.counters.byDrop, s.counters.latency, Dictionary(s.config.drops.map { ($0.path, $0.pipeline) }, uniquingKeysWith: { a, _ in a }),
             s.pauseReason != nil || s.operatorPaused)
        }
        var m = PrometheusText()
        m.family("copydesk_up", "gauge", "1 while the daemon runs.")
        m.sample("copydesk_up", [:], 1)
        m.family("copydesk_uptime_seconds", "gauge", "Seconds since the daemon started.")
        m.sample("copydesk_uptime_seconds", [:], status.uptime_s ?? 0)
        m.family("copydesk_intake_paused", "gauge", "1 while intake is paused (operator, full disk, unwritable done folder).")
        m.sample("copydesk_intake_paused", [:], paused ? 1 : 0)
        m.family("copydesk_articles_in_flight", "gauge", "Articles read and not yet durable, dropped or quarantined.")
        m.sample("copydesk_articles_in_flight", [:], Double(status.articles.in_flight))

        let perDrop: [(String, String, KeyPath<RuntimeCounters.PerDrop, UInt64>)] = [
            ("copydesk_articles_received_total", "Articles read from drop directories.", \.received),
            ("copydesk_articles_appended_total", "Articles appended to the log (durable).", \.appended),
            ("copydesk_articles_duplicates_total", "Exact duplicates, marked or dropped.", \.duplicates),
            ("copydesk_articles_near_duplicates_total", "Near-duplicates, marked or dropped.", \.nearDuplicates),
            ("copydesk_articles_quarantined_total", "Articles quarantined.", \.quarantined),
        ]
        for (name, help, key) in perDrop {
            m.family(name, "counter", help + " By drop directory and pipeline.")
            for (drop, c) in byDrop.sorted(by: { $0.key < $1.key }) where !drop.isEmpty {
                m.sample(name, ["drop": drop, "pipeline": pipelines[drop] ?? ""], Double(c[keyPath: key]))
            }
        }
        m.family("copydesk_drop_pending_files", "gauge", "Files waiting in a drop directory's queue.")
        for d in status.drops { m.sample("copydesk_drop_pending_files", ["drop": d.path, "pipeline": d.pipeline], Double(d.pending)) }
        m.family("copydesk_drop_in_flight_files", "gauge", "Files of a drop directory being processed.")
        for d in status.drops { m.sample("copydesk_drop_in_flight_files", ["drop": d.path, "pipeline": d.pipeline], Double(d.in_flight)) }

        m.family("copydesk_stage_processed_total", "counter", "Items a stage processed.")
        for (name, f) in stages.sorted(by: { $0.key < $1.key }) { m.sample("copydesk_stage_processed_total", ["stage": name], Double(f.processed)) }
        m.family("copydesk_stage_failed_total", "counter", "Items a stage quarantined.")
        for (name, f) in stages.sorted(by: { $0.key < $1.key }) { m.sample("copydesk_stage_failed_total", ["stage": name], Double(f.failed)) }
        m.family("copydesk_stage_latency_seconds", "histogram", "Time an item spends in a stage.")
        for (name, f) in stages.sorted(by: { $0.key < $1.key }) { m.histogram("copydesk_stage_latency_seconds", ["stage": name], f.latency) }
        m.family("copydesk_drop_to_durable_seconds", "histogram", "From picking a file up to its record being durable.")
        m.histogram("copydesk_drop_to_durable_seconds", [:], latency)

        m.family("copydesk_quarantined_total", "counter", "Quarantined articles and files by error code.")
        for (code, n) in status.quarantine_by_code.sorted(by: { $0.key < $1.key }) { m.sample("copydesk_quarantined_total", ["code": code], Double(n)) }
        m.family("copydesk_files_done_total", "counter", "Files acknowledged (moved to done or deleted).")
        m.sample("copydesk_files_done_total", [:], Double(status.files.done))
        m.family("copydesk_files_quarantined_total", "counter", "Files moved to failed.")
        m.sample("copydesk_files_quarantined_total", [:], Double(status.files.quarantined))
        m.family("copydesk_inotify_overflows_total", "counter", "inotify queue overflows (each followed by a rescan).")
        m.sample("copydesk_inotify_overflows_total", [:], Double(status.files.inotify_overflows ?? 0))

        m.family("copydesk_log_records", "gauge", "Records in the log.")
        m.sample("copydesk_log_records", [:], Double(status.log.records))
        m.family("copydesk_log_bytes", "gauge", "Bytes the log's segments hold on disk.")
        m.sample("copydesk_log_bytes", [:], Double(status.log.bytes))
        m.family("copydesk_log_compression_ratio", "gauge", "Raw record bytes over stored bytes.")
        m.sample("copydesk_log_compression_ratio", [:], status.log.ratio)
        m.family("copydesk_log_next_offset", "gauge", "The next offset to be written (visible end).")
        m.sample("copydesk_log_next_offset", [:], Double(status.log.next_offset))
        m.family("copydesk_log_durable_offset", "gauge", "Records below this offset are fsynced.")
        m.sample("copydesk_log_durable_offset", [:], Double(status.log.durable_offset))
        m.family("copydesk_log_stalled", "gauge", "1 while the log cannot be written.")
        m.sample("copydesk_log_stalled", [:], status.log.stalled == nil ? 0 : 1)
        m.family("copydesk_near_duplicate_window_articles", "gauge", "Articles in the near-duplicate window.")
        m.sample("copydesk_near_duplicate_window_articles", [:], Double(contentIndex.near.count))
        return m.text
    }
}

/// Builds Prometheus text exposition format 0.0.4.
struct PrometheusText {
    private(set) var text = ""

    mutating func family(_ name: String, _ type: String, _ help: String) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    mutating func sample(_ name: String, _ labels: [String: String], _ value: Double) {
        text += name + Self.render(labels) + " " + Self.number(value) + "\n"
    }

    /// A histogram from a ``LatencyHistogram`` (microsecond buckets, four per
    /// doubling), exported with one bucket per doubling, in seconds.
    mutating func histogram(_ name: String, _ labels: [String: String], _ h: LatencyHistogram) {
        var cumulative: UInt64 = 0
        var lastUpper = -1.0
        for i in 0..<h.counts.count {
            cumulative += h.counts[i]
            let upper = LatencyHistogram.upperBound(i) / 1e6
            // One bucket per doubling from 10 µs to about a minute keeps the output short.
            guard i % 4 == 3, upper >= 1e-5, upper <= 70, upper > lastUpper else { continue }
            lastUpper = upper
            var l = labels
            l["le"] = Self.number(upper)
            sample(name + "_bucket", l, Double(cumulative))
        }
        var l = labels
        l["le"] = "+Inf"
        sample(name + "_bucket", l, Double(h.total))
        sample(name + "_sum", labels, Double(h.sum) / 1e6)
        sample(name + "_count", labels, Double(h.total))
    }

    static func render(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "" }
        let parts = labels.sorted { $0.key < $1.key }.map { key, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\(key)=\"\(escaped)\""
        }
        return "{" + parts.joined(separator: ",") + "}"
    }

    static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }
}
