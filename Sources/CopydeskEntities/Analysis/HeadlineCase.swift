/// Title-case and all-caps text (headlines, section lines, slugs) read
/// against the article's own text before it is tagged: in "Siemens, Alstom
/// Seal Rail Signalling Deal" capitals are style, not evidence of names. Each
/// word of such a block takes the form the body writes it in mid-sentence
/// ("Seal" → "seal", "ALSTOM" → "Alstom"); a word the body never writes keeps
/// its form only when it is a short acronym, else it is lower-cased, so the
/// tagger sees what a sentence-case line would say.
enum HeadlineCase {
    /// Whether block `b`'s tokens read as a title-case or all-caps line:
    /// the headline always, any other block when most of its longer words are capitalised.
    static func isTitleLike(_ doc: AnalysisDocument, block b: Int, tokens range: Range<Int>) -> Bool {
        if b == doc.headlineBlock { return true }
        // A body sentence full of names ("German Chancellor Olaf Scholz met …") is not a title:
        // besides the headline, an all-caps block, or a short title-case line that does not end a sentence.
        guard range.count <= 40 else { return false }
        var words = 0, capitalised = 0, allCaps = 0
        for i in range where doc.tokens[i].text.utf8.count >= 3 && doc.tokens[i].text.utf8.allSatisfy({ $0 >= 0x41 }) {
            words += 1
            if doc.tokens[i].isCapitalized { capitalised += 1 }
            if !doc.tokens[i].text.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) { allCaps += 1 }
        }
        guard words >= 3 else { return false }
        if allCaps == words { return true }
        let last = doc.tokens[range.upperBound - 1].text
        let endsSentence = Attribution.sentenceEnds.contains(last) || QuoteFinder.isMark(last)
        return range.count <= 20 && !endsSentence && capitalised * 4 >= words * 3
    }

    /// The words the tagger should read: `doc.sentenceWords` with title-like blocks re-cased.
    static func words(_ doc: AnalysisDocument) -> [[String]] {
        var words = doc.sentenceWords
        guard !doc.tokens.isEmpty else { return words }
        // Token ranges of the blocks.
        var blockRanges: [Range<Int>] = []
        var start = 0
        for b in doc.blocks.indices {
            var end = start
            while end < doc.tokens.count, doc.tokens[end].block == b { end += 1 }
            blockRanges.append(start..<end)
            start = end
        }
        let titled = doc.blocks.indices.filter { !blockRanges[$0].isEmpty && isTitleLike(doc, block: $0, tokens: blockRanges[$0]) }
        guard !titled.isEmpty else { return words }
        let titledSet = Set(titled)
        var wanted = Set<String>()
        for b in titled { for i in blockRanges[b] where doc.tokens[i].lower != doc.tokens[i].text { wanted.insert(doc.tokens[i].lower) } }
        guard !wanted.isEmpty else { return words }
        // How the rest of the article writes those words: lower-case, capitalised mid-sentence, or only sentence-first.
        var lowerCount: [String: Int] = [:]
        var midForms: [String: [String: Int]] = [:]
        var initialForms: [String: String] = [:]
        for (i, t) in doc.tokens.enumerated() where !titledSet.contains(t.block) && wanted.contains(t.lower) {
            if t.text == t.lower {
                lowerCount[t.lower, default: 0] += 1
            } else if i > 0, doc.tokens[i - 1].sentence == t.sentence, !QuoteFinder.isMark(doc.tokens[i - 1].text) {
                midForms[t.lower, default: [:]][t.text, default: 0] += 1
            } else if initialForms[t.lower] == nil {
                initialForms[t.lower] = t.text
            }
        }
        for b in titled {
            for i in blockRanges[b] {
                let t = doc.tokens[i]
                guard t.lower != t.text else { continue }
                let s = t.sentence, k = i - doc.sentences[s].lowerBound
                let lower = lowerCount[t.lower] ?? 0
                if let forms = midForms[t.lower], let best = forms.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }),
                    best.value >= lower
                {
                    words[s][k] = best.key
                } else if lower > 0 {
                    words[s][k] = t.lower
                } else if let initial = initialForms[t.lower] {
                    words[s][k] = initial
                } else if t.text.utf8.count <= 4, t.text.utf8.allSatisfy({ !($0 >= 0x61 && $0 <= 0x7A) }) {
                    continue  // "EU", "NHS", "G7": an acronym stays one
                } else {
                    words[s][k] = t.lower
                }
            }
        }
        return words
    }
}
