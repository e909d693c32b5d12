extension NearDuplicateIndex {
    /// The window, kept under the index's lock: its epochs, the posting table over
    /// them, and where each pending article sits.
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
    }
}
