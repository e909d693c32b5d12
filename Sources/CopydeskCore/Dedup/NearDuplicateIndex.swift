#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
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

// MARK: - Storage

extension NearDuplicateIndex {
    /// A position in the window.
    struct Where: Hashable {
        var epoch: Int
        var slot: Int
    }

    /// A sixteenth of the window.
    struct Epoch {
        static let pending: UInt8 = 0, committed: UInt8 = 1, released: UInt8 = 2

        /// Serial number of its first article.
        var first: UInt64
        var ids: [ContentIndex.Key] = []
        var clusters: [ContentIndex.Key] = []
        var states: [UInt8] = []
        /// `k` hashes per article, padded with `UInt32.max`.
        var sketches: [UInt32] = []
        var oldest: Int64 = .max
        var newest: Int64 = .min

        init(first: UInt64, capacity: Int, settings: NearDuplicateSettings) {
            // Reserved whole (no doubling slack); the pages are touched only as articles arrive.
            self.first = first
            ids.reserveCapacity(capacity)
            clusters.reserveCapacity(capacity)
            states.reserveCapacity(capacity)
            sketches.reserveCapacity(capacity * settings.sketchSize)
        }

        var count: Int { ids.count }

        var memoryBytes: Int {
            ids.capacity * 16 + clusters.capacity * 16 + states.capacity
                + sketches.capacity * 4
        }
    }

    /// An open-addressing multimap from a 32-bit hash to article serial
    /// numbers (mod 2³²−1), linear probing with backward-shift deletion. A
    /// hash that already has `maxPerKey` entries gets no more (a phrase common
    /// to many articles finds nothing by itself). It grows by doubling up to
    /// `limit` entries, the size the full window needs at load 0.8.
    struct PostingTable {
        static let empty = UInt32.max
        static let maxPerKey = 16
        var keys: [UInt32] = []
        var values: [UInt32] = []
        var used = 0
        let limit: Int

        init(limit: Int) {
            self.limit = max(64, limit)
            keys = [UInt32](repeating: 0, count: min(self.limit, 1024))
            values = [UInt32](repeating: Self.empty, count: keys.count)
        }

        var memoryBytes: Int { keys.capacity * 4 + values.capacity * 4 }

        /// The bottom-k hashes are small numbers; spread them before indexing.
        @inline(__always)
        func home(_ h: UInt32) -> Int {
            var x = h &* 0x9E37_79B1
            x ^= x >> 15
            x = x &* 0x85EB_CA77
            x ^= x >> 13
            return Int((UInt64(x) &* UInt64(keys.count)) >> 32)
        }

        mutating func insert(_ h: UInt32, value: UInt32) {
            if (used + 1) * 10 > keys.count * 9 { grow() }
            var i = home(h)
            var same = 0
            while values[i] != Self.empty {
                if keys[i] == h {
                    same += 1
                    if same >= Self.maxPerKey { return }
                }
                i += 1
                if i == keys.count { i = 0 }
            }
            keys[i] = h
            values[i] = value
            used += 1
        }

        /// Deletes the entry (h, value) if it is there.
        mutating func remove(_ h: UInt32, value: UInt32) {
            let n = keys.count
            var i = home(h)
            while values[i] != Self.empty {
                if keys[i] == h && values[i] == value { break }
                i += 1
                if i == n { i = 0 }
            }
            guard values[i] != Self.empty else { return }
            // Backward-shift: pull later entries of the run into the hole when their home allows it.
            var j = i
            while true {
                j += 1
                if j == n { j = 0 }
                if values[j] == Self.empty { break }
                let k = home(keys[j])
                let stays = i <= j ? (i < k && k <= j) : (i < k || k <= j)
                if stays { continue }
                keys[i] = keys[j]
                values[i] = values[j]
                i = j
            }
            values[i] = Self.empty
            used -= 1
        }

