#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import Synchronization

/// Something the daemon did, as `GET /events` streams it (one JSON object a line)
/// and `copydesk events` prints it.
public struct DaemonEvent: Codable, Sendable, Equatable {
    /// When, ISO-8601 UTC with milliseconds.
    public var time: String
    /// `picked`, `appended`, `duplicate`, `near_duplicate`, `quarantined`,
    /// `paused`, `resumed`, `reloaded`, `reload_failed`, or `lost` (events a
    /// slow reader missed; `count` says how many).
    public var type: String
    /// The source file.
    public var path: String?
    /// The line of a JSONL file.
    public var line: Int?
    /// The log offset of the record (`appended`, and marked copies).
    public var offset: UInt64?
    /// The article's content id.
    public var id: String?
    /// For copies: the article it copies.
    public var of: String?
    /// For near-duplicates: the similarity to `of`.
    public var similarity: Double?
    /// For copies: `mark` (appended, marked) or `drop` (no record).
    public var action: String?
    /// For quarantines: the stage and error code.
    public var stage: String?
    /// The error code of a quarantine.
    public var code: String?
    /// Why: a quarantine's message, a pause's reason, a failed reload's error.
    public var reason: String?
    /// For `lost`: how many events were not delivered.
    public var count: Int?

    /// An event of `type` now.
    public init(_ type: String, path: String? = nil, line: Int? = nil, offset: UInt64? = nil, id: String? = nil,
                of: String? = nil, similarity: Double? = nil, action: String? = nil, stage: String? = nil,
                code: String? = nil, reason: String? = nil, count: Int? = nil) {
        self.time = Self.now()
        self.type = type
        self.path = path
        self.line = line
        self.offset = offset
        self.id = id
        self.of = of
        self.similarity = similarity
        self.action = action
        self.stage = stage
        self.code = code
        self.reason = reason
        self.count = count
    }

    /// Now as `2026-11-29T04:08:11.569Z`: gmtime_r and a few digits, not a
    /// date formatter (events are made several times per article).
    static func now() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var t = time_t(ts.tv_sec)
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let ms = Int(ts.tv_nsec / 1_000_000)
        let msText = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(msText)Z"
    }

    /// The event as one line of JSON (sorted keys).
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    /// The event for people: `12:00:01.250 appended  /srv/drop/a.txt  offset 41`.
    public var humanLine: String {
        let clock = time.split(separator: "T").last.map { String($0.dropLast()) } ?? time
        var parts = [clock, type.padding(toLength: 14, withPad: " ", startingAt: 0)]
        if let path { parts.append(line.map { "\(path):\($0)" } ?? path) }
        if let offset { parts.append("offset \(offset)") }
        if let of { parts.append("of \(of)") }
        if let similarity { parts.append(String(format: "similarity %.2f", similarity)) }
        if let action { parts.append(action == "drop" ? "dropped" : "marked") }
        if let stage, let code { parts.append("\(stage): \(code)") }
        if let reason { parts.append("— \(reason)") }
        if let count { parts.append("\(count) events") }
        return parts.joined(separator: "  ")
    }
}

/// Fans daemon events out to subscribers (the control API's `/events`
/// streams) and keeps the last `capacity` for `copydesk events` without `-f`.
///
/// Publishing is one atomic load when nobody listens and nothing is kept
/// (`capacity` 0); subscribers are called on the publishing thread and must
/// hand the event off at once.
public final class EventBus: Sendable {
    /// A subscriber's callback.
    public typealias Subscriber = @Sendable (DaemonEvent) -> Void

    private struct State {
        var next = 0
        var subscribers: [Int: Subscriber] = [:]
        var recent: [DaemonEvent] = []
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// A bus keeping the last `capacity` events.
    public init(capacity: Int = 200) {
        self.capacity = capacity
    }

    /// Delivers `event` to every subscriber and keeps it among the recent ones.
    public func publish(_ event: @autoclosure () -> DaemonEvent) {
        let e = event()
        let subscribers: [Subscriber] = state.withLock { s in
            s.recent.append(e)
            // Trimmed in bulk, so a publish does not shift the whole buffer each time.
            if s.recent.count >= 2 * capacity { s.recent.removeFirst(s.recent.count - capacity) }
            return Array(s.subscribers.values)
        }
        for f in subscribers { f(e) }
    }

    /// The recent events, oldest first.
    public var recent: [DaemonEvent] { state.withLock { Array($0.recent.suffix(capacity)) } }

    /// Adds a subscriber; returns its token and the recent events at that moment
    /// (so a reader that wants the backlog misses nothing between the two).
    public func subscribe(_ f: @escaping Subscriber) -> (token: Int, backlog: [DaemonEvent]) {
        state.withLock { s in
            let token = s.next
            s.next += 1
            s.subscribers[token] = f
            return (token, Array(s.recent.suffix(capacity)))
        }
    }

    /// Removes a subscriber.
    public func unsubscribe(_ token: Int) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: token) }
    }

    /// How many subscribers listen.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }
}
