/// An article turned into one token sequence for the tagger and the rules:
/// every block's tokens with their block and sentence, the tagger's entity
/// spans, and for each token the mention covering it.
struct AnalysisDocument {
    /// A token with where it came from.
    struct Tok {
        var text: String
        var lower: String
        var block: Int
        var start: Int
        var end: Int
        var sentence: Int
        var isCapitalized: Bool
    }

    /// A tagged name in the text.
    struct Mention {
        var type: String
        var tokens: Range<Int>
        var surface: String
        var role: String?
        var descriptor: String?
        var canonical: String
        /// Typed by a cue in the text (``OrganisationCues``), which outweighs the tagger's other mentions of the name.
        var cued = false
    }

    var blocks: [String]
    /// Index of the first body/summary block (the headline, when present, is block 0).
    var headlineBlock: Int?
    var tokens: [Tok] = []
    var sentences: [Range<Int>] = []
    var mentions: [Mention] = []
    /// The mention covering each token, or -1.
    var mentionAt: [Int] = []

    init(blocks: [String], headlineBlock: Int?, tokenizer: Tokenizer, splitter: SentenceSplitter) {
        self.blocks = blocks
        self.headlineBlock = headlineBlock
        for (b, text) in blocks.enumerated() {
            let raw = tokenizer.tokens(in: text)
            let first = tokens.count
            for t in raw {
                tokens.append(Tok(text: t.text, lower: Self.lowercased(t.text), block: b, start: t.start, end: t.end, sentence: 0, isCapitalized: Self.isCapitalized(t.text)))
            }
            for range in splitter.sentences(raw, in: text) {
                let global = (first + range.lowerBound)..<(first + range.upperBound)
                for i in global { tokens[i].sentence = sentences.count }
                sentences.append(global)
            }
        }
        mentionAt = [Int](repeating: -1, count: tokens.count)
    }

    /// Lower-cased, without the Unicode machinery when the token is lower-case ASCII already.
    static func lowercased(_ s: String) -> String {
        var plain = true
        for b in s.utf8 where b >= 0x80 || (b >= 0x41 && b <= 0x5A) {
            plain = false
            break
        }
        return plain ? s : s.lowercased()
    }

    /// Whether the first character is an upper-case letter.
    static func isCapitalized(_ s: String) -> Bool {
        guard let first = s.utf8.first else { return false }
        if first < 0x80 { return first >= 0x41 && first <= 0x5A }
        return s.unicodeScalars.first!.properties.isUppercase
    }

    /// Keeps the first `count` tokens (a sentence boundary) and `blocks` blocks.
    mutating func truncate(tokens count: Int, blocks kept: Int) {
        tokens.removeSubrange(count...)
        sentences.removeAll { $0.upperBound > count }
        blocks.removeSubrange(kept...)
        mentionAt = [Int](repeating: -1, count: tokens.count)
    }

    /// The words of each sentence, as the tagger reads them.
    var sentenceWords: [[String]] { sentences.map { $0.map { tokens[$0].text } } }

    /// The original text of tokens `range` (all in one block).
    func surface(_ range: Range<Int>) -> String {
        guard let first = range.first, let last = range.last else { return "" }
        let bytes = blocks[tokens[first].block].utf8
        let a = bytes.index(bytes.startIndex, offsetBy: tokens[first].start)
        let b = bytes.index(bytes.startIndex, offsetBy: tokens[last].end)
        return String(blocks[tokens[first].block][a..<b])
    }

    /// Records which tokens each mention covers.
    mutating func indexMentions() {
        mentionAt = [Int](repeating: -1, count: tokens.count)
        for (m, mention) in mentions.enumerated() {
            for i in mention.tokens { mentionAt[i] = m }
        }
    }
}