        @inline(__always)
        func forEach(_ h: UInt32, _ body: (UInt32) -> Void) {
            var i = home(h)
            while values[i] != Self.empty {
                if keys[i] == h { body(values[i]) }
                i += 1
                if i == keys.count { i = 0 }
            }
        }

        private mutating func grow() {
            let size = keys.count >= limit ? keys.count * 2 : min(limit, keys.count * 2)
            let oldKeys = keys, oldValues = values
            keys = [UInt32](repeating: 0, count: size)
            values = [UInt32](repeating: Self.empty, count: size)
            used = 0
            for i in 0..<oldKeys.count where oldValues[i] != Self.empty {
                var j = home(oldKeys[i])
                while values[j] != Self.empty { j += 1; if j == keys.count { j = 0 } }
                keys[j] = oldKeys[i]
                values[j] = oldValues[i]
                used += 1
            }
        }
    }

    /// What is left of an evicted epoch: its articles' posting hashes.
    struct Retired {
        var first: UInt64
        var postings: [UInt32]
        var cursor = 0
    }

    struct State {
        let settings: NearDuplicateSettings
        let epochCapacity: Int
        var epochs: [Epoch] = []
        var table: PostingTable
        /// The evicted epoch whose postings are still being deleted.
        var retired: Retired?
        var nextSerial: UInt64 = 0
        var live = 0
        /// Where each pending article is, by id.
        var pending: [ContentIndex.Key: UInt64] = [:]

        init(settings: NearDuplicateSettings) {
            self.settings = settings
            epochCapacity = max(256, (settings.windowArticles + 15) / 16)
            table = PostingTable(limit: (settings.windowArticles + epochCapacity) * settings.postings * 10 / 8)
        }

        /// Serial numbers as the table stores them: mod 2³²−1, so never `PostingTable.empty`.
        static func short(_ serial: UInt64) -> UInt32 { UInt32(serial % 0xFFFF_FFFF) }

        /// The position of a serial number, when it is still in the window.
        func locate(short: UInt32) -> Where? {
            guard let first = epochs.first?.first else { return nil }
            let base = Self.short(first)
            let delta = short >= base ? UInt64(short - base) : UInt64(short) + 0xFFFF_FFFF - UInt64(base)
            let serial = first + delta
            guard serial < nextSerial else { return nil }
            var lo = 0, hi = epochs.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if epochs[mid].first <= serial { lo = mid } else { hi = mid - 1 }
            }
            let slot = Int(serial - epochs[lo].first)
            return slot < epochs[lo].count ? Where(epoch: lo, slot: slot) : nil
        }

        func id(at w: Where) -> ContentIndex.Key { epochs[w.epoch].ids[w.slot] }
        func cluster(at w: Where) -> ContentIndex.Key { epochs[w.epoch].clusters[w.slot] }

        /// The accepted candidate with the highest Jaccard (then containment).
        func best(for sketch: ShingleSketch, rule: NearDuplicateRule) -> (where: Where, similarity: SketchSimilarity)? {
            guard !sketch.hashes.isEmpty, !epochs.isEmpty else { return nil }
            var shorts: [UInt32] = []
            for h in sketch.hashes.prefix(settings.postings) {
                table.forEach(h) { shorts.append($0) }
            }
            guard !shorts.isEmpty else { return nil }
            shorts.sort()
            var seen: [Where] = []
            seen.reserveCapacity(shorts.count)
            for (i, short) in shorts.enumerated() where i == 0 || shorts[i - 1] != short {
                guard let w = locate(short: short), epochs[w.epoch].states[w.slot] != Epoch.released else { continue }
                seen.append(w)
            }
            guard !seen.isEmpty else { return nil }
            // Only the article's hashes up to the largest candidate τ take part:
            // sort just those (usually a few dozen of several hundred).
            let k = settings.sketchSize
            var maxTau: UInt32 = 0
            for w in seen {
                let last = epochs[w.epoch].sketches[w.slot * k + k - 1]
                maxTau = max(maxTau, last)  // UInt32.max when the stored sketch is complete
            }
            var query = maxTau == UInt32.max ? sketch.all : sketch.all.filter { $0 <= maxTau }
            ShingleSketch.sortDistinct(&query)
            var best: (where: Where, similarity: SketchSimilarity)?
            query.withUnsafeBufferPointer { q in
                for w in seen {
                    let s: SketchSimilarity = epochs[w.epoch].sketches.withUnsafeBufferPointer { all in
                        let base = w.slot * k
                        var n = k
                        while n > 0, all[base + n - 1] == UInt32.max { n -= 1 }
                        let c = UnsafeBufferPointer(rebasing: all[base..<(base + n)])
                        return SketchSimilarity.between(query: q, stored: c, complete: n < k)
                    }
                    guard rule.accepts(s) else { continue }
                    if let b = best, (b.similarity.jaccard, b.similarity.containment) >= (s.jaccard, s.containment) { continue }
                    best = (w, s)
                }
            }
            return best
        }

