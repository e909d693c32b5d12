extension Normalizer {
    /// The text the content hash is taken over: headline and body, lower-cased,
    /// apostrophes dropped, all other punctuation and whitespace folded to single spaces.
    ///
    /// Two deliveries that differ only in quote style, dashes, spacing, paragraph
    /// breaks or case hash the same.
    public static func hashingText(headline: String, body: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(headline.utf8.count + body.utf8.count + 1)
        var pendingSpace = false
        for part in [headline, body] {
            for scalar in part.unicodeScalars {
                let v = scalar.value
                if v < 0x80 {
                    let b = UInt8(v)
                    switch b {
                    case 0x61...0x7A, 0x30...0x39: break
                    case 0x41...0x5A:
                        emit(b | 0x20, &out, &pendingSpace)
                        continue
                    case 0x27: continue  // don't → dont: an apostrophe is not a word break
                    default:
                        pendingSpace = true
                        continue
                    }
                    emit(b, &out, &pendingSpace)
                } else if v == 0x2019 || v == 0x2018 || v == 0x02BC {
                    continue
                } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    if pendingSpace && !out.isEmpty { out.append(0x20) }
                    pendingSpace = false
                    for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                        out.append(contentsOf: UTF8.encode(lower)!)
                    }
                } else {
                    pendingSpace = true
                }
            }
            pendingSpace = true
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    private static func emit(_ byte: UInt8, _ out: inout [UInt8], _ pendingSpace: inout Bool) {
        if pendingSpace && !out.isEmpty { out.append(0x20) }
        pendingSpace = false
        out.append(byte)
    }
}
