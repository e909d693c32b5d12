/// A small open-addressing map from already-hashed 64-bit keys to values:
/// the tagger's lookups (word classes, gazetteer, document history) are on
/// its hot path, where `Dictionary`'s SipHash costs more than the work itself.
/// Key 0 marks an empty slot; a key of 0 is stored as 1.
struct U64Map<Value>: Sendable where Value: Sendable {
    private(set) var keys: [UInt64]
    private(set) var values: [Value]
    private(set) var count = 0
    private var mask: Int
    private let empty: Value

    init(capacity: Int = 8, empty: Value) {
        var size = 8
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: empty, count: size)
        mask = size - 1
        self.empty = empty
    }

    @inline(__always)
    private static func slot(_ k: UInt64) -> Int { Int(truncatingIfNeeded: (k ^ (k >> 29)) &* 0xbf58_476d_1ce4_e5b9 >> 20) }

    /// The value of `key`, or nil.
    @inline(__always)
    subscript(key: UInt64) -> Value? {
        let k = key == 0 ? 1 : key
        var i = Self.slot(k) & mask
        while true {
            let found = keys[i]
            if found == k { return values[i] }
            if found == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// Sets `key` to `value`.
    mutating func set(_ key: UInt64, _ value: Value) {
        if (count + 1) * 2 > keys.count { grow() }
        let k = key == 0 ? 1 : key
        var i = Self.slot(k) & mask
        while keys[i] != 0 && keys[i] != k { i = (i + 1) & mask }
        if keys[i] == 0 {
            keys[i] = k
            count += 1
        }
        values[i] = value
    }

    /// Every (stored key, value) pair, in slot order.
    var entries: [(key: UInt64, value: Value)] {
        var out: [(UInt64, Value)] = []
        out.reserveCapacity(count)
        for i in keys.indices where keys[i] != 0 { out.append((keys[i], values[i])) }
        return out
    }

    private mutating func grow() {
        var bigger = U64Map(capacity: keys.count, empty: empty)
        for i in keys.indices where keys[i] != 0 { bigger.set(keys[i], values[i]) }
        self = bigger
    }
}
