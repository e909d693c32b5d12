#if canImport(Glibc)
import Glibc  // memcmp
#endif

/// Lines that a pipeline removes from bodies: site furniture such as
/// "Advertisement" or "Follow us on X" that scrapers leave between paragraphs.
public struct BoilerplateRules: Sendable {
    /// Exact lines, compared after normalisation and ignoring case.
    public let lines: Set<String>
    /// The patterns as configured, for error messages and display.
    public let patternSources: [String]
    private let patterns: [CompiledPattern]
    /// UTF-8 lengths of ``lines``, to rule paragraphs out before lower-casing them.
    private let lineLengths: Set<Int>
    private let maxLineLength: Int

    /// No rules.
    public static let none = BoilerplateRules()

    private init() {
        lines = []
        patternSources = []
        patterns = []
        lineLengths = []
        maxLineLength = 0
    }

    /// Compiles the rules.
    ///
    /// - Parameters:
    ///   - lines: paragraphs removed when they equal one of these, ignoring case.
    ///   - patterns: regular expressions; a paragraph is removed when one matches
    ///     anywhere in it (anchor with `^…$` to require the whole paragraph).
    /// - Throws: `bad_config` naming the pattern that does not compile.
    public init(lines: [String] = [], patterns: [String] = []) throws(StageError) {
        self.lines = Set(lines.map { $0.trimmedText.lowercased() })
        self.lineLengths = Set(self.lines.map(\.utf8.count))
        self.maxLineLength = self.lineLengths.max() ?? 0
        self.patternSources = patterns
        var compiled: [CompiledPattern] = []
        for source in patterns {
            do {
                compiled.append(CompiledPattern(
                    regex: try Regex(source), anchoredAtStart: CompiledPattern.isAnchoredAtStart(source),
                    requiredPrefixes: CompiledPattern.requiredPrefixes(source)))
            } catch {
                throw StageError(.badConfig, stage: Normalizer.stage, "Boilerplate pattern \(source.debugDescription) is not a valid regular expression: \(error)")
            }
        }
        self.patterns = compiled
    }

    /// Whether there are no rules (the common, fast case).
    public var isEmpty: Bool { lines.isEmpty && patterns.isEmpty }

    /// Whether `paragraph` (already normalised) is boilerplate.
    public func matches(_ paragraph: String) -> Bool {
        if !lines.isEmpty && lines.contains(paragraph.lowercased()) { return true }
        return patterns.contains { $0.matches(paragraph) }
    }

    /// ``matches(_:)`` for a paragraph as UTF-8, skipping the work that cannot succeed.
    ///
    /// Nearly every paragraph is article text far longer than any listed line,
    /// so the length is checked before lower-casing; a `String` is made only
    /// when a pattern needs one.
    func matches(utf8 paragraph: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !isEmpty else { return false }
        if mayEqualLine(paragraph) {
            let text = String(decoding: paragraph, as: UTF8.self)
            if lines.contains(text.lowercased()) { return true }
        }
        guard !patterns.isEmpty else { return false }
        var text: String?
        for pattern in patterns where pattern.mayMatch(utf8: paragraph) {
            if text == nil { text = String(decoding: paragraph, as: UTF8.self) }
            if let text, pattern.matches(text) { return true }
        }
        return false
    }

    /// False when lower-casing `paragraph` cannot give one of ``lines``.
    /// ASCII lower-cases byte for byte, so only the exact lengths can match;
    /// other text can shrink under lower-casing (`K` KELVIN SIGN, 3 bytes, → `k`), never below a third.
    private func mayEqualLine(_ paragraph: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !lines.isEmpty, paragraph.count <= maxLineLength * 3 else { return false }
        if paragraph.allSatisfy({ $0 < 0x80 }) { return lineLengths.contains(paragraph.count) }
        return true
    }
}

