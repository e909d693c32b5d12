/// Finds quotations (text between double quotation marks, straight or curly,
/// of four words or more: shorter ones are scare quotes) and their speakers:
/// `"…," Xi told Putin`, `"…," the Chinese president said`, `"…," per Reuters`,
/// `According to Axios, "…"`, `which AP News referred to as "…"`, `Xi: "…"`,
/// and a quote with no attribution of its own in the paragraph of an attributed one.
struct QuoteFinder {
    let doc: AnalysisDocument
    let sources: SourceFinder

    static let marks: Set<UInt32> = [0x22, 0x201C, 0x201D, 0x201E, 0x201F, 0xAB, 0xBB]

    /// Whether a token is one quotation mark (`"` is one UTF-8 byte, « » two,
    /// the curly ones three: anything else is rejected before any scalar work).
    static func isMark(_ text: String) -> Bool {
        let u = text.utf8
        guard let first = u.first, u.count <= 3, first == 0x22 || first == 0xC2 || first == 0xE2 else { return false }
        let s = text.unicodeScalars
        return s.count == 1 && marks.contains(s.first!.value)
    }

    func find() -> [ArticleAnalysis.Quote] {
        var quotes: [ArticleAnalysis.Quote] = []
        var blockStart = 0
        for b in doc.blocks.indices {
            while blockStart < doc.tokens.count, doc.tokens[blockStart].block < b { blockStart += 1 }
            var blockEnd = blockStart
            while blockEnd < doc.tokens.count, doc.tokens[blockEnd].block == b { blockEnd += 1 }
            guard b != doc.headlineBlock, blockEnd > blockStart else { continue }
            let markTokens = (blockStart..<blockEnd).filter { Self.isMark(doc.tokens[$0].text) }
            var previousSpeaker: String?
            var previousClose = blockStart - 1
            var k = 0
            while k < markTokens.count {
                let open = markTokens[k]
                let close = k + 1 < markTokens.count ? markTokens[k + 1] : blockEnd
                k += 2
                defer { previousClose = close }
                guard close - open - 1 >= 1 else { continue }
                let inner = doc.surface((open + 1)..<close)
                var quoted = Substring(inner).trimmingWhitespace
                while let last = quoted.last, last == "," { quoted = quoted.dropLast().trimmingWhitespace }
                guard ((open + 1)..<close).lazy.filter({ EntityAnalyzer.isWordy(doc.tokens[$0].text) }).count >= 4 else { continue }
                var speaker = after(close + 1, limit: blockEnd)
                if speaker == nil { speaker = before(open, from: previousClose + 1) }
                if speaker == nil { speaker = previousSpeaker }
                previousSpeaker = speaker
                // A pull quote repeats a quote from the body: keep one, with the best speaker.
                if let same = quotes.firstIndex(where: { $0.text == quoted }) {
                    if quotes[same].speaker == nil || (speaker != nil && !isPerson(quotes[same].speaker!) && isPerson(speaker!)) {
                        quotes[same].speaker = speaker
                    }
                } else {
                    quotes.append(.init(text: String(quoted), speaker: speaker))
                }
            }
            blockStart = blockEnd
        }
        return quotes
    }

    /// Whether `name` is a person's canonical name.
    private func isPerson(_ name: String) -> Bool {
        doc.mentions.contains { $0.type == "PER" && $0.canonical == name }
    }

    /// The UTF-8 ranges of block `b` between paired quotation marks.
    func quotedBytes() -> [[Range<Int>]] {
        var marks = [[AnalysisDocument.Tok]](repeating: [], count: doc.blocks.count)
        for t in doc.tokens where Self.isMark(t.text) {
            marks[t.block].append(t)
        }
        return marks.map { marks in
            var out: [Range<Int>] = []
            var k = 0
            while k < marks.count {
                let end = k + 1 < marks.count ? marks[k + 1].start : Int.max
                out.append(marks[k].end..<end)
                k += 2
            }
            return out
        }
    }

    /// The speaker named after a closing mark, up to the end of its sentence or the next quote.
    private func after(_ start: Int, limit: Int) -> String? {
        var end = start
        while end < limit, end - start < 16 {
            let t = doc.tokens[end].text
            if Attribution.sentenceEnds.contains(t) { break }
            if Self.isMark(t) { break }
            end += 1
        }
        guard end > start else { return nil }
        if let v = (start..<end).first(where: { Attribution.verbs.contains(doc.tokens[$0].lower) && doc.tokens[$0].lower != "according" }) {
            var subject = start..<v
            subject = trimmed(subject)
            if subject.isEmpty {
                var e = v + 1
                while e < end, !Attribution.clauseBreaks.contains(doc.tokens[e].text) { e += 1 }
                subject = trimmed((v + 1)..<e)
            }
            if let name = resolve(subject) { return name }
            // A name the tagger missed ("Poupart-Lafarge said, according to …") is still the speaker, not the source after it.
            if let name = untaggedName(subject) { return name }
        }
        return credited(start..<end)
    }

