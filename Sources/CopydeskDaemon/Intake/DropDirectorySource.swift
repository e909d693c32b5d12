#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CopydeskCore
import Dispatch
import Foundation
import Logging
import Synchronization

/// The drop directories as a source (DESIGN §3): inotify tells of files
/// renamed or written in, rescans find the rest (at start, after an overflow,
/// every `rescan_seconds`); a file found by a rescan waits until its mtime is
/// `settle_ms` old. Files are read with ``FileClaim`` and leave through
/// ``DropFolders``, never replacing anything.
package final class DropDirectorySource: IntakeSource {
    private let lane: any RuntimeLane
    private let watcherQueue: DispatchQueue?
    private let clock: any RuntimeClock
    private let logger: Logger
    private let state = Mutex<State>(State())

    private struct State: Sendable {
        var drops: [String: DropSpec] = [:]
        /// Every spec a drop has had: a file picked up before a reload removed
        /// or changed its drop is settled into the folders it was picked up under.
        var specs: [String: DropSpec] = [:]
        var sink: (any DeliverySink)?
        var watcher: WatcherBox?
        var stopped = false
    }

    /// A source whose re-offers run on `lane`. With `watcherQueue` (the same
    /// queue as `lane` in the daemon), inotify offers files as they arrive;
    /// without it, only rescans find them (a test steps them).
    package init(lane: any RuntimeLane, watcherQueue: DispatchQueue?, clock: any RuntimeClock, logger: Logger) {
        self.lane = lane
        self.watcherQueue = watcherQueue
        self.clock = clock
        self.logger = logger
    }

    package func start(_ configuration: DaemonConfiguration, sink: any DeliverySink) throws {
        var watcher: InotifyWatcher?
        if let watcherQueue {
            let w = try InotifyWatcher(queue: watcherQueue) { [weak self] event in self?.notified(event) }
            watcher = w
            for drop in configuration.drops {
                try DropFolders.ensureDirectory(drop.path)
                try w.watch(drop.path)
            }
        } else {
            for drop in configuration.drops { try DropFolders.ensureDirectory(drop.path) }
        }
        let drops = Dictionary(configuration.drops.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        state.withLock { s in
            s.watcher?.watcher.cancel()
            s.watcher = watcher.map(WatcherBox.init)
            s.drops = drops
            s.specs.merge(drops) { _, new in new }
            s.sink = sink
            s.stopped = false
        }
    }

    package func stop() {
        state.withLock { s in
            s.watcher?.watcher.cancel()
            s.watcher = nil
            s.stopped = true
        }
    }

    private func notified(_ event: InotifyWatcher.Event) {
        switch event {
        case .overflow:
            logger.notice("inotify queue overflowed; rescanning")
            state.withLock { $0.sink }?.noted(.overflow)
            rescan(origins: nil)
        case .file(let dir, let name):
            guard let drop = spec(dir) else { return }
            offer(path: dir + "/" + name, drop: drop, settled: true)
        case .created(let dir, let name):
            // A regular file is taken at its close-write; anything else
            // (a symlink, FIFO or folder) never gets one: take it now.
            guard let drop = spec(dir) else { return }
            var st = stat()
            guard lstat(dir + "/" + name, &st) == 0, st.st_mode & S_IFMT != S_IFREG else { return }
            offer(path: dir + "/" + name, drop: drop, settled: true)
        }
    }

    /// The spec of the drop directory `path`, while the source runs.
    func spec(_ path: String) -> DropSpec? {
        state.withLock { $0.stopped ? nil : $0.drops[path] }
    }

    /// Offers a file found by inotify (`settled: true`) or by a rescan, which
    /// waits until the file's mtime is `settle_ms` old.
    private func offer(path: String, drop: DropSpec, settled: Bool) {
        let name = DropFolders.fileName(path)
        if DropSpec.isTemporary(name) || name.hasSuffix(".error.json") { return }
        if !settled {
            var st = stat()
            guard lstat(path, &st) == 0 else { return }
            let mtime = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
            let age = clock.now().timeIntervalSince1970 - mtime
            if age * 1000 < Double(drop.settleMilliseconds) {
                // Too fresh for a rescan find: look again once it has settled.
                let wait = Double(drop.settleMilliseconds) / 1000 - age + 0.05
                lane.run(after: max(0.05, wait)) { [weak self] in self?.offer(path: path, drop: drop, settled: false) }
                return
            }
        }
        guard let sink = state.withLock({ $0.stopped ? nil : $0.sink }) else { return }
        sink.offer(Delivery(key: path, origin: drop.path, pipeline: drop.pipeline))
    }

    package func rescan(origins: Set<String>?) {
        let (drops, sink) = state.withLock { s in
            (s.drops.values.filter { origins?.contains($0.path) ?? true }.sorted { $0.path < $1.path }, s.stopped ? nil : s.sink)
        }
        guard let sink else { return }
        sink.noted(.rescan)
        for drop in drops {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: drop.path) else { continue }
            let candidates = names.sorted().filter { !DropSpec.isTemporary($0) }
                .map { Delivery(key: drop.path + "/" + $0, origin: drop.path, pipeline: drop.pipeline) }
            for d in sink.unknown(candidates) { offer(path: d.key, drop: drop, settled: false) }
        }
    }

    package func claim(_ delivery: Delivery) -> DeliveryClaim {
        guard let drop = state.withLock({ $0.drops[delivery.origin] }) else { return .gone }
        switch FileClaim.read(path: delivery.key, maxBytes: drop.maxFileBytes) {
        case .gone:
            return .gone
        case .changing:
            lane.run(after: Double(max(100, drop.settleMilliseconds)) / 1000) { [weak self] in
                self?.offer(path: delivery.key, drop: drop, settled: false)
            }
            return .changing
        case .refuse(let code, let message):
            return .refused(code, message)
        case .read(let bytes, let size, let mtime):
            return .read(bytes: bytes, size: size, mtime: Date(timeIntervalSince1970: mtime))
        }
    }

    package func acknowledge(_ delivery: Delivery, _ settlement: Settlement) throws {
        let drop = state.withLock { $0.specs[delivery.origin] } ?? DropSpec(path: delivery.origin, pipeline: delivery.pipeline)
        let folders = DropFolders(spec: drop)
        let path = delivery.key
        switch settlement {
        case .quarantined(let error, let lines):
            if !lines.isEmpty { _ = try folders.quarantineLines(of: path, lines: lines.map { ($0.line, $0.raw, $0.error) }) }
            let target = try folders.quarantine(path, error: error)
            logger.notice("file quarantined", metadata: ["file": "\(path)", "to": "\(target)", "code": "\(error.code)"])
        case .done(let lines):
            if !lines.isEmpty {
                let target = try folders.quarantineLines(of: path, lines: lines.map { ($0.line, $0.raw, $0.error) })
                logger.notice("bad lines quarantined", metadata: ["file": "\(path)", "lines": "\(lines.count)", "to": "\(target)"])
            }
            _ = try folders.acknowledge(path)
        }
    }
}

/// The inotify watcher, held so that its source stays alive.
struct WatcherBox: Sendable {
    let watcher: InotifyWatcher
}
