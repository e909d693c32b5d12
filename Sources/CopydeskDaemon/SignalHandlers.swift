#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Dispatch
import Synchronization

/// Signal handling for the daemon and `replay --follow`, in one place: each
/// signal's default action is replaced by `SIG_IGN` and a Dispatch signal
/// source runs its handler on ``queue``.
///
/// Handlers are `@Sendable` and installed from this nonisolated type, never
/// from top-level code, whose closures would inherit MainActor isolation and
/// trap when they fire on the signal queue. The sources are kept alive until
/// ``cancel()``; the signals stay ignored after it, so one arriving while the
/// process finishes cannot kill it halfway.
public final class SignalHandlers: Sendable {
    /// The queue handlers run on, one at a time.
    public let queue: DispatchQueue
    private let sources = Mutex<[Source]>([])

    // @unchecked: a Dispatch source is thread-safe (resume and cancel may be called from any thread).
    private struct Source: @unchecked Sendable {
        let source: any DispatchSourceSignal
    }

    /// No handlers yet; they will run on `queue`.
    public init(queue: DispatchQueue = DispatchQueue(label: "copydesk.signals")) {
        self.queue = queue
    }

    /// Runs `handler` with the signal's number whenever one of `signals` arrives.
    public func on(_ signals: [Int32], _ handler: @escaping @Sendable (Int32) -> Void) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { @Sendable in handler(number) }
            source.resume()
            let held = Source(source: source)
            sources.withLock { $0.append(held) }
        }
    }

    /// Stops every handler (the signals stay ignored).
    public func cancel() {
        let all = sources.withLock { s in
            defer { s = [] }
            return s
        }
        for held in all { held.source.cancel() }
    }

    /// `SIGTERM` for 15, for log lines.
    public static func name(of number: Int32) -> String {
        switch number {
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        case SIGHUP: "SIGHUP"
        case SIGUSR1: "SIGUSR1"
        case SIGUSR2: "SIGUSR2"
        default: "signal \(number)"
        }
    }
}
