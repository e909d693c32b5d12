import Dispatch
import Synchronization

/// Runs closures on a concurrent queue with at most `width` at once, queueing
/// the rest. Keeps CPU stages at one thread per core: more threads than cores
/// only add contention and inflate every stage's latency.
public final class WorkLimiter: Sendable {
    private let queue: DispatchQueue
    private let width: Int
    private let state = Mutex(State())

    struct State {
        var active = 0
        var waiting: [@Sendable () -> Void] = []
        var head = 0
    }

    /// A limiter over `queue`.
    public init(queue: DispatchQueue, width: Int) {
        self.queue = queue
        self.width = max(1, width)
    }

    /// Runs `work` when a slot is free.
    public func submit(_ work: @escaping @Sendable () -> Void) {
        let start: Bool = state.withLock { s in
            if s.active < width {
                s.active += 1
                return true
            }
            s.waiting.append(work)
            return false
        }
        if start { run(work) }
    }

    /// Runs `work`, then whatever waits, in the same block: a slot keeps its
    /// thread while there is work, rather than one dispatch (and perhaps a
    /// thread wake-up) per closure.
    private func run(_ work: @escaping @Sendable () -> Void) {
        queue.async {
            var work = work
            while true {
                work()
                let next: (@Sendable () -> Void)? = self.state.withLock { s in
                    guard s.head < s.waiting.count else {
                        s.active -= 1
                        s.waiting.removeAll(keepingCapacity: true)
                        s.head = 0
                        return nil
                    }
                    let w = s.waiting[s.head]
                    s.head += 1
                    if s.head > 1024 && s.head * 2 > s.waiting.count {
                        s.waiting.removeFirst(s.head)
                        s.head = 0
                    }
                    return w
                }
                guard let next else { return }
                work = next
            }
        }
    }
}
