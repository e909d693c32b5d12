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
        let changed = intake.pause()
        if changed {
            logger.notice("intake paused by the operator")
            events.publish(DaemonEvent("paused", reason: Runtime.operatorPauseReason))
        }
        return changed
    }

    /// `copydesk resume`: read files again. Returns false when intake was not paused by the operator.
    @discardableResult
    public func resume() -> Bool {
        let changed = intake.resume()
        if changed {
            logger.notice("intake resumed by the operator")
            events.publish(DaemonEvent("resumed", reason: "resumed by the operator"))
        }
        return changed
    }

    /// `GET /health`: healthy while running (an operator's pause included);
    /// not while starting, draining, or while the log cannot be written.
    public func health() -> (healthy: Bool, state: String, reason: String?) {
        let stalled = parts.log.stalled
        let queue = intake.snapshot
        return state.withLock { s in
            switch s.phase {
            case .starting: return (false, "starting", "recovering the log and scanning the drop directories")
            case .draining: return (false, "draining", "stopping: finishing the articles in flight")
            case .stopped: return (false, "stopped", "stopped")
            case .running, .paused:
                if let stalled { return (false, "stalled", "the log cannot be written: \(stalled.message)") }
                if let reason = queue.hold { return (false, "paused", reason) }
                if queue.operatorPaused { return (true, "paused", Runtime.operatorPauseReason) }
                return (true, "running", nil)
            }
        }
    }
}