        mutating func insert(id: ContentIndex.Key, cluster: ContentIndex.Key, sketch: ShingleSketch, state: UInt8, time: Int64) {
            openEpochIfNeeded(time: time)
            let e = epochs.count - 1
            let k = settings.sketchSize
            epochs[e].ids.append(id)
            epochs[e].clusters.append(cluster)
            epochs[e].states.append(state)
            epochs[e].sketches.append(contentsOf: sketch.hashes.prefix(k))
            if sketch.hashes.count < k {
                epochs[e].sketches.append(contentsOf: repeatElement(UInt32.max, count: k - sketch.hashes.count))
            }
            for h in sketch.hashes.prefix(settings.postings) {
                table.insert(h, value: Self.short(nextSerial))
            }
            epochs[e].oldest = min(epochs[e].oldest, time)
            epochs[e].newest = max(epochs[e].newest, time)
            if state == Epoch.pending { pending[id] = nextSerial }
            nextSerial += 1
            live += 1
            evict(now: time)
        }

        mutating func openEpochIfNeeded(time: Int64) {
            if let last = epochs.last {
                var full = last.count >= epochCapacity
                if let window = settings.windowSeconds, last.oldest != .max, time - last.oldest >= max(1, window / 16) { full = true }
                if !full { return }
            }
            epochs.append(Epoch(first: nextSerial, capacity: epochCapacity, settings: settings))
        }

        /// Drops whole epochs that the window no longer needs.
        mutating func evict(now: Int64) {
            while epochs.count > 1 {
                let oldest = epochs[0]
                let total = epochs.reduce(0) { $0 + $1.count }
                var drop = total - oldest.count >= settings.windowArticles
                if let window = settings.windowSeconds, oldest.newest < now - window { drop = true }
                guard drop else { break }
                live -= oldest.states.lazy.filter { $0 != Epoch.released }.count
                for (i, id) in oldest.ids.enumerated() where oldest.states[i] == Epoch.pending { pending[id] = nil }
                // Its serial numbers no longer resolve (``locate(short:)``), so it is out of
                // the window now; its postings leave the table a few per insert.
                clearRetired(all: true)
                let k = settings.sketchSize, m = settings.postings
                var postings = [UInt32](repeating: UInt32.max, count: oldest.count * m)
                for i in 0..<oldest.count {
                    for j in 0..<m { postings[i * m + j] = oldest.sketches[i * k + j] }
                }
                retired = Retired(first: oldest.first, postings: postings)
                epochs.removeFirst()
            }
            clearRetired(all: false)
        }

        /// Deletes the postings of the last evicted epoch: eight articles' worth
        /// per insert (spreading the work), or all that are left.
        mutating func clearRetired(all: Bool) {
            guard var r = retired else { return }
            let m = settings.postings
            let articles = r.postings.count / m
            let end = all ? articles : min(articles, r.cursor + 8)
            while r.cursor < end {
                let serial = Self.short(r.first + UInt64(r.cursor))
                for j in 0..<m {
                    let h = r.postings[r.cursor * m + j]
                    if h == UInt32.max { break }
                    table.remove(h, value: serial)
                }
                r.cursor += 1
            }
            retired = r.cursor >= articles ? nil : r
        }

