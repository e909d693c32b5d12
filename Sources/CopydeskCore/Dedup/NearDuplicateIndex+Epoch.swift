// The window's storage: positions, epochs, and what an evicted epoch leaves behind.

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

    /// What is left of an evicted epoch: its articles' posting hashes.
    struct Retired {
        var first: UInt64
        var postings: [UInt32]
        var cursor = 0
    }
}
