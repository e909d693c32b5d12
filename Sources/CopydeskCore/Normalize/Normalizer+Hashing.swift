extension Normalizer {
    /// The text the content hash is taken over: headline and body, lower-cased,
    /// apostrophes dropped, all other punctuation and whitespace folded to single spaces.
    ///
    /// Two deliveries that differ only in quote style, dashes, spacing, paragraph
    /// breaks or case hash the same.
    public static func hashingText(headline: String, body: String) -> String {
        // Lower-casing may lengthen a scalar (at most threefold in UTF-8); size for that once.
        let capacity = (headline.utf8.count + body.utf8.count) * 3 + 2
        var headline = headline
        var body = body
        return String(unsafeUninitializedCapacity: capacity) { out in
            var fold = HashingFold(out: out)
            headline.withUTF8 { fold.append($0) }
            fold.breakWord()  // headline and body never run together
            body.withUTF8 { fold.append($0) }
            return fold.finish()
        }
    }
}

/// Writes the hashing text: words lower-cased, every run of breaks as one space.
///
/// Instead of holding a space back until the next word (a chain of decisions
/// from byte to byte), it writes the space at the first break after a word and
/// drops a space left at the very end: the same text, and the ASCII loop is
/// one store and a short dependency per byte.
private struct HashingFold {
    let out: UnsafeMutableBufferPointer<UInt8>
    var written = 0
    /// The last byte written was part of a word (so the next break writes a space).
    var afterWord = false

    init(out: UnsafeMutableBufferPointer<UInt8>) {
        self.out = out
    }

    mutating func breakWord() {
        if afterWord {
            out[written] = 0x20
            written += 1
        }
        afterWord = false
    }

    /// The length of the text, without a space left at its end.
    func finish() -> Int {
        written > 0 && out[written - 1] == 0x20 ? written - 1 : written
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Locals, not stored properties, so the loop keeps them in registers.
        let out = self.out
        var written = self.written
        var afterWord = self.afterWord
        defer {
            self.written = written
            self.afterWord = afterWord
        }
        @inline(__always) func ascii(_ b: UInt8) {
            // 0/1 integers, not Bools: with `||` the compiler branches, and word
            // and break bytes alternate too irregularly to predict.
            let mapped = Normalizer.asciiFold(b)
            let isWord = Int(truncatingIfNeeded: (0x20 &- mapped) >> 7)  // mapped > 0x20
            let isBreak = mapped == 0x20 ? 1 : 0
            let wasWord = afterWord ? 1 : 0
            out[written] = mapped  // 0x20 for a break; an apostrophe (0) is overwritten, as it is not kept
            written &+= isWord | (isBreak & wasWord)
            afterWord = isWord | (wasWord & (isBreak ^ 1)) != 0
        }
        var i = 0
        while i < bytes.count {
            // Eight ASCII bytes from one load: fewer loads for the stores to be
            // checked against (the output often sits a multiple of 4 KiB from the input).
            if i &+ 8 <= bytes.count {
                let x = UTF8Scan.load(bytes, i)
                if x & 0x8080_8080_8080_8080 == 0 {
                    if let lowered = UTF8Scan.loweredPlainWords(x) {
                        // Letters, digits and single spaces between them: the text is the bytes lower-cased.
                        UnsafeMutableRawPointer(out.baseAddress! + written).storeBytes(of: lowered.littleEndian, as: UInt64.self)
                        written &+= 8
                        afterWord = true
                        i &+= 8
                        continue
                    }
                    for k in 0..<8 { ascii(UInt8(truncatingIfNeeded: x >> (8 &* UInt64(k)))) }
                    i &+= 8
                    continue
                }
            }
            let b = bytes[i]
            if b < 0x80 {
                i &+= 1
                ascii(b)
                continue
            }
            // U+2000…U+203F (E2 80 xx): curly quotes, dashes, spaces, bullets; all breaks but the apostrophes.
            if b == 0xE2 && i &+ 2 < bytes.count && bytes[i &+ 1] == 0x80 && bytes[i &+ 2] & 0xC0 == 0x80 {
                let low = bytes[i &+ 2]
                i &+= 3
                if low != 0x98 && low != 0x99 {  // U+2018, U+2019 join like '
                    if afterWord {
                        out[written] = 0x20
                        written &+= 1
                    }
                    afterWord = false
                }
                continue
            }
            // Other non-ASCII: decode one scalar; letters and digits need Unicode properties.
            var iterator = bytes[i...].makeIterator()
            var decoder = UTF8()
            guard case .scalarValue(let scalar) = decoder.decode(&iterator) else {
                i &+= 1
                continue
            }
            i &+= UTF8.width(scalar)
            let v = scalar.value
            if v == 0x2019 || v == 0x2018 || v == 0x02BC { continue }
            if (0x2000...0x206F).contains(v) || !(scalar.properties.isAlphabetic || scalar.properties.numericType != nil) {
                if afterWord {
                    out[written] = 0x20
                    written &+= 1
                }
                afterWord = false
                continue
            }
            for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                for byte in UTF8.encode(lower)! {
                    out[written] = byte
                    written &+= 1
                }
            }
            afterWord = true
        }
    }
}

extension Normalizer {
    /// An ASCII byte as the hashing text takes it: a letter lower-cased, a digit
    /// kept, `'` as 0 (dropped without a break), anything else as a space (a break).
    @inline(__always)
    static func asciiFold(_ b: UInt8) -> UInt8 {
        let folded = b | 0x20
        let isLetter = folded &- 0x61 < 26
        let isDigit = b &- 0x30 < 10
        return isLetter ? folded : isDigit ? b : b == 0x27 ? 0 : 0x20
    }
}
