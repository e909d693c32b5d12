import Synchronization

/// The runtime's intake: the queue of deliveries offered by the sources, the
/// set of those queued or in flight, and back-pressure. A delivery is handed
/// on (``Handlers/deliver``) only while intake is open, not paused and not
/// held, and while files and bytes in flight are under their limits; the
/// drop directory itself is the queue past `limits.queued_files`, rescanned
/// once the queue is half empty, so a burst of any size costs bounded memory.
///
/// `offer`, `unknown` and `pump` run on the intake lane; `release` and the
/// pause calls come from any lane and pump through it.
package final class Intake: DeliverySink {
    /// Why intake is held apart from an operator's pause.
    package enum Hold: Sendable, Equatable {
        /// The log cannot be written (a full disk).
        case logStalled
        /// Handled files cannot be moved out of a drop directory.
        case ackFailing
    }

    /// The bounds intake keeps.
    package struct Limits: Sendable, Equatable {
        /// Deliveries queued in memory.
        package var queued: Int
        /// Deliveries read and not yet settled.
        package var inFlight: Int
        /// Bytes read and not yet settled.
        package var inFlightBytes: Int

        /// The limits of a configuration.
        package init(_ config: DaemonConfiguration) {
            queued = config.queuedFiles
            inFlight = config.inFlightFiles
            inFlightBytes = config.inFlightBytes
        }
    }

    /// What intake hands work to.
    package struct Handlers: Sendable {
        /// Reads and submits one delivery (on the intake lane).
        package var deliver: @Sendable (Delivery) -> Void
        /// Rescans origins whose files were left out of a full queue.
        package var refill: @Sendable (Set<String>) -> Void
        /// Counts what a source did.
        package var noted: @Sendable (SourceEvent) -> Void
    }

    /// What `status` shows of intake.
    package struct Snapshot: Sendable {
        package var pendingByOrigin: [String: Int]
        package var overflowed: Set<String>
        package var hold: String?
        package var operatorPaused: Bool
        package var inFlight: Int
    }

    private struct State: Sendable {
        var limits: Limits
        var open = false
        var closed = false
        var operatorPaused = false
        var hold: (kind: Hold, reason: String)?
        var queued = FileQueue()
        var known: Set<String> = []
        var overflowed: Set<String> = []
        var inFlight = 0
        var inFlightBytes = 0
        var pumpScheduled = false
        var handlers: Handlers?
    }

    private let lane: any RuntimeLane
    private let state: Mutex<State>

    /// Intake over `lane`, closed until ``open()``.
    package init(lane: any RuntimeLane, limits: Limits) {
        self.lane = lane
        state = Mutex(State(limits: limits))
    }

    /// Connects intake to the runtime (once, before it opens).
    package func connect(_ handlers: Handlers) {
        state.withLock { $0.handlers = handlers }
    }

    /// Starts handing deliveries on.
    package func open() { state.withLock { $0.open = true } }

    /// Stops for good (a drain): offers are passed over, nothing more is handed on.
    package func close() {
        state.withLock { s in
            s.open = false
            s.closed = true
        }
    }

    /// New limits (a reload); a larger bound takes effect at the next pump.
    package func update(_ limits: Limits) { state.withLock { $0.limits = limits } }

    package func offer(_ delivery: Delivery) {
        let added = state.withLock { s -> Bool in
            guard !s.closed, !s.known.contains(delivery.key) else { return false }
            guard s.queued.count < s.limits.queued else {
                s.overflowed.insert(delivery.origin)
                return false
            }
            s.known.insert(delivery.key)
            s.queued.push(delivery)
            return true
        }
        if added { pump() }
    }

    package func unknown(_ candidates: [Delivery]) -> [Delivery] {
        state.withLock { s in
            var room = s.limits.queued - s.queued.count
            var out: [Delivery] = []
            for d in candidates where !s.known.contains(d.key) {
                guard room > 0 else {
                    s.overflowed.insert(d.origin)
                    break
                }
                out.append(d)
                room -= 1
            }
            return out
        }
    }

    package func noted(_ event: SourceEvent) {
        state.withLock { $0.handlers }?.noted(event)
    }

    /// Hands deliveries on while the bounds allow; on the intake lane.
    package func pump() {
        while true {
            var refill: Set<String> = []
            let (next, handlers) = state.withLock { s -> (Delivery?, Handlers?) in
                guard s.open, s.hold == nil, !s.operatorPaused, !s.queued.isEmpty,
                      s.inFlight < s.limits.inFlight, s.inFlightBytes < s.limits.inFlightBytes else { return (nil, nil) }
                let item = s.queued.pop()
                s.inFlight += 1
                if !s.overflowed.isEmpty, s.queued.count <= s.limits.queued / 2 {
                    refill = s.overflowed
                    s.overflowed = []
                }
                return (item, s.handlers)
            }
            if !refill.isEmpty, let handlers {
                let origins = refill
                lane.run { handlers.refill(origins) }
            }
            guard let next, let handlers else { return }
            handlers.deliver(next)
        }
    }

    /// Queues one pump on the intake lane unless one is queued already.
    package func schedulePump() {
        let schedule = state.withLock { s -> Bool in
            if s.pumpScheduled { return false }
            s.pumpScheduled = true
            return true
        }
        guard schedule else { return }
        lane.run {
            self.state.withLock { $0.pumpScheduled = false }
            self.pump()
        }
    }

    /// A delivery handed on was read: its bytes count against the byte bound.
    package func read(bytes: Int) {
        state.withLock { $0.inFlightBytes += bytes }
    }

    /// A delivery handed on is gone or still changing: it is no longer known
    /// (its source offers it again when there is something to read).
    package func forget(_ key: String) {
        state.withLock { s in
            if s.known.remove(key) != nil { s.inFlight -= 1 }
        }
    }

    /// A delivery left its source: its slot and bytes are free; pumps.
    package func release(_ key: String, bytes: Int) {
        state.withLock { s in
            if s.known.remove(key) != nil { s.inFlight -= 1 }
            s.inFlightBytes -= bytes
        }
        schedulePump()
    }

    /// Holds intake for `kind` with `reason`, unless something holds it already;
    /// returns whether this call set the hold.
    @discardableResult
    package func hold(_ kind: Hold, _ reason: String) -> Bool {
        state.withLock { s in
            guard s.hold == nil else { return false }
            s.hold = (kind, reason)
            return true
        }
    }

    /// Lifts a hold of `kind`; returns whether one was lifted. Pumps.
    @discardableResult
    package func lift(_ kind: Hold) -> Bool {
        let lifted = state.withLock { s -> Bool in
            guard s.hold?.kind == kind else { return false }
            s.hold = nil
            return true
        }
        if lifted { schedulePump() }
        return lifted
    }

    /// The operator's pause; false when already paused.
    package func pause() -> Bool {
        state.withLock { s in
            if s.operatorPaused { return false }
            s.operatorPaused = true
            return true
        }
    }

    /// The operator's resume; false when not paused by the operator. Pumps.
    package func resume() -> Bool {
        let changed = state.withLock { s -> Bool in
            if !s.operatorPaused { return false }
            s.operatorPaused = false
            return true
        }
        if changed { schedulePump() }
        return changed
    }

    /// What `status` shows.
    package var snapshot: Snapshot {
        state.withLock { s in
            Snapshot(pendingByOrigin: s.queued.pendingByOrigin, overflowed: s.overflowed, hold: s.hold?.reason,
                     operatorPaused: s.operatorPaused, inFlight: s.inFlight)
        }
    }
}
