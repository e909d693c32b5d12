import Foundation  // NFC in the reference cleaner, as in the production one
import Testing
@testable import CopydeskCore

/// The straightforward byte-at-a-time implementations the fast paths replaced,
/// kept verbatim as the specification the fast paths must reproduce.
enum ReferenceText {
    /// The cleaner before plain runs were copied eight bytes at a time.
    static func cleanText(_ text: String, singleLine: Bool = false) -> String {
        var input = EmailProtectedArtefact.remove(from: text)
        var needsNFC = false
        let capacity = input.utf8.count
        // Output never outgrows input: every space or break written replaces at
        // least one byte read, so one allocation of the input's size is enough.
        let cleaned = input.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: max(capacity, 1)) { out in
                var written = 0
                var pendingSpace = false
                var pendingBreaks = 0
                var i = 0
                while i < bytes.count {
                    let lead = bytes[i]
                    // Printable ASCII is nearly all of the text: copy it without the general switch.
                    if lead > 0x20 && lead < 0x7F {
                        if written > 0 && (pendingSpace || pendingBreaks > 0) {
                            if pendingBreaks >= 2 && !singleLine {
                                out[written] = 0x0A
                                out[written + 1] = 0x0A
                                written += 2
                            } else {
                                out[written] = 0x20
                                written += 1
                            }
                        }
                        pendingBreaks = 0
                        pendingSpace = false
                        out[written] = lead
                        written += 1
                        i += 1
                        continue
                    }
                    let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                    let scalar = length == 1 ? UInt32(lead) : decodeScalar(bytes, at: i, length: length)
                    let start = i
                    i += length
                    switch scalar {
                    case 0x0A, 0x0D, 0x2028:
                        pendingBreaks += 1
                    case 0x2029:
                        pendingBreaks += 2
                    case 0x20, 0x09, 0x0B, 0x0C, 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
                        pendingSpace = true
                    case 0x00...0x1F, 0x7F...0x9F, 0xAD, 0x061C, 0x180E, 0x200B...0x200F, 0x202A...0x202E,
                         0x2060...0x2064, 0x2066...0x206F, 0xFEFF:
                        continue  // invisible: zero-width, soft hyphen, bidi controls, BOM, C0/C1 controls
                    default:
                        if written > 0 {
                            if pendingBreaks >= 2 && !singleLine {
                                out[written] = 0x0A
                                out[written + 1] = 0x0A
                                written += 2
                            } else if pendingBreaks > 0 || pendingSpace {
                                out[written] = 0x20
                                written += 1
                            }
                        }
                        pendingBreaks = 0
                        pendingSpace = false
                        for k in start..<min(i, bytes.count) {
                            out[written] = bytes[k]
                            written += 1
                        }
                        if scalar >= 0x300 && !Normalizer.isNFCStable(scalar) { needsNFC = true }
                    }
                }
                return written
            }
        }
        // Most news text never reaches here: full NFC costs ~25 ns a byte.
        return needsNFC ? cleaned.precomposedStringWithCanonicalMapping : cleaned
    }

    @inline(__always)
    private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> UInt32 {
        guard i + length <= bytes.count else { return 0xFFFD }
        var value = UInt32(bytes[i]) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        return value
    }

    /// The hashing text before the branch-free ASCII fold.
    static func hashingText(headline: String, body: String) -> String {
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

    /// E-mail placeholders removed by copying every byte (before the in-place search).
    private static let separators: [[UInt8]] = [[0x20], [0xC2, 0xA0], Array("&#160;".utf8), Array("&nbsp;".utf8)]
    private static let head = Array("[email".utf8)
    private static let tail = Array("protected]".utf8)

    static func removeEmailPlaceholders(from text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "[")) else { return text }
        let bytes = Array(text.utf8)
        var out = [UInt8]()
        var i = 0
        var changed = false
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "["), let end = match(bytes, at: i) {
                i = end
                changed = true
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return changed ? String(decoding: out, as: UTF8.self) : text
    }

    /// The index just past a placeholder starting at `start`, if one does.
    private static func match(_ bytes: [UInt8], at start: Int) -> Int? {
        guard hasPrefix(bytes, head, at: start) else { return nil }
        let afterHead = start + head.count
        for separator in separators where hasPrefix(bytes, separator, at: afterHead) {
            if hasPrefix(bytes, tail, at: afterHead + separator.count) { return afterHead + separator.count + tail.count }
        }
        return nil
    }

    private static func hasPrefix(_ bytes: [UInt8], _ prefix: [UInt8], at start: Int) -> Bool {
        guard start + prefix.count <= bytes.count else { return false }
        for k in 0..<prefix.count where bytes[start + k] | 0x20 != prefix[k] | 0x20 {
            // Case-insensitive for letters; the other bytes here are unaffected by | 0x20 or differ anyway.
            return false
        }
        return true
    }

    /// Scalars and words, one byte at a time.
    static func counts(_ bytes: [UInt8]) -> (chars: Int, words: Int) {
        guard let first = bytes.first else { return (0, 0) }
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D }
        var continuations = 0
        var words = isSpace(first) ? 0 : 1
        for byte in bytes { continuations += byte & 0xC0 == 0x80 ? 1 : 0 }
        for i in 1..<bytes.count where isSpace(bytes[i - 1]) && !isSpace(bytes[i]) { words += 1 }
        return (bytes.count - continuations, words)
    }

    /// The text check's tally, one byte at a time.
    static func tally(_ bytes: [UInt8]) -> (total: Int, bad: Int, visible: Int) {
        var continuations = 0, spaces = 0, controls = 0, replacements = 0
        for byte in bytes {
            continuations += byte & 0xC0 == 0x80 ? 1 : 0
            let space = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0C || byte == 0x0D
            spaces += space ? 1 : 0
            controls += (byte < 0x20 && !space) || byte == 0x7F ? 1 : 0
        }
        if bytes.count >= 3 {
            for i in 2..<bytes.count where bytes[i] == 0xBD && bytes[i - 1] == 0xBF && bytes[i - 2] == 0xEF { replacements += 1 }
        }
        let total = bytes.count - continuations
        return (total, controls + replacements, total - spaces - controls - replacements)
    }
}

