#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CopydeskLog
import Dispatch
import Foundation
import Logging
import Synchronization

/// Runs the daemon in the foreground until SIGTERM or SIGINT; SIGHUP reloads.
/// Signal handlers are installed here, from a nonisolated type, never from
/// top-level code (whose closures would inherit MainActor isolation).
public enum DaemonMain {
    /// Starts, tells systemd READY=1 after recovery and the first rescan, and
    /// blocks until drained. Returns the process exit status.
    public static func run(load: @escaping @Sendable () throws -> DaemonConfiguration, builder: @escaping PipelineBuilder,
                           logger: Logger, environment: [String: String]) -> Int32 {
        let notifier = SystemdNotifier(environment: environment)
        // Signal handlers go in first: a SIGTERM that arrives during recovery or
        // the first rescan must drain (or, before there is anything to drain,
        // just exit), never kill the process with the default action.
        let holder = RuntimeHolder()
        let handlers = SignalHandlers()
        let signals = handlers.queue
        let done = DispatchSemaphore(value: 0)
        handlers.on([SIGTERM, SIGINT]) { sig in
            notifier.notify("STOPPING=1\nSTATUS=draining")
            logger.notice("signal received; draining", metadata: ["signal": "\(SignalHandlers.name(of: sig))"])
            guard holder.stop() else { return }
            DispatchQueue.global().async {
                holder.runtime?.drain()
                done.signal()
            }
        }
        // SIGHUP and POST /reload: RELOADING=1, load and apply (or keep the old), READY=1.
        let reload: @Sendable () -> Result<Void, any Error> = {
            guard let runtime = holder.runtime else { return .failure(DaemonError(.config, "the daemon is still starting")) }
            var ts = timespec()
            clock_gettime(CLOCK_MONOTONIC, &ts)
            let usec = UInt64(ts.tv_sec) * 1_000_000 + UInt64(ts.tv_nsec) / 1000
            notifier.notify("RELOADING=1\nMONOTONIC_USEC=\(usec)")
            let result = runtime.reload(load)
            notifier.notify("READY=1")
            return result
        }
        handlers.on([SIGHUP]) { _ in _ = reload() }

        let runtime: Runtime
        let control: ControlServer
        let socketPath: String
        do {
            let config = try load()
            try DropFolders.ensureDirectory(config.stateDirectory)
            // The control API answers from the start: GET /health is 503 "starting" while the
            // log is recovered. Not when another daemon owns this log: its socket stays its own
            // (and the Runtime below fails with the lock holder's name).
            control = ControlServer(api: ControlAPI(runtime: { holder.runtime }, reload: reload), logger: logger)
            socketPath = config.controlSocketPath
            if !LogDirectory.writerIsRunning(LogDirectory(config.logDirectory)) {
                try control.start(socketPath: socketPath, metricsListen: config.metricsListen)
            }
            runtime = try Runtime(configuration: config, builder: builder, logger: logger)
            if !holder.set(runtime) {
                // Asked to stop while recovering: close the log cleanly and go.
                runtime.drain()
                control.stop()
                unlink(socketPath)
                return 0
            }
            try runtime.start()
        } catch {
            logger.critical("copydesk cannot start", metadata: ["error": "\(error)"])
            FileHandle.standardError.write(Data("copydesk: \(error)\n".utf8))
            return 1
        }
        let status = runtime.status()
        notifier.notify("READY=1\nSTATUS=running: \(status.log.next_offset) records in the log")
        let statusTimer = DispatchSource.makeTimerSource(queue: signals)
        statusTimer.schedule(deadline: .now() + 5, repeating: 5)
        statusTimer.setEventHandler { @Sendable in
            let s = runtime.status()
            notifier.notify("STATUS=\(s.state): \(s.articles.appended) appended, \(s.articles.in_flight) in flight, \(s.articles.quarantined) quarantined")
        }
        statusTimer.resume()
        // WATCHDOG=1 at half of WATCHDOG_USEC, only while the pipeline makes progress or is idle.
        var watchdog: (any DispatchSourceTimer)?
        if let usec = environment["WATCHDOG_USEC"].flatMap(UInt64.init), usec > 0,
           environment["WATCHDOG_PID"].flatMap(Int32.init).map({ $0 == getpid() }) ?? true {
            let gate = WatchdogGate()
            let t = DispatchSource.makeTimerSource(queue: signals)
            let interval = DispatchTimeInterval.microseconds(Int(usec / 2))
            t.schedule(deadline: .now() + interval, repeating: interval)
            t.setEventHandler { @Sendable in
                let s = runtime.status()
                let progress = s.articles.appended + s.articles.duplicates + s.articles.near_duplicates
                    + s.articles.quarantined + s.files.done + s.files.quarantined
                if gate.healthy(inFlight: s.articles.in_flight, progress: progress, paused: s.state == "paused") {
                    notifier.notify("WATCHDOG=1")
                } else {
                    logger.error("no progress with articles in flight; withholding the watchdog ping", metadata: ["in_flight": "\(s.articles.in_flight)"])
                }
            }
            t.resume()
            watchdog = t
        }
        done.wait()
        watchdog?.cancel()
        statusTimer.cancel()
        control.stop()
        unlink(socketPath)
        handlers.cancel()
        logger.notice("copydesk stopped")
        return 0
    }
}

/// The runtime once it exists, and whether a stop was asked for before that.
final class RuntimeHolder: Sendable {
    private let state = Mutex<(runtime: Runtime?, stopping: Bool)>((nil, false))

    var runtime: Runtime? { state.withLock { $0.runtime } }

    /// Records the runtime; false when a stop came first.
    func set(_ runtime: Runtime) -> Bool {
        state.withLock { s in
            if s.stopping { return false }
            s.runtime = runtime
            return true
        }
    }

    /// Marks a stop; true the first time, when there is a runtime to drain
    /// (before that, `set` sees the stop and drains itself).
    func stop() -> Bool {
        state.withLock { s in
            if s.stopping { return false }
            s.stopping = true
            return s.runtime != nil
        }
    }
}
