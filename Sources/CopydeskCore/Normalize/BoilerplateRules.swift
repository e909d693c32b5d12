/// Lines that a pipeline removes from bodies: site furniture such as
/// "Advertisement" or "Follow us on X" that scrapers leave between paragraphs.
public struct BoilerplateRules: Sendable {
    /// Exact lines, compared after normalisation and ignoring case.
    public let lines: Set<String>
    /// The patterns as configured, for error messages and display.
    public let patternSources: [String]
    private let patterns: [CompiledPattern]

    /// No rules.
    public static let none = BoilerplateRules()

    private init() {
        lines = []
        patternSources = []
        patterns = []
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
        self.patternSources = patterns
        var compiled: [CompiledPattern] = []
        for source in patterns {
            do {
                compiled.append(CompiledPattern(regex: try Regex(source)))
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
        return patterns.contains { paragraph.firstMatch(of: $0.regex) != nil }
    }
}

/// A compiled boilerplate pattern shared by the pipeline's worker threads.
// @unchecked: `Regex` is immutable once built and compiles its program lazily
// with an atomic initialisation, so sharing it is safe; the toolchain just does
// not mark it Sendable, and recompiling per article would cost more than the match.
private struct CompiledPattern: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
}
