extension NearDuplicateIndex {
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
}