/// A compiled boilerplate pattern shared by the pipeline's worker threads.
// @unchecked: `Regex` is immutable once built and compiles its program lazily
// with an atomic initialisation, so sharing it is safe; the toolchain just does
// not mark it Sendable, and recompiling per article would cost more than the match.
struct CompiledPattern: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
    /// Every match starts at the start of the text (see ``isAnchoredAtStart(_:)``).
    let anchoredAtStart: Bool
    /// UTF-8 one of which every matching text starts with (see ``requiredPrefixes(_:)``); nil when unknown.
    let requiredPrefixes: [[UInt8]]?

    /// False when `paragraph` cannot match: it starts with none of ``requiredPrefixes``.
    ///
    /// Running the regex costs about a microsecond even when it fails at the
    /// first character; nearly every paragraph is ruled out here by a byte compare.
    func mayMatch(utf8 paragraph: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let requiredPrefixes else { return true }
        return requiredPrefixes.contains { prefix in
            prefix.count <= paragraph.count && prefix.withUnsafeBufferPointer { p in
                memcmp(p.baseAddress!, paragraph.baseAddress!, prefix.count) == 0
            }
        }
    }

    /// The literal texts a match of `source` must begin with, for the shapes
    /// boilerplate patterns take: `^Literal…` and `^(One|Other)…`.
    ///
    /// Only ASCII letters (not `K`), digits and spaces count as literal: the
    /// regex compares characters under canonical equivalence, and no other
    /// character sequence is equivalent to one of these (U+212A KELVIN SIGN is
    /// to `K`). A literal followed by `?`, `*` or `{` loses its last character;
    /// an optional group or anything else unsure gives nil (no filtering).
    static func requiredPrefixes(_ source: String) -> [[UInt8]]? {
        let chars = Array(source.utf8)
        guard chars.count > 1, chars[0] == UInt8(ascii: "^"), isAnchoredAtStart(source) else { return nil }
        func isLiteral(_ c: UInt8) -> Bool {
            (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A && c != UInt8(ascii: "K")) || (c >= 0x30 && c <= 0x39) || c == 0x20
        }
        func quantifies(_ i: Int) -> Bool {
            i < chars.count && [UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "{")].contains(chars[i])
        }
        if chars[1] == UInt8(ascii: "(") {
            guard chars.count > 2, chars[2] != UInt8(ascii: "?"), let close = chars[2...].firstIndex(of: UInt8(ascii: ")")) else { return nil }
            let alternatives = chars[2..<close].split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false)
            guard !quantifies(close + 1), alternatives.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isLiteral) }) else { return nil }
            return alternatives.map { Array($0) }
        }
        var end = 1
        while end < chars.count && isLiteral(chars[end]) { end += 1 }
        if quantifies(end) { end -= 1 }
        return end > 1 ? [Array(chars[1..<end])] : nil
    }

    /// Whether the pattern matches anywhere in `text`.
    ///
    /// `firstMatch` retries at every position, which for a `^` pattern only
    /// fails again and again (~1 µs per 100 bytes); one attempt at the start says the same.
    func matches(_ text: String) -> Bool {
        anchoredAtStart ? text.prefixMatch(of: regex) != nil : text.firstMatch(of: regex) != nil
    }

    /// Whether every match of `source` must begin at the start of the text:
    /// it opens with an unquantified `^` (start of input: these regexes are
    /// compiled without multi-line anchors) and has no `|` outside groups and
    /// classes, where another alternative could match elsewhere. Unsure means false.
    static func isAnchoredAtStart(_ source: String) -> Bool {
        let chars = Array(source.unicodeScalars)
        guard chars.first == "^" else { return false }
        if chars.count > 1 && "*+?{".unicodeScalars.contains(chars[1]) { return false }
        var depth = 0
        var classDepth = 0
        var i = 1
        while i < chars.count {
            let c = chars[i]
            if c == "\\" {
                // \Q…\E quotes a stretch this scan would misread: give up.
                if i + 1 < chars.count && chars[i + 1] == "Q" { return false }
                i += 2
                continue
            }
            if classDepth > 0 {
                if c == "[" { classDepth += 1 }
                else if c == "]" { classDepth -= 1 }
                i += 1
                continue
            }
            switch c {
            case "[":
                classDepth = 1
                // A `]` first in a class (after an optional `^`) is a literal.
                if i + 1 < chars.count && chars[i + 1] == "^" { i += 1 }
                if i + 1 < chars.count && chars[i + 1] == "]" { i += 1 }
            case "(": depth += 1
            case ")": depth -= 1
            case "|" where depth == 0: return false
            default: break
            }
            if depth < 0 { return false }
            i += 1
        }
        return depth == 0 && classDepth == 0
    }
}
