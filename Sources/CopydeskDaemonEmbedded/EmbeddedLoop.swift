import CopydeskDaemon
import Foundation
import Synchronization

/// Every lane of an embedded runtime, and its clock, on the test's thread.
///
/// Nothing runs until the test says so: ``run()`` runs the work that is due
/// now (and what it queues, in order), ``advance(by:)`` moves the clock and
/// runs what falls due on the way, timers included. The same test steps the
/// same way every time, so a check that nothing happened (a paused intake)
/// cannot pass by luck: the work that could have happened has run.
package final class EmbeddedLoop: RuntimeLane, RuntimeClock {
    private struct Task {
        var due: UInt64
        var seq: Int
        var work: @Sendable () -> Void
        var period: UInt64?
        var timer: Int?
    }

    private struct State {
        var now: UInt64 = 1_000_000_000
        var seq = 0
        var tasks: [Task] = []
        var cancelled: Set<Int> = []
    }

    private let state = Mutex(State())
    private let epoch: Date

    /// A loop whose wall clock starts at `start`.
    package init(start: Date = Date()) {
        epoch = start
    }

    private func add(_ delay: UInt64, period: UInt64? = nil, timer: Int? = nil, _ work: @escaping @Sendable () -> Void) {
        state.withLock { s in
            s.seq += 1
            s.tasks.append(Task(due: s.now + delay, seq: s.seq, work: work, period: period, timer: timer))
        }
    }

    package func run(_ work: @escaping @Sendable () -> Void) { add(0, work) }

    package func run(after seconds: Double, _ work: @escaping @Sendable () -> Void) {
        add(UInt64(max(0, seconds) * 1e9), work)
    }

    /// Runs `work` at once: the test's thread is the loop.
    package func runAndWait(_ work: @Sendable () -> Void) { work() }

    package func every(_ seconds: Double, _ body: @escaping @Sendable () -> Void) -> any RuntimeTimer {
        let period = UInt64(max(0.001, seconds) * 1e9)
        let id = state.withLock { s -> Int in
            s.seq += 1
            return s.seq
        }
        add(period, period: period, timer: id, body)
        return EmbeddedTimer(id: id, loop: self)
    }

    fileprivate func cancel(_ id: Int) {
        _ = state.withLock { $0.cancelled.insert(id) }
    }

    /// Takes the earliest task due by `limit`, moving the clock to it.
    private func next(by limit: UInt64) -> Task? {
        state.withLock { s in
            s.tasks.removeAll { $0.timer.map(s.cancelled.contains) ?? false }
            guard let i = s.tasks.indices.min(by: { (s.tasks[$0].due, s.tasks[$0].seq) < (s.tasks[$1].due, s.tasks[$1].seq) }),
                  s.tasks[i].due <= limit else { return nil }
            let t = s.tasks.remove(at: i)
            s.now = max(s.now, t.due)
            if let period = t.period {
                s.seq += 1
                s.tasks.append(Task(due: s.now + period, seq: s.seq, work: t.work, period: period, timer: t.timer))
            }
            return t
        }
    }

    /// Runs everything due now, and what that queues for now, in order.
    /// Returns how many pieces of work ran.
    @discardableResult
    package func run() -> Int {
        var n = 0
        let limit = nanos()
        while let t = next(by: limit) {
            t.work()
            n += 1
        }
        return n
    }

    /// Moves the clock by `seconds`, running what falls due on the way, in order.
    package func advance(by seconds: Double) {
        let target = nanos() + UInt64(max(0, seconds) * 1e9)
        while let t = next(by: target) { t.work() }
        state.withLock { $0.now = max($0.now, target) }
        run()
    }

    /// Work waiting, timers included.
    package var pending: Int { state.withLock { s in s.tasks.filter { !($0.timer.map(s.cancelled.contains) ?? false) }.count } }

    package func nanos() -> UInt64 { state.withLock { $0.now } }

    package func now() -> Date { epoch.addingTimeInterval(Double(nanos() - 1_000_000_000) / 1e9) }

    /// Runs the loop (moving the clock to each next piece of work) until
    /// `condition` holds or `seconds` of loop time have passed.
    package func wait(upTo seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = nanos() + UInt64(max(0, seconds) * 1e9)
        while !condition() {
            guard let t = next(by: deadline) else { return condition() }
            t.work()
        }
        return true
    }
}

/// A repeating task on an ``EmbeddedLoop``.
struct EmbeddedTimer: RuntimeTimer {
    let id: Int
    let loop: EmbeddedLoop
    func cancel() { loop.cancel(id) }
}
