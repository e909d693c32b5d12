import Synchronization

/// The near-duplicate index: a bottom-k sketch per article in a bounded window,
/// with one posting table over each sketch's smallest hashes to find candidates.
///
/// Memory: the window is cut into sixteen epochs; each holds its articles'
/// ids, cluster ids and sketches in flat arrays. One open-addressing table
/// maps posting hashes to article serial numbers. When the window is full the
/// oldest epoch is dropped whole (its postings deleted from the table), so
/// the index holds between `windowArticles` and 17/16 of it. Per article:
/// 16 (id) + 16 (cluster) + 1 (state) + 4·k (sketch) + 10·postings (table
/// at load 0.8) bytes — 241 bytes with the defaults, ≈ 245 MiB at 1,000,000
/// articles plus the open epoch (`copydesk bench dedup` measures it).
///
/// Thread-safe: ``claim(id:sketch:rule:insert:time:)`` looks up and inserts
/// under one lock, so of two copies arriving at once on different threads the
/// second always sees the first.
///
/// Entries are provisional (`pending`) until ``commit(_:)`` (the record is
/// durable) or ``release(_:)`` (it never reached the log); snapshots keep only
/// committed entries.
public final class NearDuplicateIndex: Sendable {
    /// The sketch shape and window.
    public let settings: NearDuplicateSettings

    private let state: Mutex<State>

    /// An empty index.
    public init(settings: NearDuplicateSettings = NearDuplicateSettings()) {
        self.settings = settings
        state = Mutex(State(settings: settings))
    }

    /// The sketch of `text` in this index's shape.
    public func sketch(_ text: String) -> ShingleSketch {
        ShingleSketch(text: text, shingleWords: settings.shingleWords, size: settings.sketchSize)
    }

    /// Articles in the window (pending and committed, not released).
    public var count: Int { state.withLock { $0.live } }

    /// Bytes held by the index's arrays (capacity, not just use).
    public var memoryBytes: Int {
        state.withLock { s in s.epochs.reduce(s.table.memoryBytes + (s.retired?.postings.capacity ?? 0) * 4) { $0 + $1.memoryBytes } }
    }

    /// Finds the most similar earlier article that `rule` accepts and, when
    /// `insert` says so for that answer, adds the article (pending) in the
    /// same critical section — in the match's cluster, or as a new cluster.
    ///
    /// - Returns: the match, or nil when the article is unlike everything in the window.
    @discardableResult
    public func claim(id: ContentIndex.Key, sketch: ShingleSketch, rule: NearDuplicateRule,
                      insert: (NearMatch?) -> Bool = { _ in true }, time: Int64) -> NearMatch? {
        return state.withLock { s in
            let best = s.best(for: sketch, rule: rule)
            let match = best.map { NearMatch(of: s.id(at: $0.where).hex, cluster: s.cluster(at: $0.where).hex, similarity: $0.similarity) }
            if insert(match) {
                let cluster = best.map { s.cluster(at: $0.where) } ?? id
                s.insert(id: id, cluster: cluster, sketch: sketch, state: Epoch.pending, time: time)
            }
            return match
        }
    }

    /// Adds a durable article as it was recorded (catch-up from the log).
    public func add(id: ContentIndex.Key, cluster: ContentIndex.Key?, sketch: ShingleSketch, time: Int64) {
        state.withLock { $0.insert(id: id, cluster: cluster ?? id, sketch: sketch, state: Epoch.committed, time: time) }
    }

    /// The article's record is durable: keep its entry.
    public func commit(_ id: ContentIndex.Key) {
        state.withLock { $0.settle(id, to: Epoch.committed) }
    }

    /// The article never reached the log: forget its entry.
    public func release(_ id: ContentIndex.Key) {
        state.withLock { $0.settle(id, to: Epoch.released) }
    }

    /// Forgets everything.
    public func reset() {
        state.withLock { $0 = State(settings: settings) }
    }

    // MARK: - Snapshot

    /// The committed entries, serialised (magic, shape, epochs).
    public func snapshotBytes() -> [UInt8] {
        var out: [UInt8] = []
        writeSnapshot { out += $0 }
        return out
    }

    /// The committed entries, a piece at a time. The lock is held only to take
    /// a copy-on-write view of the window (O(1)); serialising and writing happen
    /// outside it, so the deduplicate stage is not stalled by a snapshot.
    public func writeSnapshot(_ emit: ([UInt8]) throws -> Void) rethrows {
        // Only the epochs: a view holding the posting table too would make the next
        // insert copy the whole table.
        let epochs = state.withLock { $0.epochs }
        try State.serialise(epochs, settings: settings, emit)
    }

    /// Replaces the index with a snapshot; false (and empty) when it is damaged
    /// or was made with another shingle or sketch size.
    @discardableResult
    public func restore(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let s = State(deserialising: bytes, settings: settings) else {
            reset()
            return false
        }
        state.withLock { $0 = s }
        return true
    }
}
