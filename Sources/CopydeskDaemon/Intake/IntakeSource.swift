import CopydeskCore
import Foundation

/// One unit of intake: a file in a drop directory (a Kafka message next).
/// Its articles leave the source only once every record made from it is
/// durable, or it was quarantined.
package struct Delivery: Sendable, Hashable {
    /// Unique while in flight: a file's path.
    package var key: String
    /// Where it came from, as status and metrics name it: the drop directory.
    package var origin: String
    /// The pipeline its articles go through.
    package var pipeline: String

    /// A delivery.
    package init(key: String, origin: String, pipeline: String) {
        self.key = key
        self.origin = origin
        self.pipeline = pipeline
    }
}

/// What reading a delivery gave.
package enum DeliveryClaim: Sendable {
    /// Read whole.
    case read(bytes: [UInt8], size: Int, mtime: Date)
    /// Not to be read: quarantine with this code and message.
    case refused(StageError.Code, String)
    /// Gone before it was read (another consumer, a producer's rename): forget it.
    case gone
    /// Still being written: forget it now; the source offers it again later.
    case changing
}

/// How a delivery whose articles are all settled leaves its source.
package enum Settlement: Sendable {
    /// Handled: moved to done (or deleted); `failedLines` are quarantined beside it.
    case done(failedLines: [FailedLine])
    /// Quarantined whole with `error`; `failedLines` are reported beside it.
    case quarantined(StageError, failedLines: [FailedLine])
}

/// A JSON Lines line that was quarantined while the rest of its file went on.
package struct FailedLine: Sendable {
    /// The 1-based line number.
    package var line: Int
    /// The line's bytes.
    package var raw: [UInt8]
    /// Why.
    package var error: StageError
}

/// Receives what a source finds; implemented by ``Intake``.
package protocol DeliverySink: Sendable {
    /// Offers one delivery (on the intake lane); one already queued or in flight is passed over.
    func offer(_ delivery: Delivery)
    /// Of `candidates`, those neither queued nor in flight, as many as the queue
    /// has room for (under one lock: a burst of 100,000 files is rescanned many
    /// times as the queue empties). When room ran out, the origin is rescanned
    /// once the queue is half empty.
    func unknown(_ candidates: [Delivery]) -> [Delivery]
    /// Counts what the source did, for status and metrics.
    func noted(_ event: SourceEvent)
}

/// What a source tells the runtime it did.
package enum SourceEvent: Sendable {
    /// Listed its inputs again.
    case rescan
    /// Lost notifications (an inotify queue overflow) and rescans for them.
    case overflow
}

/// Where deliveries come from: the drop directories today, a Kafka topic next.
///
/// Contract: the runtime calls `start`, `rescan`, `claim` and `stop` on its
/// intake lane, and `acknowledge` on its acknowledgement lane. A source offers
/// what it finds to the sink it was started with, on the intake lane (the
/// daemon's inotify watcher reads on that queue); the sink passes over a
/// delivery already queued or in flight.
package protocol IntakeSource: AnyObject, Sendable {
    /// Starts watching `configuration`'s inputs (again, after a reload) and
    /// offers what it finds to `sink`. Throws when an input cannot be watched;
    /// the source then keeps its old configuration.
    func start(_ configuration: DaemonConfiguration, sink: any DeliverySink) throws
    /// Looks for deliveries not offered yet, in `origins` (nil: all): at start,
    /// after a lost notification, on the rescan timer, and when the queue has room again.
    func rescan(origins: Set<String>?)
    /// Stops watching; deliveries in flight can still be acknowledged.
    func stop()
    /// Reads a delivery's bytes.
    func claim(_ delivery: Delivery) -> DeliveryClaim
    /// Takes a settled delivery out of the source (moves it to done or to
    /// quarantine). A throw leaves it where it is; the runtime pauses intake
    /// and tries again with backoff.
    func acknowledge(_ delivery: Delivery, _ settlement: Settlement) throws
}
