extension Normalizer {
    /// The text the content hash is taken over: headline and body, lower-cased,
    /// apostrophes dropped, all other punctuation and whitespace folded to single spaces.
    ///
    /// Two deliveries that differ only in quote style, dashes, spacing, paragraph
    /// breaks or case hash the same.
    public static func hashingText(headline: String, body: String) -> String {
        // Lower-casing may lengthen a scalar (at most threefold in UTF-8); size for that once.
        let capacity = (headline.utf8.count + body.utf8.count) * 3 + 2
        return String(unsafeUninitializedCapacity: capacity) { out in
            var written = 0
            var pendingSpace = false
            @inline(__always) func emit(_ byte: UInt8) {
                if pendingSpace && written > 0 {
                    out[written] = 0x20
                    written += 1
                }
                pendingSpace = false
                out[written] = byte
                written += 1
            }
            for var part in [headline, body] {
                part.withUTF8 { bytes in
                    var i = 0
                    while i < bytes.count {
                        let b = bytes[i]
                        if b < 0x80 {
                            i += 1
                            switch b {
                            case 0x61...0x7A, 0x30...0x39: emit(b)
                            case 0x41...0x5A: emit(b | 0x20)
                            case 0x27: continue  // don't → dont: an apostrophe is not a word break
                            default: pendingSpace = true
                            }
                            continue
                        }
                        // Non-ASCII: decode one scalar; letters and digits need Unicode properties.
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
                        for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                            for byte in UTF8.encode(lower)! { emit(byte) }
                        }
                    }
                }
                pendingSpace = true
            }
            return written
        }
    }
}