    /// The speaker named before an opening mark, within its sentence.
    private func before(_ open: Int, from lowest: Int) -> String? {
        let sentence = doc.tokens[open].sentence
        var start = open
        while start > lowest, doc.tokens[start - 1].sentence == sentence { start -= 1 }
        guard start < open else { return nil }
        if let name = credited(start..<open) { return name }
        if let v = (start..<open).last(where: { Attribution.verbs.contains(doc.tokens[$0].lower) && doc.tokens[$0].lower != "according" }) {
            if let run = sources.nameRun(endingBefore: v), let name = resolve(run) { return name }
            var s = v
            while s > start, doc.tokens[s - 1].text != "," { s -= 1 }
            if let name = resolve(trimmed(s..<v)) { return name }
        }
        // `Xi: "…"`
        if doc.tokens[open - 1].text == ":", open - 2 >= start, let name = resolve((open - 2)..<(open - 1)) { return name }
        return nil
    }

    /// "per X" or "according to X" in `window`.
    private func credited(_ window: Range<Int>) -> String? {
        for i in window {
            let lower = doc.tokens[i].lower
            var from: Int?
            if lower == "per" { from = i + 1 }
            if lower == "according", i + 1 < window.upperBound, doc.tokens[i + 1].lower == "to" { from = i + 2 }
            guard let from, from < window.upperBound else { continue }
            if let run = sources.nameRun(from: from), let name = resolve(run) { return name }
            if let j = sources.outletAnaphora(from: from) { return sources.lastSource(before: j) }
        }
        return nil
    }

    /// Who a subject phrase names: a person, a pronoun's person, "the outlet",
    /// an office ("the Chinese president"), or an organisation.
    private func resolve(_ range: Range<Int>) -> String? {
        guard !range.isEmpty else { return nil }
        for i in range where doc.mentionAt[i] >= 0 && doc.mentions[doc.mentionAt[i]].type == "PER" {
            return doc.mentions[doc.mentionAt[i]].canonical
        }
        let words = range.map { doc.tokens[$0].lower }
        if words.count == 1, Attribution.pronouns.contains(words[0]) {
            return doc.mentions.last(where: { $0.type == "PER" && $0.tokens.upperBound <= range.lowerBound })?.canonical
        }
        if let last = words.last, Attribution.outletAnaphora.contains(last), words.count <= 3 {
            return sources.lastSource(before: range.upperBound)
        }
        if let last = words.last, PersonTitles.heads.contains(last) {
            let phrase = words.filter { $0 != "the" && $0 != "a" }.joined(separator: " ")
            let people = doc.mentions.filter { $0.type == "PER" && $0.tokens.lowerBound < range.lowerBound }
            if let m = people.last(where: { $0.descriptor?.lowercased() == phrase }) { return m.canonical }
            let byRole = Set(people.filter { $0.role?.lowercased() == last || $0.descriptor?.lowercased().hasSuffix(phrase) == true }.map(\.canonical))
            if byRole.count == 1 { return byRole.first }
            return nil
        }
        if sources.isOrganisation(range, explicit: true) { return sources.canonicalName(range) }
        return nil
    }

    /// A capitalised subject of one to four words no mention covers: the person
    /// whose name ends with it ("Poupart-Lafarge" → "Henri Poupart-Lafarge"), else its words.
    private func untaggedName(_ range: Range<Int>) -> String? {
        guard !range.isEmpty, range.count <= 4, range.allSatisfy({ doc.tokens[$0].isCapitalized && doc.mentionAt[$0] < 0 }) else { return nil }
        let last = doc.tokens[range.upperBound - 1].lower
        if let person = doc.mentions.first(where: { m in m.type == "PER" && m.tokens.count >= 2 && doc.tokens[m.tokens.upperBound - 1].lower == last }) {
            return person.canonical
        }
        return doc.surface(range)
    }

    /// `range` without leading punctuation and articles.
    private func trimmed(_ range: Range<Int>) -> Range<Int> {
        var r = range
        while let first = r.first, Attribution.subjectNoise.contains(doc.tokens[first].text) { r = (first + 1)..<r.upperBound }
        return r
    }
}

extension Substring {
    fileprivate var trimmingWhitespace: Substring {
        var s = self
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return s
    }
}