/// Deterministic mixed texts: every fragment kind at every offset of an eight-byte word.
enum MixedTexts {
    static let fragments = [
        "word", "Plain", "text", " ", "  ", "\n", "\n\n", "\n\n\n", "\r\n", "\r", "\t", " \t ", ".", ",", "don't", "DON'T", "K", "123",
        "é", "e\u{301}", "\u{301}", "Ünïcödé", "Straße", "İ", "’", "‘", "“", "”", "—", "–", "…", "•", "😀", "👍🏽", "中文", "Привет",
        "\u{200B}", "\u{200D}", "\u{FEFF}", "\u{AD}", "\u{A0}", "\u{2009}", "\u{3000}", "\u{2028}", "\u{2029}", "\u{1}", "\u{7F}", "\u{85}",
        "The quick brown Fox jumps over 12 lazy dogs ", "AND THEN SOME", "in 2024 it rose ", "a b c d e f g h ",
        "\u{FFFD}", "\"", "\\", "/", "[email protected]", "[email\u{A0}protected]", "[", "ʼ", "½", "Ⅻ", "K", "",
    ]

    /// `count` texts of up to `maxFragments` fragments, from a fixed seed.
    static func make(count: Int = 1000, maxFragments: Int = 40) -> [String] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<count).map { _ in
            (0..<next(maxFragments + 1)).map { _ in fragments[next(fragments.count)] }.joined()
        }
    }
}

@Suite("Fast text paths agree with the straightforward ones")
struct FastPathTests {
    static let texts = MixedTexts.make()
    /// Every text in one: long enough that the eight-byte counters are summed several times.
    static let long = texts.joined()

    @Test("cleaning copies plain runs whole and still cleans as before")
    func cleaning() {
        for text in Self.texts + [Self.long] {
            #expect(Normalizer.cleanText(text) == ReferenceText.cleanText(text), "\(text.debugDescription)")
            #expect(Normalizer.cleanText(text, singleLine: true) == ReferenceText.cleanText(text, singleLine: true), "\(text.debugDescription)")
        }
    }

    @Test("e-mail placeholders are found in place and removed as before")
    func emailPlaceholders() {
        let edge = ["[email protected]", "[[email protected]]", "[email", "[email protected", "x [EMAIL&nbsp;PROTECTED] y [a] [email&#160;protected]"]
        for text in Self.texts + edge {
            #expect(EmailProtectedArtefact.remove(from: text) == ReferenceText.removeEmailPlaceholders(from: text), "\(text.debugDescription)")
        }
    }

    @Test("the hashing text folds ASCII and punctuation as before")
    func hashing() {
        for (headline, body) in zip(Self.texts, Self.texts.reversed()) {
            #expect(Normalizer.hashingText(headline: headline, body: body) == ReferenceText.hashingText(headline: headline, body: body),
                    "\(headline.debugDescription) / \(body.debugDescription)")
        }
    }

    @Test("body counts match the byte-at-a-time counts")
    func counts() {
        for text in Self.texts + [Self.long] {
            let counts = Article.Body.counts(text)
            let expected = ReferenceText.counts(Array(text.utf8))
            #expect(counts.chars == expected.chars && counts.words == expected.words, "\(text.debugDescription)")
        }
    }

    @Test("the text check's tally matches the byte-at-a-time tally, replacement characters across words included")
    func tally() {
        let edge = (0..<12).map { String(repeating: "a", count: $0) + "\u{FFFD}\u{1}x\u{7F}\u{FFFD}" }
        for text in Self.texts + edge + [Self.long] {
            let bytes = Array(text.utf8)
            let fast = bytes.withUnsafeBufferPointer { UTF8Scan.tally($0) }
            let expected = ReferenceText.tally(bytes)
            #expect(fast.total == expected.total && fast.bad == expected.bad && fast.visible == expected.visible, "\(text.debugDescription)")
        }
    }

    @Test("the markup check in a JSON body agrees with String.contains on </, <p and <br")
    func markup() {
        let edge = ["<", "<b", "<br", "a <br/> b", "x</p>", "<P>", "</", "1 < 2 and 3 > 2", "<p", "«<p»", "tail <", "<b r"]
        for text in Self.texts + edge + [Self.long] {
            let expected = text.contains("</") || text.contains("<p") || text.contains("<br")
            #expect(UTF8Scan.mayHoldMarkup(text) == expected, "\(text.debugDescription)")
        }
    }

    @Test("paragraph ends are the next blank line")
    func paragraphEnds() {
        for text in Self.texts {
            let bytes = Array(text.utf8)
            for start in 0...bytes.count {
                var expected = start
                while expected < bytes.count && !(bytes[expected] == 0x0A && expected + 1 < bytes.count && bytes[expected + 1] == 0x0A) {
                    expected += 1
                }
                let end = bytes.withUnsafeBufferPointer { Normalizer.paragraphEnd($0, from: start) }
                #expect(end == expected)
            }
        }
    }
}
