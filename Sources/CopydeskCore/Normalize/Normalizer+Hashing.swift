extension Normalizer {
    /// The text the content hash is taken over: headline and body, lower-cased,
    /// apostrophes dropped, all other punctuation and whitespace folded to single spaces.
    ///
    /// Two deliveries that differ only in quote style, dashes, spacing, paragraph
    /// breaks or case hash the same.
    public static func hashingText(headline: String, body: String) -> String {
        // Lower-casing may lengthen a scalar (at most threefold in UTF-8); size for that once,
        // plus one byte for the ASCII path's store past the end.
        let capacity = (headline.utf8.count + body.utf8.count) * 3 + 3
        var headline = headline
        var body = body
        return String(unsafeUninitializedCapacity: capacity) { out in
            let afterHeadline = headline.withUTF8 { foldForHashing($0, into: out, written: 0, pendingSpace: false) }
            return body.withUTF8 { foldForHashing($0, into: out, written: afterHeadline, pendingSpace: true) }
        }
    }

    /// Appends `bytes`, folded for hashing, to `out` after `written` bytes; returns the new length.
    ///
    /// The state lives in locals (not in variables a nested function captures)
    /// so the loop keeps it in registers.
    private static func foldForHashing(
        _ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>, written start: Int, pendingSpace startPending: Bool
    ) -> Int {
        var written = start
        var pendingSpace = startPending
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                i &+= 1
                // Branch-free: a word byte is written after a pending space
                // (both stores always happen; `written` moves only past what counts).
                let mapped = asciiFold(b)
                let isWord = mapped > 0x20
                out[written] = 0x20
                written &+= isWord && pendingSpace && written > 0 ? 1 : 0
                out[written] = mapped
                written &+= isWord ? 1 : 0
                pendingSpace = mapped == 0x20 || (pendingSpace && !isWord)
                continue
            }
            // U+2000…U+203F (E2 80 xx): curly quotes, dashes, spaces, bullets; all breaks but the apostrophes.
            if b == 0xE2 && i + 2 < bytes.count && bytes[i + 1] == 0x80 && bytes[i + 2] & 0xC0 == 0x80 {
                let low = bytes[i + 2]
                i += 3
                if low != 0x98 && low != 0x99 { pendingSpace = true }  // U+2018, U+2019 join like '
                continue
            }
            // Other non-ASCII: decode one scalar; letters and digits need Unicode properties.
            var iterator = bytes[i...].makeIterator()
            var decoder = UTF8()
            guard case .scalarValue(let scalar) = decoder.decode(&iterator) else {
                i += 1
                continue
            }
            i += UTF8.width(scalar)
            let v = scalar.value
            if v == 0x2019 || v == 0x2018 || v == 0x02BC { continue }
            if (0x2000...0x206F).contains(v) || !(scalar.properties.isAlphabetic || scalar.properties.numericType != nil) {
                pendingSpace = true
                continue
            }
            if pendingSpace && written > 0 {
                out[written] = 0x20
                written += 1
            }
            pendingSpace = false
            for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                for byte in UTF8.encode(lower)! {
                    out[written] = byte
                    written += 1
                }
            }
        }
        return written
    }

    /// An ASCII byte as the hashing text takes it: a letter lower-cased, a digit
    /// kept, `'` as 0 (dropped without a break), anything else as a space (a break).
    @inline(__always)
    private static func asciiFold(_ b: UInt8) -> UInt8 {
        let folded = b | 0x20
        let isLetter = folded &- 0x61 < 26
        let isDigit = b &- 0x30 < 10
        return isLetter ? folded : isDigit ? b : b == 0x27 ? 0 : 0x20
    }
}
