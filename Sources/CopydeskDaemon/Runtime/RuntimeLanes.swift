#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CopydeskCore
import CopydeskLog
import Dispatch
import Foundation
import Synchronization

/// Where the runtime runs a piece of work: a serial lane of its own (intake,
/// acknowledgement, the pipelines' work, the status timers).
///
/// Contract: work given to one lane runs one piece at a time, in the order it
/// was given (delayed work once its time has come); a lane never runs work on
/// the caller's thread inside `run`. In the daemon a lane is a `DispatchQueue`;
/// in tests it is an `EmbeddedLoop` (module CopydeskDaemonEmbedded) that the
/// test steps, so nothing depends on timing.
package protocol RuntimeLane: Sendable {
    /// Runs `work` later, on this lane.
    func run(_ work: @escaping @Sendable () -> Void)
    /// Runs `work` on this lane once `seconds` have passed.
    func run(after seconds: Double, _ work: @escaping @Sendable () -> Void)
    /// Runs `work` on this lane and returns once it has run.
    func runAndWait(_ work: @Sendable () -> Void)
    /// Runs `body` on this lane every `seconds` until the returned timer is cancelled.
    func every(_ seconds: Double, _ body: @escaping @Sendable () -> Void) -> any RuntimeTimer
}

/// A repeating piece of work; cancel stops it.
package protocol RuntimeTimer: Sendable {
    /// Stops the timer; a run already started finishes.
    func cancel()
}

/// The time as the runtime sees it: monotonic for latencies, wall-clock for
/// file ages. Injected so a test controls it.
package protocol RuntimeClock: Sendable {
    /// Monotonic nanoseconds.
    func nanos() -> UInt64
    /// The wall-clock time.
    func now() -> Date
    /// Blocks until `condition` holds or `seconds` have passed (the drain's wait);
    /// returns whether it holds.
    func wait(upTo seconds: Double, until condition: () -> Bool) -> Bool
}

/// Where records go: the log writer in the daemon, an in-memory log in tests.
///
/// Contract (``LogWriter``'s): `append` may be called from any thread; the
/// completion runs once, after the records are durable (with their offsets) or
/// when they are unusable (with the error); a full disk never fails a
/// submission, it makes `stalled` non-nil until the write goes through.
package protocol RecordAppender: Sendable {
    /// Queues records; `completion` runs once they are durable or refused.
    func append(_ records: [EncodedRecord], completion: @escaping LogWriter.Completion)
    /// The visible and durable ends.
    var ends: LogEndOffsets { get }
    /// Why records cannot be written now, or nil.
    var stalled: LogError? { get }
    /// Makes everything durable and stops taking records.
    func close()
}

extension LogWriter: RecordAppender {}

/// The lanes, clock and log the runtime is built on.
package struct RuntimeParts: Sendable {
    /// Offers, rescans, reads of files, and the back-pressure pump.
    package var intake: any RuntimeLane
    /// Moves out of drop directories and their retries.
    package var ack: any RuntimeLane
    /// Status files, snapshots, retention.
    package var utility: any RuntimeLane
    /// Pipeline work; nil: the runners' own work limiter on a concurrent
    /// Dispatch queue (one item per core and one more).
    package var work: (any RuntimeLane)?
    /// The clock.
    package var clock: any RuntimeClock
    /// Where records go.
    package var log: any RecordAppender

    /// Parts from their pieces.
    package init(intake: any RuntimeLane, ack: any RuntimeLane, utility: any RuntimeLane, work: (any RuntimeLane)?,
                 clock: any RuntimeClock, log: any RecordAppender) {
        self.intake = intake
        self.ack = ack
        self.utility = utility
        self.work = work
        self.clock = clock
        self.log = log
    }

    /// The daemon's: Dispatch queues, the system clock, and `log`.
    package static func dispatch(log: any RecordAppender) -> RuntimeParts {
        RuntimeParts(intake: DispatchQueue(label: "copydesk.intake"), ack: DispatchQueue(label: "copydesk.ack"),
                     utility: DispatchQueue.global(qos: .utility), work: nil, clock: SystemClock(), log: log)
    }
}

extension DispatchQueue: RuntimeLane {
    package func run(_ work: @escaping @Sendable () -> Void) { async(execute: work) }

    package func run(after seconds: Double, _ work: @escaping @Sendable () -> Void) {
        asyncAfter(deadline: .now() + max(0, seconds), execute: work)
    }

    package func runAndWait(_ work: @Sendable () -> Void) { sync(execute: work) }

    package func every(_ seconds: Double, _ body: @escaping @Sendable () -> Void) -> any RuntimeTimer {
        let t = DispatchSource.makeTimerSource(queue: self)
        t.schedule(deadline: .now() + seconds, repeating: seconds, leeway: .milliseconds(100))
        t.setEventHandler(handler: body)
        t.resume()
        return DispatchTimer(source: t)
    }
}

/// A repeating Dispatch timer; Dispatch sources are thread-safe.
struct DispatchTimer: RuntimeTimer, @unchecked Sendable {
    let source: any DispatchSourceTimer
    func cancel() { source.cancel() }
}

/// The system's clocks; the drain's wait polls every 10 ms.
package struct SystemClock: RuntimeClock {
    package init() {}

    package func nanos() -> UInt64 { PipelineRunner.nanos() }

    package func now() -> Date { Date() }

    package func wait(upTo seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = nanos() + UInt64(max(0, seconds) * 1e9)
        while !condition() {
            if nanos() >= deadline { return false }
            usleep(10_000)
        }
        return true
    }
}
