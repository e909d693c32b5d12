import CopydeskCore
import CopydeskLog
import Logging
import Synchronization
import Foundation

extension Runtime {
    /// `GET /metrics`: the Prometheus text exposition.
    public func metricsText() -> String {
        let status = status()
        let stages = metrics.snapshot
        let (byDrop, latency) = ledger.withLock { ($0.counters.byDrop, $0.counters.latency) }
        let pipelines = state.withLock { s in Dictionary(s.config.drops.map { ($0.path, $0.pipeline) }, uniquingKeysWith: { a, _ in a }) }
        let queue = intake.snapshot
        let paused = queue.hold != nil || queue.operatorPaused
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

