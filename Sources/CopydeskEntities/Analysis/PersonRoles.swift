/// Moves titles out of person names into roles: "Russian President Vladimir
/// Putin" → name "Vladimir Putin", role "President", descriptor "Russian
/// President" (which later resolves "the Russian president said").
enum PersonRoles {
    static func apply(_ doc: inout AnalysisDocument) {
        var covered = Set<Int>()
        for m in doc.mentions.indices where doc.mentions[m].type == "PER" {
            var range = doc.mentions[m].tokens
            // Titles and honorifics the tagger put inside the name.
            var inside: [Int] = []
            while range.count > 1, isTitle(doc, range.lowerBound) || PersonTitles.honorifics.contains(doc.tokens[range.lowerBound].lower) {
                inside.append(range.lowerBound)
                range = (range.lowerBound + 1)..<range.upperBound
            }
            // Titles written just before it.
            var start = inside.first ?? range.lowerBound
            var j = start - 1
            let sentence = doc.tokens[range.lowerBound].sentence
            while j >= 0, doc.tokens[j].sentence == sentence {
                let t = doc.tokens[j]
                if isTitle(doc, j) && (t.isCapitalized || t.lower.hasSuffix(".")) {
                    start = j
                } else if PersonTitles.joiners.contains(t.text), j > 0, isTitle(doc, j - 1), doc.tokens[j - 1].isCapitalized {
                    start = j
                } else if PersonTitles.honorifics.contains(t.lower), start == j + 1, start == range.lowerBound {
                    start = j
                } else {
                    break
                }
                j -= 1
            }
            var roleTokens = Array(start..<range.lowerBound).filter { !PersonTitles.honorifics.contains(doc.tokens[$0].lower) }
            while let first = roleTokens.first, PersonTitles.joiners.contains(doc.tokens[first].text) { roleTokens.removeFirst() }
            doc.mentions[m].tokens = range
            doc.mentions[m].surface = doc.surface(range)
            guard let first = roleTokens.first, let last = roleTokens.last,
                roleTokens.contains(where: { PersonTitles.heads.contains(doc.tokens[$0].lower) })
            else { continue }
            let role = doc.surface(first..<(last + 1))
            doc.mentions[m].role = role
            for i in first...last { covered.insert(i) }
            // A nationality or country just before the title describes the office.
            if first > 0, doc.tokens[first - 1].sentence == sentence, doc.tokens[first - 1].isCapitalized {
                doc.mentions[m].descriptor = doc.tokens[first - 1].text + " " + role
            } else {
                doc.mentions[m].descriptor = role
            }
        }
        // A span the tagger found inside a title ("State" in "Secretary of State") is not a name.
        doc.mentions.removeAll { $0.type != "PER" && $0.tokens.allSatisfy { covered.contains($0) } }
    }

    static func isTitle(_ doc: AnalysisDocument, _ i: Int) -> Bool {
        PersonTitles.words.contains(doc.tokens[i].lower)
    }
}
