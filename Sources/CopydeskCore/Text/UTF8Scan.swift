/// Counting scans over UTF-8, eight bytes at a time.
///
/// The byte-at-a-time loops they replace did not vectorise (the compiler kept
/// a branch per byte) and cost 3–5 ns a byte, several microseconds an article
/// each. Here each 64-bit word is classified with carry-free bit arithmetic
/// (SWAR): a per-byte test leaves its answer in the byte's top bit, and a
/// population count sums eight answers at once. The tail shorter than a word
/// goes through the same tests one byte at a time.
enum UTF8Scan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let high: UInt64 = 0x8080_8080_8080_8080
    private static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// Top bit set in every byte of `x` equal to `byte`; exact (no false positives from borrows).
    @inline(__always)
    static func equal(_ x: UInt64, _ byte: UInt8) -> UInt64 {
        let t = x ^ (ones &* UInt64(byte))
        return ~(((t & low7) &+ low7) | t) & high
    }

    /// Top bit set in every byte of `x` below `bound` (1...0x80).
    @inline(__always)
    static func less(_ x: UInt64, _ bound: UInt8) -> UInt64 {
        ~(((x & low7) &+ ones &* UInt64(0x80 &- bound)) | x) & high
    }

    /// Top bit set in every UTF-8 continuation byte (`10xxxxxx`).
    @inline(__always)
    static func continuation(_ x: UInt64) -> UInt64 {
        x & ~(x << 1) & high
    }

    /// The eight bytes at `i` (which must be in bounds), first byte lowest.
    @inline(__always)
    static func load(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress!.advanced(by: i)).loadUnaligned(as: UInt64.self))
    }

    /// Whether the eight bytes of `x` are printable ASCII and single spaces
    /// between them: no space first or last, no two spaces together. Text
    /// cleaning copies such a run as it is.
    @inline(__always)
    static func isPlainRun(_ x: UInt64) -> Bool {
        let other = less(x, 0x20) | (x & high) | equal(x, 0x7F)
        let spaces = equal(x, 0x20)
        let edges: UInt64 = 0x8000_0000_0000_0080
        return other | (spaces & (spaces >> 8)) | (spaces & edges) == 0
    }

    /// `x` lower-cased when its eight bytes are ASCII letters, digits and single
    /// spaces between them (no space first or last, no two together); else nil.
    /// The hashing text of such a run is exactly that.
    @inline(__always)
    static func loweredPlainWords(_ x: UInt64) -> UInt64? {
        let folded = x | ones &* 0x20
        let letters = less(folded, 0x7B) & ~less(folded, 0x61)
        let digits = less(x, 0x3A) & ~less(x, 0x30)
        let spaces = equal(x, 0x20)
        let edges: UInt64 = 0x8000_0000_0000_0080
        guard letters | digits | spaces == high, spaces & ((spaces >> 8) | edges) == 0 else { return nil }
        // An upper-case letter is below 0x5B; its top-bit flag shifted right twice is its 0x20 bit.
        return x | (letters & less(x, 0x5B)) >> 2
    }

    /// The sum of the eight byte lanes of `lanes` (each at most 255).
    ///
    /// Counting works on lanes, not with `nonzeroBitCount`: the baseline x86-64
    /// target has no POPCNT instruction, and the software count costs a dozen operations a word.
    @inline(__always)
    static func laneSum(_ lanes: UInt64) -> Int {
        let pairs = (lanes & 0x00FF_00FF_00FF_00FF) &+ ((lanes >> 8) & 0x00FF_00FF_00FF_00FF)
        return Int(truncatingIfNeeded: (pairs &* 0x0001_0001_0001_0001) >> 48)
    }

    /// Words a lane counter takes before it must be summed (a lane holds at most 255).
    static var laneBatch: Int { 255 }

    /// Unicode scalars in valid UTF-8: every byte that is not a continuation byte starts one.
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var continuations = 0
        var i = 0
        while i &+ 8 <= bytes.count {
            var lanes: UInt64 = 0
            var n = 0
            while n < laneBatch && i &+ 8 <= bytes.count {
                lanes &+= continuation(load(bytes, i)) >> 7
                i &+= 8
                n &+= 1
            }
            continuations &+= laneSum(lanes)
        }
        while i < bytes.count {
            continuations &+= bytes[i] & 0xC0 == 0x80 ? 1 : 0
            i &+= 1
        }
        return bytes.count &- continuations
    }

    /// Top bit set in every byte of `x` that separates body words: space, LF, tab, CR.
    @inline(__always)
    private static func wordSpace(_ x: UInt64) -> UInt64 {
        equal(x, 0x20) | equal(x, 0x0A) | equal(x, 0x09) | equal(x, 0x0D)
    }

    /// Runs of bytes other than space, LF, tab and CR.
    static func wordCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var words = 0
        // The byte before the text counts as a space, so a text that opens with a word counts it.
        var previousSpace: UInt64 = 0x80
        var i = 0
        while i &+ 8 <= bytes.count {
            var lanes: UInt64 = 0
            var n = 0
            while n < laneBatch && i &+ 8 <= bytes.count {
                let spaces = wordSpace(load(bytes, i))
                let before = spaces << 8 | previousSpace
                lanes &+= (before & ~spaces & high) >> 7
                previousSpace = spaces >> 56
                i &+= 8
                n &+= 1
            }
            words &+= laneSum(lanes)
        }
        var wasSpace = previousSpace != 0
        while i < bytes.count {
            let byte = bytes[i]
            let isSpace = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
            words &+= wasSpace && !isSpace ? 1 : 0
            wasSpace = isSpace
            i &+= 1
        }
        return words
    }

    /// What ``TextDecoding`` needs to tell text from binary, for valid UTF-8.
    ///
    /// - Returns: `total` scalars; `bad` control characters (C0 other than
    ///   space, tab, LF, FF and CR; DEL) plus U+FFFD replacement characters;
    ///   `visible` scalars that are neither whitespace nor bad.
    static func tally(_ bytes: UnsafeBufferPointer<UInt8>) -> (total: Int, bad: Int, visible: Int) {
        var continuations = 0
        var spaces = 0
        var controls = 0
        var replacements = 0
        var i = 0
        while i &+ 8 <= bytes.count {
            var continuationLanes: UInt64 = 0
            var spaceLanes: UInt64 = 0
            var controlLanes: UInt64 = 0
            var n = 0
            while n < laneBatch && i &+ 8 <= bytes.count {
                let x = load(bytes, i)
                continuationLanes &+= continuation(x) >> 7
                let space = equal(x, 0x20) | equal(x, 0x0A) | equal(x, 0x09) | equal(x, 0x0C) | equal(x, 0x0D)
                spaceLanes &+= space >> 7
                controlLanes &+= ((less(x, 0x20) & ~space) | equal(x, 0x7F)) >> 7
                // U+FFFD is EF BF BD; its last byte is rare enough to check by hand.
                var ends = equal(x, 0xBD)
                while ends != 0 {
                    let end = i &+ ends.trailingZeroBitCount >> 3
                    if end >= 2 && bytes[end &- 1] == 0xBF && bytes[end &- 2] == 0xEF { replacements &+= 1 }
                    ends &= ends &- 1
                }
                i &+= 8
                n &+= 1
            }
            continuations &+= laneSum(continuationLanes)
            spaces &+= laneSum(spaceLanes)
            controls &+= laneSum(controlLanes)
        }
        while i < bytes.count {
            let byte = bytes[i]
            continuations &+= byte & 0xC0 == 0x80 ? 1 : 0
            let space = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0C || byte == 0x0D
            spaces &+= space ? 1 : 0
            controls &+= (byte < 0x20 && !space) || byte == 0x7F ? 1 : 0
            if byte == 0xBD && i >= 2 && bytes[i &- 1] == 0xBF && bytes[i &- 2] == 0xEF { replacements &+= 1 }
            i &+= 1
        }
        let total = bytes.count &- continuations
        return (total, controls &+ replacements, total &- spaces &- controls &- replacements)
    }
}

extension UTF8Scan {
    /// Whether `text` holds `</`, `<p` or `<br`: a JSON body that carries
    /// markup. A byte scan: `String.contains` compares by Character, which
    /// walks grapheme clusters and took more time than the rest of a JSON line.
    static func mayHoldMarkup(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            let n = bytes.count
            var i = 0
            while i < n {
                // The next '<', eight bytes at a time.
                while i &+ 8 <= n {
                    let hits = equal(load(bytes, i), 0x3C)
                    if hits != 0 {
                        i &+= hits.trailingZeroBitCount >> 3
                        break
                    }
                    i &+= 8
                }
                while i < n && bytes[i] != 0x3C { i &+= 1 }
                guard i &+ 1 < n else { return false }
                let next = bytes[i &+ 1]
                if next == 0x2F || next == 0x70 { return true }  // / p
                if next == 0x62 && i &+ 2 < n && bytes[i &+ 2] == 0x72 { return true }  // b r
                i &+= 1
            }
            return false
        }
    }
}
