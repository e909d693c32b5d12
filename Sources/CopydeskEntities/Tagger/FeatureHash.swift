/// 64-bit hashing for feature keys: FNV-1a over bytes, a SplitMix finaliser to
/// combine values with template ids. Stable across runs and machines, because
/// the trained model stores the keys.
enum FeatureHash {
    static let empty: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    static func add(_ h: UInt64, _ byte: UInt8) -> UInt64 {
        (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    @inline(__always)
    static func bytes<S: Sequence<UInt8>>(_ bytes: S) -> UInt64 {
        var h = empty
        for b in bytes { h = add(h, b) }
        return h
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// The key of template `template` with value `value`.
    @inline(__always)
    static func key(_ template: UInt64, _ value: UInt64) -> UInt64 {
        mix(value &+ template &* 0x2545_f491_4f6c_dd1d)
    }

    /// The key of template `template` with two values.
    @inline(__always)
    static func key(_ template: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 {
        mix(mix(a &+ template &* 0x2545_f491_4f6c_dd1d) ^ b)
    }

    /// The key of template `template` with three values.
    @inline(__always)
    static func key(_ template: UInt64, _ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        mix(mix(mix(a &+ template &* 0x2545_f491_4f6c_dd1d) ^ b) ^ c)
    }
}
