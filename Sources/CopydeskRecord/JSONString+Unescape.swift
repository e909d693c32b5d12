extension JSONString {
    /// The text of a JSON string's inside (the bytes between its quotes), escapes
    /// resolved; nil when an escape is malformed.
    ///
    /// Lenient where a field reader can be: a lone surrogate becomes U+FFFD and
    /// control bytes are kept. The parse stage's strict reader of input JSON
    /// (`JSONReader` in CopydeskCore) refuses both; records copydesk wrote never hold them.
    public static func unescaped(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
        guard var j = raw.firstIndex(of: UInt8(ascii: "\\")) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: raw[..<j]))
        while j < raw.count {
            // Plain runs are copied whole: a body has an escape every few hundred bytes.
            guard raw[j] == UInt8(ascii: "\\") else {
                let end = raw[j...].firstIndex(of: UInt8(ascii: "\\")) ?? raw.count
                out.append(contentsOf: UnsafeBufferPointer(rebasing: raw[j..<end]))
                j = end
                continue
            }
            guard j + 1 < raw.count else { return nil }
            let e = raw[j + 1]
            j += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(raw, at: j) else { return nil }
                j += 4
                if scalar >= 0xD800, scalar < 0xDC00, j + 6 <= raw.count, raw[j] == UInt8(ascii: "\\"), raw[j + 1] == UInt8(ascii: "u"),
                   let low = hex4(raw, at: j + 2), low >= 0xDC00, low < 0xE000 {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    j += 6
                }
                out.append(contentsOf: String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
            default: out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The four hex digits at `at`, or nil.
    private static func hex4(_ raw: UnsafeBufferPointer<UInt8>, at: Int) -> UInt32? {
        guard at + 4 <= raw.count else { return nil }
        var v: UInt32 = 0
        for c in raw[at..<(at + 4)] {
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }
}
