import Foundation
import Synchronization

/// Takes finished deliveries out of their source on the acknowledgement lane:
/// moves to done, quarantine with the reason beside the file, and retries with
/// backoff (0.25 s doubling to 30 s) while a move fails — the records are
/// durable, so the file just stays where it is until it can leave. Files
/// finished while the lane is busy are settled together by one block, not
/// one block per file.
package final class Acknowledger: Sendable {
    /// What the acknowledger asks of the runtime.
    package struct Handlers: Sendable {
        /// How the finished delivery `key` leaves its source, or nil when it is not in flight.
        package var settlement: @Sendable (String) -> (Delivery, Settlement)?
        /// Moves it out; a throw is retried.
        package var acknowledge: @Sendable (Delivery, Settlement) throws -> Void
        /// It left its source.
        package var left: @Sendable (Delivery, Settlement) -> Void
        /// A move failed on attempt `attempt` (0 first); it is retried after a delay.
        package var failed: @Sendable (Delivery, any Error, Int) -> Void
    }

    private struct State: Sendable {
        var finished: [String] = []
        var scheduled = false
        var handlers: Handlers?
    }

    private let lane: any RuntimeLane
    private let state = Mutex(State())

    /// An acknowledger on `lane`.
    package init(lane: any RuntimeLane) {
        self.lane = lane
    }

    /// Connects it to the runtime (once, before the first delivery finishes).
    package func connect(_ handlers: Handlers) {
        state.withLock { $0.handlers = handlers }
    }

    /// Every article of `key` is settled: take it out of its source.
    package func finished(_ key: String) {
        let schedule = state.withLock { s -> Bool in
            s.finished.append(key)
            if s.scheduled { return false }
            s.scheduled = true
            return true
        }
        if schedule { lane.run { self.settleFinished() } }
    }

    private func settleFinished() {
        while true {
            let (keys, handlers) = state.withLock { s -> ([String], Handlers?) in
                if s.finished.isEmpty {
                    s.scheduled = false
                    return ([], nil)
                }
                defer { s.finished = [] }
                return (s.finished, s.handlers)
            }
            guard let handlers, !keys.isEmpty else { return }
            for key in keys { settle(key, attempt: 0, handlers) }
        }
    }

    private func settle(_ key: String, attempt: Int, _ handlers: Handlers) {
        guard let (delivery, settlement) = handlers.settlement(key) else { return }
        do {
            try handlers.acknowledge(delivery, settlement)
        } catch {
            handlers.failed(delivery, error, attempt)
            let delay = min(30.0, 0.25 * pow(2, Double(min(attempt, 7))))
            lane.run(after: delay) { self.settle(key, attempt: attempt + 1, handlers) }
            return
        }
        handlers.left(delivery, settlement)
    }
}
