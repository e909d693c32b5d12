import CopydeskCore
import CopydeskDaemon
import Foundation
import Synchronization

/// An in-memory drop directory for an embedded runtime: the test drops files
/// (announced on the loop, as inotify would, or left for a rescan to find),
/// and reads back what was acknowledged and what was quarantined, with why.
/// Moves can be made to fail, as an unwritable done folder would.
package final class EmbeddedSource: IntakeSource {
    /// A file that was quarantined, with its reason.
    package struct Quarantined: Sendable {
        package var name: String
        package var error: StageError
        package var lines: [FailedLine]
    }

    private struct State {
        var files: [String: (bytes: [UInt8], origin: String)] = [:]
        var refusals: [String: (StageError.Code, String)] = [:]
        var done: [String] = []
        var quarantined: [Quarantined] = []
        var failingMoves = 0
        var drops: [String: DropSpec] = [:]
        var sink: (any DeliverySink)?
        var claims = 0
    }

    private let loop: EmbeddedLoop
    private let state = Mutex(State())

    /// A source whose notifications run on `loop`.
    package init(loop: EmbeddedLoop) {
        self.loop = loop
    }

    private func key(_ name: String, _ origin: String) -> String { origin + "/" + name }

    private var firstDrop: String { state.withLock { $0.drops.keys.sorted().first ?? "/drop" } }

    /// Drops `name` with `text` into `origin` (default: the first drop
    /// directory) and announces it on the loop, as inotify would.
    package func drop(_ name: String, _ text: String, into origin: String? = nil) {
        drop(name, Array(text.utf8), into: origin)
    }

    /// Drops `name` with `bytes`, announced on the loop.
    package func drop(_ name: String, _ bytes: [UInt8], into origin: String? = nil) {
        let o = origin ?? firstDrop
        let k = key(name, o)
        let (sink, pipeline) = state.withLock { s in
            s.files[k] = (bytes, o)
            return (s.sink, s.drops[o]?.pipeline ?? "news")
        }
        guard let sink else { return }
        loop.run { sink.offer(Delivery(key: k, origin: o, pipeline: pipeline)) }
    }

    /// Leaves `name` in `origin` unannounced: only a rescan finds it.
    package func place(_ name: String, _ text: String, into origin: String? = nil) {
        let o = origin ?? firstDrop
        state.withLock { $0.files[key(name, o)] = (Array(text.utf8), o) }
    }

    /// Makes the next read of `name` refuse it, as a symlink or a FIFO would be.
    package func refuse(_ name: String, in origin: String? = nil, code: StageError.Code, _ message: String) {
        let k = key(name, origin ?? firstDrop)
        state.withLock { $0.refusals[k] = (code, message) }
    }

    /// Fails the next `count` moves out of the drop directory.
    package func failMoves(_ count: Int) {
        state.withLock { $0.failingMoves = count }
    }

    /// Names of the files moved to done, in order.
    package var done: [String] { state.withLock { $0.done } }
    /// The files moved to quarantine, in order.
    package var quarantined: [Quarantined] { state.withLock { $0.quarantined } }
    /// Names of the files still in the drop directories.
    package var waiting: [String] { state.withLock { $0.files.keys.map(Self.name).sorted() } }
    /// How many reads were made.
    package var claims: Int { state.withLock { $0.claims } }

    private static func name(_ key: String) -> String { String(key.split(separator: "/").last ?? "") }

    package func start(_ configuration: DaemonConfiguration, sink: any DeliverySink) throws {
        state.withLock { s in
            s.drops = Dictionary(configuration.drops.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
            s.sink = sink
        }
    }

    package func rescan(origins: Set<String>?) {
        let (candidates, sink) = state.withLock { s -> ([Delivery], (any DeliverySink)?) in
            let found = s.files.filter { origins?.contains($0.value.origin) ?? true }.keys.sorted().compactMap { k -> Delivery? in
                guard let f = s.files[k], let drop = s.drops[f.origin] else { return nil }
                return Delivery(key: k, origin: f.origin, pipeline: drop.pipeline)
            }
            return (found, s.sink)
        }
        guard let sink else { return }
        sink.noted(.rescan)
        for d in sink.unknown(candidates) { sink.offer(d) }
    }

    package func stop() {
        state.withLock { $0.sink = nil }
    }

    package func claim(_ delivery: Delivery) -> DeliveryClaim {
        state.withLock { s in
            s.claims += 1
            if let (code, message) = s.refusals.removeValue(forKey: delivery.key) { return .refused(code, message) }
            guard let f = s.files[delivery.key] else { return .gone }
            return .read(bytes: f.bytes, size: f.bytes.count, mtime: loop.now())
        }
    }

    package func acknowledge(_ delivery: Delivery, _ settlement: Settlement) throws {
        try state.withLock { s in
            if s.failingMoves > 0 {
                s.failingMoves -= 1
                throw EmbeddedMoveError()
            }
            s.files.removeValue(forKey: delivery.key)
            switch settlement {
            case .done:
                s.done.append(Self.name(delivery.key))
            case .quarantined(let error, let lines):
                s.quarantined.append(Quarantined(name: Self.name(delivery.key), error: error, lines: lines))
            }
        }
    }
}

/// A move the test made fail.
struct EmbeddedMoveError: Error, CustomStringConvertible {
    var description: String { "cannot rename into .done: Permission denied (made to fail by the test)" }
}
