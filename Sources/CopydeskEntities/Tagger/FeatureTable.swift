/// An open-addressing map from 64-bit feature keys to dense row numbers.
/// Key 0 marks an empty slot (a real key of 0 is stored as 1).
struct FeatureTable: Sendable {
    private(set) var keys: [UInt64]
    private(set) var rows: [Int32]
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        rows = Array(repeating: -1, count: size)
        mask = size - 1
    }

    @inline(__always)
    static func stored(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }

    /// The row of `key`, or -1.
    @inline(__always)
    func row(_ key: UInt64) -> Int32 {
        let k = Self.stored(key)
        var i = Int(truncatingIfNeeded: k) & mask
        return keys.withUnsafeBufferPointer { keys in
            while true {
                let found = keys[i]
                if found == k { return rows[i] }
                if found == 0 { return -1 }
                i = (i + 1) & mask
            }
        }
    }

    /// The row of `key`, adding it as row `count` when new.
    mutating func insert(_ key: UInt64) -> Int32 {
        if (count + 1) * 2 > keys.count { grow() }
        let k = Self.stored(key)
        var i = Int(truncatingIfNeeded: k) & mask
        while true {
            if keys[i] == k { return rows[i] }
            if keys[i] == 0 {
                keys[i] = k
                rows[i] = Int32(count)
                count += 1
                return rows[i]
            }
            i = (i + 1) & mask
        }
    }

    /// Every (key, row) pair.
    var entries: [(key: UInt64, row: Int32)] {
        var out: [(UInt64, Int32)] = []
        out.reserveCapacity(count)
        for i in keys.indices where keys[i] != 0 { out.append((keys[i], rows[i])) }
        return out
    }

    private mutating func grow() {
        let old = entries
        var bigger = FeatureTable(capacity: keys.count)
        for (k, r) in old { bigger.put(k, r) }
        self = bigger
        self.count = old.count
    }

    private mutating func put(_ k: UInt64, _ row: Int32) {
        var i = Int(truncatingIfNeeded: k) & mask
        while keys[i] != 0 { i = (i + 1) & mask }
        keys[i] = k
        rows[i] = row
    }
}