        mutating func settle(_ id: ContentIndex.Key, to newState: UInt8) {
            guard let serial = pending.removeValue(forKey: id) else { return }
            guard let e = epochs.lastIndex(where: { $0.first <= serial }) else { return }
            let slot = Int(serial - epochs[e].first)
            guard slot < epochs[e].count, epochs[e].ids[slot] == id else { return }
            epochs[e].states[slot] = newState
            if newState == Epoch.released { live -= 1 }
        }

        // MARK: Snapshot format

        static let magic = Array("CPDKNDX1".utf8)

        /// The committed entries of `epochs`, handed to `emit` a piece at a time (the header, then each epoch).
        static func serialise(_ epochs: [Epoch], settings: NearDuplicateSettings, _ emit: ([UInt8]) throws -> Void) rethrows {
            var b = Self.magic
            func put32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { b.append(contentsOf: $0) } }
            func put64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { b.append(contentsOf: $0) } }
            let k = settings.sketchSize
            put32(UInt32(settings.shingleWords))
            put32(UInt32(k))
            put32(UInt32(epochs.count))
            try emit(b)
            for epoch in epochs {
                b.removeAll(keepingCapacity: true)
                let keep = epoch.states.indices.filter { epoch.states[$0] == Epoch.committed }
                put64(UInt64(keep.count))
                put64(UInt64(bitPattern: epoch.oldest))
                put64(UInt64(bitPattern: epoch.newest))
                b.reserveCapacity(24 + keep.count * (32 + 4 * k))
                for i in keep {
                    put64(epoch.ids[i].hi); put64(epoch.ids[i].lo)
                    put64(epoch.clusters[i].hi); put64(epoch.clusters[i].lo)
                    for j in 0..<k { put32(epoch.sketches[i * k + j]) }
                }
                try emit(b)
            }
        }

        init?(deserialising bytes: ArraySlice<UInt8>, settings: NearDuplicateSettings) {
            self.init(settings: settings)
            var at = bytes.startIndex
            func need(_ n: Int) -> Bool { bytes.endIndex - at >= n }
            func get32() -> UInt32 {
                defer { at += 4 }
                return bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: at - bytes.startIndex, as: UInt32.self)) }
            }
            func get64() -> UInt64 {
                defer { at += 8 }
                return bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: at - bytes.startIndex, as: UInt64.self)) }
            }
            guard need(20), Array(bytes[at..<(at + 8)]) == Self.magic else { return nil }
            at += 8
            let k = settings.sketchSize
            guard get32() == UInt32(settings.shingleWords), get32() == UInt32(k) else { return nil }
            let epochCount = Int(get32())
            for _ in 0..<epochCount {
                guard need(24) else { return nil }
                let n = get64(), oldest = Int64(bitPattern: get64()), newest = Int64(bitPattern: get64())
                let entry = 32 + 4 * k
                guard n <= UInt64(Int.max / entry), need(Int(n) * entry) else { return nil }
                var added = 0
                for _ in 0..<Int(n) {
                    let id = ContentIndex.Key(hi: get64(), lo: get64())
                    let cluster = ContentIndex.Key(hi: get64(), lo: get64())
                    var hashes: [UInt32] = []
                    hashes.reserveCapacity(k)
                    for _ in 0..<k {
                        let h = get32()
                        if h != UInt32.max { hashes.append(h) }
                    }
                    guard hashes == hashes.sorted() else { return nil }
                    insert(id: id, cluster: cluster, sketch: ShingleSketch(hashes: hashes, size: k, shingles: hashes.count), state: Epoch.committed, time: oldest)
                    added += 1
                }
                if added > 0, let last = epochs.indices.last {
                    epochs[last].newest = max(epochs[last].newest, newest)
                }
            }
            guard at == bytes.endIndex else { return nil }
        }
    }
}

