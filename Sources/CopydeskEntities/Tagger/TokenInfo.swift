/// What the feature templates know about one token, computed once: hashes of
/// its forms (as written, lower-cased, title-cased, shape, affixes) and its capitalisation.
struct TokenInfo: Sendable {
    var word: UInt64 = 0
    var lower: UInt64 = 0
    /// The title-case form (`Japan` for `JAPAN`).
    var title: UInt64 = 0
    var shape: UInt64 = 0
    var shortShape: UInt64 = 0
    /// Hashes of the first 1…4 characters as written.
    var prefixes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    /// Hashes of the last 1…4 characters, lower-cased.
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
        var word = FeatureHash.empty, lower = FeatureHash.empty, title = FeatureHash.empty
        var shape = FeatureHash.empty, short = FeatureHash.empty
        var lastClass: UInt32 = 0, run = 0
        var letters = 0, uppers = 0
        var firstLetterSeen = false
        // Prefix hashes grow with each of the first four scalars; the last four
        // lower-cased scalars are kept in a ring for the suffixes.
        var p0 = FeatureHash.empty, p1 = FeatureHash.empty, p2 = FeatureHash.empty, p3 = FeatureHash.empty
        var r0: UInt32 = 0, r1: UInt32 = 0, r2: UInt32 = 0, r3: UInt32 = 0
        var n = 0
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
            var up = v
            if v < 0x80 {
                if v >= 0x41 && v <= 0x5A {
                    cls = 0x58  // X
                    low = v + 32
                } else if v >= 0x61 && v <= 0x7A {
                    cls = 0x78  // x
                    up = v - 32
                } else if v >= 0x30 && v <= 0x39 {
                    cls = 0x64  // d
                    v = 0x30
                    low = 0x30
                    up = 0x30
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
                    if n == 0 { up = p.uppercaseMapping.unicodeScalars.first?.value ?? v }
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
            title = Self.add(title, n == 0 ? up : low)
            switch n {
            case 0: p0 = Self.add(p0, v); p1 = p0; p2 = p0; p3 = p0
            case 1: p1 = Self.add(p1, v); p2 = p1; p3 = p1
            case 2: p2 = Self.add(p2, v); p3 = p2
            case 3: p3 = Self.add(p3, v)
            default: break
            }
            r0 = r1; r1 = r2; r2 = r3; r3 = low
            if cls == lastClass { run += 1 } else { run = 1 }
            if run <= 4 { shape = Self.add(shape, cls) }
            if run == 1 { short = Self.add(short, cls) }
            lastClass = cls
            n += 1
        }
        isAllCaps = letters > 0 && uppers == letters
        self.word = word
        self.lower = lower
        self.title = title
        self.shape = shape
        shortShape = short
        let c = UInt64(n)
        prefixes = (p0 &+ min(1, c), p1 &+ min(2, c), p2 &+ min(3, c), p3 &+ min(4, c))
        var s0 = FeatureHash.empty, s1 = FeatureHash.empty, s2 = FeatureHash.empty, s3 = FeatureHash.empty
        if n >= 1 { s0 = Self.add(s0, r3) }
        s1 = n >= 2 ? Self.add(s0, r2) : s0
        s2 = n >= 3 ? Self.add(s1, r1) : s1
        s3 = n >= 4 ? Self.add(s2, r0) : s2
        suffixes = (s0 &+ min(1, c), s1 &+ min(2, c), s2 &+ min(3, c), s3 &+ min(4, c))
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
