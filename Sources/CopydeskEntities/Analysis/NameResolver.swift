/// Merges an article's mentions into entities with canonical names: within an
/// article a short form resolves to the longest form that contains it ("Putin"
/// → "Vladimir Putin", "Xi" → "Xi Jinping"), the same name gets one type (the
/// one most of its mentions have), and a few common short forms get a standard
/// name. Headline mentions count only when the rest of the article has them.
enum NameResolver {
    static let aliases: [String: String] = [
        "U.S.": "United States", "US": "United States", "USA": "United States", "U.S.A.": "United States",
        "U.K.": "United Kingdom", "UK": "United Kingdom", "EU": "European Union", "E.U.": "European Union",
        "U.N.": "United Nations", "UN": "United Nations", "UAE": "United Arab Emirates",
    ]

    /// Sets every mention's canonical name and type.
    static func canonicalize(_ doc: inout AnalysisDocument) {
        splitCompounds(&doc)
        func words(_ m: AnalysisDocument.Mention) -> [String] { m.tokens.map { doc.tokens[$0].lower } }
        // Long person names: every person mention with two or more words,
        // indexed by their words so a short form finds its candidates directly.
        var fullNames: [(words: [String], surface: String, count: Int)] = []
        var known: [[String]: Int] = [:]
        var byWord: [String: [Int]] = [:]
        // A headline's capitals are style: its names never become the long form of a body mention.
        for m in doc.mentions where m.type == "PER" && m.tokens.count >= 2 && doc.tokens[m.tokens.lowerBound].block != doc.headlineBlock {
            let w = words(m)
            if let k = known[w] {
                fullNames[k].count += 1
            } else {
                known[w] = fullNames.count
                for word in Set(w) { byWord[word, default: []].append(fullNames.count) }
                fullNames.append((w, m.surface, 1))
            }
        }
        func longForm(_ w: [String]) -> String? {
            guard let first = w.first, let candidates = byWord[first] else { return nil }
            var best: (length: Int, count: Int, surface: String)?
            for k in candidates {
                let name = fullNames[k]
                guard name.words.count >= w.count, contains(name.words, w) else { continue }
                if best == nil || name.words.count > best!.length || (name.words.count == best!.length && name.count > best!.count) {
                    best = (name.words.count, name.count, name.surface)
                }
            }
            return best?.surface
        }
        for m in doc.mentions.indices {
            let w = words(doc.mentions[m])
            if let long = fullNames.isEmpty ? nil : longForm(w) {
                // A part of a person's full name is that person, whatever the tagger said.
                doc.mentions[m].type = "PER"
                doc.mentions[m].canonical = long
            } else {
                let surface = doc.mentions[m].surface
                doc.mentions[m].canonical = aliases[surface] ?? surface
            }
        }
        // One type per name: the majority of its mentions.
        var votes: [String: [String: Int]] = [:]
        for m in doc.mentions { votes[m.canonical, default: [:]][m.type, default: 0] += m.cued ? 3 : 1 }
        for m in doc.mentions.indices {
            if let v = votes[doc.mentions[m].canonical], let best = v.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) {
                doc.mentions[m].type = best.key
            }
        }
    }

    /// Groups the mentions into the analysis's entity lists.
    static func collect(_ doc: AnalysisDocument, into result: inout ArticleAnalysis) {
        var doc = doc
        // Headline words are often capitalised for style: keep a headline name
        // only when the article's text names it too.
        if let headline = doc.headlineBlock {
            // Confirmed by the text, whatever its case ("ALSTOM" is "Alstom"): the text's name and type.
            var elsewhere: [String: (canonical: String, type: String)] = [:]
            for m in doc.mentions where doc.tokens[m.tokens.lowerBound].block != headline {
                elsewhere[m.canonical.lowercased()] = (m.canonical, m.type)
                elsewhere[m.surface.lowercased()] = elsewhere[m.surface.lowercased()] ?? (m.canonical, m.type)
            }
            doc.mentions = doc.mentions.compactMap { m in
                guard doc.tokens[m.tokens.lowerBound].block == headline else { return m }
                guard let confirmed = elsewhere[m.canonical.lowercased()] ?? elsewhere[m.surface.lowercased()] else { return nil }
                var m = m
                m.canonical = confirmed.canonical
                m.type = confirmed.type
                return m
            }
        }
        var order: [String] = []
        var groups: [String: [AnalysisDocument.Mention]] = [:]
        for m in doc.mentions {
            let key = m.type + "\u{1}" + m.canonical
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(m)
        }
        for key in order {
            let group = groups[key]!
            var surfaces: [String: Int] = [:]
            for m in group { surfaces[m.surface, default: 0] += 1 }
            var literal = group[0].surface
            // The form used most; on a tie the shorter (what the text calls them after the introduction).
            for m in group where surfaces[m.surface]! > surfaces[literal]! || (surfaces[m.surface]! == surfaces[literal]! && m.surface.count < literal.count) {
                literal = m.surface
            }
            let entity = ArticleAnalysis.Entity(
                type: group[0].type, name: group[0].canonical, literal: literal,
                role: group.first(where: { $0.role != nil })?.role, mentions: group.count)
            switch entity.type {
            case "PER": result.people.append(entity)
            case "ORG": result.organisations.append(entity)
            case "LOC": result.places.append(entity)
            default: result.other.append(entity)
            }
        }
    }

    /// "China-Russia" names two places when the article names each elsewhere:
    /// it counts as a mention of each, not as a place of its own.
    static func splitCompounds(_ doc: inout AnalysisDocument) {
        guard doc.mentions.contains(where: { $0.tokens.count == 1 && $0.surface.utf8.contains(0x2D) }) else { return }
        let single = Set(doc.mentions.filter { !$0.surface.utf8.contains(0x2D) }.map(\.surface))
        var out: [AnalysisDocument.Mention] = []
        for m in doc.mentions {
            let parts = m.tokens.count == 1 && m.surface.utf8.contains(0x2D) ? m.surface.split(separator: "-").map(String.init) : []
            if parts.count >= 2, parts.allSatisfy({ single.contains($0) }) {
                for part in parts {
                    var piece = m
                    piece.surface = part
                    piece.type = doc.mentions.first(where: { $0.surface == part })?.type ?? m.type
                    out.append(piece)
                }
            } else {
                out.append(m)
            }
        }
        doc.mentions = out
    }

    /// Whether `needle` occurs in `haystack` as a contiguous run.
    static func contains(_ haystack: [String], _ needle: [String]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}