extension ContentIndex.Key {
    /// The 32 lower-case hex digits (the article id this key was made from).
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<16 {
            out[i] = digits[Int((hi >> UInt64(60 - 4 * i)) & 0xF)]
            out[16 + i] = digits[Int((lo >> UInt64(60 - 4 * i)) & 0xF)]
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension NearDuplicateIndex {
    /// The fields of a log record the window is rebuilt from.
    private struct RecordFields: Decodable {
        struct Body: Decodable {
            var role: String?
            var value: String
        }
        struct Copydesk: Decodable {
            var dedup: Dedup?
        }
        struct Dedup: Decodable {
            var status: String
            var cluster: String?
        }
        var id: String?
        var bodies: [Body]?
        var copydesk: Copydesk?
    }

    /// Adds a durable record (catch-up from the log) as the deduplicate stage
    /// indexed it: only records that carry a cluster (unique or near-duplicate
    /// articles the stage sketched), not exact duplicates or short bodies.
    ///
    /// - Returns: whether the record was added.
    @discardableResult
    public func add(recordJSON json: [UInt8], time: Int64) -> Bool {
        let fields = RecordScan.fields(json) ?? Self.decodedFields(json)
        guard let fields, fields.status != "duplicate",
              let clusterHex = fields.cluster, let cluster = ContentIndex.Key(hex: clusterHex),
              let id = ContentIndex.Key(hex: fields.id), let body = fields.body
        else { return false }
        add(id: id, cluster: cluster, sketch: sketch(body), time: time)
        return true
    }

    /// The slow path: a full decode (records not written by copydesk's own writer).
    static func decodedFields(_ json: [UInt8]) -> RecordScan.Fields? {
        guard let r = try? JSONDecoder().decode(RecordFields.self, from: Data(json)), let id = r.id else { return nil }
        return RecordScan.Fields(id: id, body: (r.bodies?.first { $0.role == "main" } ?? r.bodies?.first)?.value,
                                 status: r.copydesk?.dedup?.status, cluster: r.copydesk?.dedup?.cluster)
    }
}

/// Reads the few fields the window needs straight from a record's JSON as
/// copydesk writes it (sorted keys, string-valued body objects), about 4×
/// faster than a full decode; nil when the record is shaped otherwise.
enum RecordScan {
    struct Fields {
        var id: String
        var body: String?
        var status: String?
        var cluster: String?
    }

    static func fields(_ json: [UInt8]) -> Fields? {
        json.withUnsafeBufferPointer { b -> Fields? in
            // Sorted keys: "bodies" < "copydesk" (holding "dedup") < "id"; each search starts where the last ended.
            var at = 0
            var body: String?
            if let p = find(b, "\"bodies\":", from: 0) {
                guard let (bodies, end) = objects(b, at: p) else { return nil }
                body = (bodies.first { $0["role"] == "main" } ?? bodies.first)?["value"]
                at = end
            }
            var status: String?, cluster: String?
            if let p = find(b, "\"dedup\":", from: at) {
                guard let (dedup, end) = object(b, at: p) else { return nil }
                status = dedup["status"]
                cluster = dedup["cluster"]
                at = end
            }
            guard let p = find(b, "\"id\":", from: at), case let (id?, _) = string(b, at: p) else { return nil }
            return Fields(id: id, body: body, status: status, cluster: cluster)
        }
    }

    /// The position just after the first `needle`.
    static func find(_ b: UnsafeBufferPointer<UInt8>, _ needle: StaticString, from: Int) -> Int? {
        let n = needle.utf8CodeUnitCount
        let p = needle.utf8Start
        guard b.count >= n else { return nil }
        var i = from
        while i <= b.count - n {
            if b[i] == p[0] {
                var j = 1
                while j < n && b[i + j] == p[j] { j += 1 }
                if j == n { return i + n }
            }
            i += 1
        }
        return nil
    }

    /// A JSON string starting at `at` (a quote), unescaped, and the position after it.
    static func string(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> (String?, Int) {
        guard start < b.count, b[start] == UInt8(ascii: "\"") else { return (nil, start) }
        var out: [UInt8] = []
        var i = start + 1
        var runStart = i
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i]))
                return (String(decoding: out, as: UTF8.self), i + 1)
            }
            if c == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i]))
                guard i + 1 < b.count else { return (nil, i) }
                switch b[i + 1] {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard i + 6 <= b.count, let v = UInt32(String(decoding: UnsafeBufferPointer(rebasing: b[(i + 2)..<(i + 6)]), as: UTF8.self), radix: 16) else { return (nil, i) }
                    // Lone or paired surrogates: words only need letters, so a replacement is fine.
                    let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    i += 6
                    runStart = i
                    continue
                default: out.append(b[i + 1])
                }
                i += 2
                runStart = i
                continue
            }
            i += 1
        }
        return (nil, i)
    }

    /// A flat object of scalar values at `at`: its string members, and the position after it.
    static func object(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> (fields: [String: String], end: Int)? {
        guard start < b.count, b[start] == UInt8(ascii: "{") else { return nil }
        var fields: [String: String] = [:]
        var i = start + 1
        if i < b.count, b[i] == UInt8(ascii: "}") { return (fields, i + 1) }
        while i < b.count {
            let (key, afterKey) = string(b, at: i)
            guard let key, afterKey < b.count, b[afterKey] == UInt8(ascii: ":") else { return nil }
            i = afterKey + 1
            guard i < b.count else { return nil }
            if b[i] == UInt8(ascii: "\"") {
                let (value, after) = string(b, at: i)
                guard let value else { return nil }
                fields[key] = value
                i = after
            } else {
                // A number, true, false or null: skip it; a nested value is not flat.
                while i < b.count, b[i] != UInt8(ascii: ","), b[i] != UInt8(ascii: "}") {
                    if b[i] == UInt8(ascii: "{") || b[i] == UInt8(ascii: "[") { return nil }
                    i += 1
                }
            }
            guard i < b.count else { return nil }
            if b[i] == UInt8(ascii: "}") { return (fields, i + 1) }
            guard b[i] == UInt8(ascii: ",") else { return nil }
            i += 1
        }
        return nil
    }

    /// An array of flat objects at `at`.
    static func objects(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> ([[String: String]], end: Int)? {
        guard start < b.count, b[start] == UInt8(ascii: "[") else { return nil }
        var out: [[String: String]] = []
        var i = start + 1
        if i < b.count, b[i] == UInt8(ascii: "]") { return (out, i + 1) }
        while i < b.count {
            guard let (fields, end) = object(b, at: i) else { return nil }
            out.append(fields)
            i = end
            guard i < b.count else { return nil }
            if b[i] == UInt8(ascii: "]") { return (out, i + 1) }
            guard b[i] == UInt8(ascii: ",") else { return nil }
            i += 1
        }
        return nil
    }
}

/// The content id and the raw-byte hash of a log record, read without
/// decoding it: `"id":"…"` at the top level and `"sha256":"…"` in
/// `copydesk.source` (the only place that key occurs; both values are hex,
/// never escaped). What the exact index is rebuilt from.
public enum RecordKeys {
    /// The record's id and raw hash; nil for one that is missing or shorter than 32 hex digits.
    public static func extract(_ json: [UInt8]) -> (id: String?, rawHash: String?) {
        json.withUnsafeBufferPointer { b in
            func hex(after key: StaticString) -> String? {
                guard let p = RecordScan.find(b, key, from: 0), case let (value?, _) = RecordScan.string(b, at: p), value.utf8.count >= 32 else { return nil }
                return value
            }
            return (hex(after: "\"id\":"), hex(after: "\"sha256\":"))
        }
    }
}
