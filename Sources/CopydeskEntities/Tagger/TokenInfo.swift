/// What the feature templates know about one token, computed once: hashes of
/// its forms (as written, lower-cased, shape, affixes) and its capitalisation.
struct TokenInfo: Sendable {
    var word: UInt64 = 0
    var lower: UInt64 = 0
    /// The title-case form (`Japan` for `JAPAN`).
    var title: UInt64 = 0
    var shape: UInt64 = 0
    var shortShape: UInt64 = 0
    var prefixes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var suffixes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    /// The first letter is upper-case.
    var isCapitalized = false
    /// It has letters and all of them are upper-case.
    var isAllCaps = false
    /// The first letter is lower-case.
    var isLowercase = false

    /// Reads `text`. Typographic quotes and dashes are read as the ASCII ones the
    /// Reuters training text uses, and digits as `0`, so `’s`, `'s` and `1996`/`2024` share features.
    init(_ text: String) {
        var word = FeatureHash.empty, lower = FeatureHash.empty
        var shape = FeatureHash.empty, short = FeatureHash.empty
        var lastClass: UInt32 = 0, run = 0
        var letters = 0, uppers = 0
        var firstLetterSeen = false
        var lowered: [UInt32] = []
        lowered.reserveCapacity(16)
        var written: [UInt32] = []
        written.reserveCapacity(16)
        for scalar in text.unicodeScalars {
            var v = scalar.value
            switch v {
            case 0x201C, 0x201D, 0x201E, 0x201F, 0xAB, 0xBB, 0x2033: v = 0x22  // “ ” „ ‟ « » ″
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x60, 0xB4: v = 0x27  // ‘ ’ ‚ ‛ ′ ` ´
            case 0x2013, 0x2014, 0x2012, 0x2015, 0x2212: v = 0x2D  // – — ‒ ― −
            case 0x2026: v = 0x2E  // …
            default: break
            }
            var cls: UInt32
            var low = v
            if v < 0x80 {
                if v >= 0x41 && v <= 0x5A {
                    cls = 0x58  // X
                    low = v + 32
                } else if v >= 0x61 && v <= 0x7A {
                    cls = 0x78  // x
                } else if v >= 0x30 && v <= 0x39 {
                    cls = 0x64  // d
                    v = 0x30
                    low = 0x30
                } else {
                    cls = v
                }
            } else {
                let p = Unicode.Scalar(v)!.properties
                if p.isUppercase {
                    cls = 0x58
                    low = p.lowercaseMapping.unicodeScalars.first?.value ?? v
                } else if p.isLowercase || p.isAlphabetic {
                    cls = 0x78
                } else if p.numericType != nil {
                    cls = 0x64
                } else {
                    cls = v
                }
            }
            if cls == 0x58 || cls == 0x78 {
                letters += 1
                if cls == 0x58 { uppers += 1 }
                if !firstLetterSeen {
                    firstLetterSeen = true
                    isCapitalized = cls == 0x58
                    isLowercase = cls == 0x78
                }
            }
            word = Self.add(word, v)
            lower = Self.add(lower, low)
            written.append(v)
            lowered.append(low)
            if cls == lastClass { run += 1 } else { run = 1 }
            if run <= 4 { shape = Self.add(shape, cls) }
            if run == 1 { short = Self.add(short, cls) }
            lastClass = cls
        }
        isAllCaps = letters > 0 && uppers == letters
        self.word = word
        self.lower = lower
        self.shape = shape
        shortShape = short
        var p = [UInt64](repeating: 0, count: 4), s = [UInt64](repeating: 0, count: 4)
        var h = FeatureHash.empty
        for k in 0..<4 {
            if k < written.count { h = Self.add(h, written[k]) }
            p[k] = h &+ UInt64(min(k + 1, written.count))
        }
        h = FeatureHash.empty
        for k in 0..<4 {
            if k < lowered.count { h = Self.add(h, lowered[lowered.count - 1 - k]) }
            s[k] = h &+ UInt64(min(k + 1, lowered.count))
        }
        var t = FeatureHash.empty
        for (k, v) in lowered.enumerated() {
            var u = v
            if k == 0 {
                if v >= 0x61 && v <= 0x7A {
                    u = v - 32
                } else if v >= 0x80, let scalar = Unicode.Scalar(v) {
                    u = scalar.properties.uppercaseMapping.unicodeScalars.first?.value ?? v
                }
            }
            t = Self.add(t, u)
        }
        title = t
        prefixes = (p[0], p[1], p[2], p[3])
        suffixes = (s[0], s[1], s[2], s[3])
    }

    init() {}

    @inline(__always)
    private static func add(_ h: UInt64, _ v: UInt32) -> UInt64 {
        var h = FeatureHash.add(h, UInt8(truncatingIfNeeded: v))
        if v >= 0x80 {
            h = FeatureHash.add(h, UInt8(truncatingIfNeeded: v >> 8))
            h = FeatureHash.add(h, UInt8(truncatingIfNeeded: v >> 16))
        }
        return h
    }
}
