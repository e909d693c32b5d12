/// Finds the organisations an article credits: "per Reuters", "according to
/// Axios", "NHK World Japan reports", "the LA Times reports", "Reuters
/// reported", "told Reuters", "a commentary from …". "The outlet" points back
/// at the last one named and adds none. A source is an organisation, never a
/// place or a person: a name the tagger calls a place or person is not credited.
struct SourceFinder {
    let doc: AnalysisDocument
    private(set) var sources: [ArticleAnalysis.Source] = []
    /// Token index and name of every credit, in text order.
    private(set) var credits: [(at: Int, name: String)] = []
    /// The name run of every credit.
    private(set) var runs: [(run: Range<Int>, name: String)] = []

    init(doc: AnalysisDocument) {
        self.doc = doc
    }

    /// A finder over a changed document that keeps `found`'s credits.
    init(doc: AnalysisDocument, credits found: SourceFinder) {
        self.doc = doc
        sources = found.sources
        credits = found.credits
        runs = found.runs
    }

    /// A credited source is an organisation: the names inside its run become one
    /// organisation mention, and other mentions of the same name become organisations too.
    func mergeCredited(into doc: inout AnalysisDocument) {
        let names = Set(runs.map(\.name))
        for (run, name) in runs {
            let covering = doc.mentions.filter { $0.tokens.overlaps(run) }
            if covering.count == 1, covering[0].tokens == run { continue }
            doc.mentions.removeAll { $0.tokens.overlaps(run) }
            doc.mentions.append(.init(type: "ORG", tokens: run, surface: doc.surface(run), canonical: name))
        }
        for m in doc.mentions.indices where names.contains(doc.mentions[m].canonical) { doc.mentions[m].type = "ORG" }
        doc.mentions.sort { $0.tokens.lowerBound < $1.tokens.lowerBound }
    }

    mutating func find() {
        let tokens = doc.tokens
        var i = 0
        while i < tokens.count {
            defer { i += 1 }
            if tokens[i].block == doc.headlineBlock { continue }
            let lower = tokens[i].lower
            if lower == "per", let run = nameRun(from: i + 1) {
                credit(run, explicit: true)
            } else if lower == "according", i + 1 < tokens.count, tokens[i + 1].lower == "to" {
                if let run = nameRun(from: i + 2) { credit(run, explicit: true) } else if let last = outletAnaphora(from: i + 2) { recordAnaphora(at: last) }
            } else if lower.utf8.count >= 4, Attribution.reportingVerbs.contains(lower) || Attribution.speechVerbs.contains(lower) {
                if let run = nameRun(endingBefore: i) {
                    credit(run, explicit: Attribution.reportingVerbs.contains(lower), mediaOnly: !Attribution.reportingVerbs.contains(lower))
                }
                if lower == "told", let run = nameRun(from: i + 1) { credit(run, explicit: false, mediaOnly: true) }
            } else if lower == "from" || lower == "by", i > 0, Attribution.documentNouns.contains(tokens[i - 1].lower),
                let run = nameRun(from: i + 1)
            {
                credit(run, explicit: false)
            }
        }
    }

    /// The capitalised run starting at `i` (an optional "the" skipped), possessive owners included.
    func nameRun(from i: Int) -> Range<Int>? {
        var start = i
        if start < doc.tokens.count, doc.tokens[start].lower == "the" { start += 1 }
        // "the newspaper Les Echos", "the French business daily Les Echos": the name after the kind.
        var kind = start
        while kind < doc.tokens.count, kind - start < 4, doc.tokens[kind].sentence == doc.tokens[i].sentence, !doc.tokens[kind].isCapitalized || kind > start {
            if !doc.tokens[kind].isCapitalized, OrganisationCues.nouns.contains(doc.tokens[kind].lower) {
                if kind + 1 < doc.tokens.count, doc.tokens[kind + 1].isCapitalized, doc.tokens[kind + 1].sentence == doc.tokens[i].sentence { start = kind + 1 }
                break
            }
            kind += 1
        }
        guard start < doc.tokens.count, doc.tokens[start].isCapitalized, doc.tokens[start].sentence == doc.tokens[i].sentence else { return nil }
        var end = start + 1
        while end < doc.tokens.count, doc.tokens[end].sentence == doc.tokens[start].sentence {
            if doc.tokens[end].isCapitalized {
                end += 1
            } else if Attribution.nameJoiners.contains(doc.tokens[end].lower), end + 1 < doc.tokens.count, doc.tokens[end + 1].isCapitalized,
                doc.tokens[end + 1].sentence == doc.tokens[start].sentence
            {
                end += 2
            } else {
                break
            }
        }
        return start..<end
    }

    /// The capitalised run that ends just before token `i`.
    func nameRun(endingBefore i: Int) -> Range<Int>? {
        var start = i
        let sentence = i < doc.tokens.count ? doc.tokens[i].sentence : -1
        while start > 0, doc.tokens[start - 1].sentence == sentence {
            let t = doc.tokens[start - 1]
            if t.isCapitalized {
                start -= 1
            } else if Attribution.nameJoiners.contains(t.lower), start - 2 >= 0, doc.tokens[start - 2].isCapitalized, start < i {
                start -= 1
            } else {
                break
            }
        }
        guard start < i else { return nil }
        // A sentence-initial word like "The" or "At" is not part of the name.
        while start < i, doc.tokens[start].lower == "the" { start += 1 }
        return start < i ? start..<i : nil
    }

    /// Whether `run` names an organisation: the tagger says so, or the name
    /// looks like a news organisation, and no token is a place or a person.
    func isOrganisation(_ run: Range<Int>, explicit: Bool, mediaOnly: Bool = false) -> Bool {
        var org = false, placeOrPerson = false
        for i in run {
            let m = doc.mentionAt[i]
            guard m >= 0 else { continue }
            switch doc.mentions[m].type {
            case "ORG": org = true
            case "LOC", "PER": placeOrPerson = true
            default: break
            }
        }
        let media = run.contains { Attribution.organisationWords.contains(doc.tokens[$0].lower) }
            || run.contains { Attribution.outlets.contains(doc.tokens[$0].lower) }
        if mediaOnly { return media && !(placeOrPerson && !org) }
        if org || media { return !(placeOrPerson && !org && !media) }
        return explicit && !placeOrPerson && run.contains { doc.mentionAt[$0] >= 0 }
    }

    /// "the outlet" (or agency, newspaper …) at `i`: the index it was found at.
    func outletAnaphora(from i: Int) -> Int? {
        var j = i
        if j < doc.tokens.count, doc.tokens[j].lower == "the" { j += 1 }
        guard j < doc.tokens.count, Attribution.outletAnaphora.contains(doc.tokens[j].lower) else { return nil }
        return j
    }

    /// The last source credited before token `i`.
    func lastSource(before i: Int) -> String? {
        credits.last(where: { $0.at < i })?.name
    }

    private mutating func recordAnaphora(at i: Int) {
        if let name = lastSource(before: i) { credits.append((i, name)) }
    }

    private mutating func credit(_ run: Range<Int>, explicit: Bool, mediaOnly: Bool = false) {
        guard isOrganisation(run, explicit: explicit, mediaOnly: mediaOnly) else { return }
        let name = canonicalName(run)
        credits.append((run.lowerBound, name))
        runs.append((run, name))
        if !sources.contains(where: { $0.name == name }) { sources.append(.init(name: name, role: "cited")) }
    }

    /// An organisation's name: the resolved name of the mention when the run is one, else the run's text.
    func canonicalName(_ run: Range<Int>) -> String {
        let m = doc.mentionAt[run.lowerBound]
        if m >= 0, doc.mentions[m].tokens == run { return doc.mentions[m].canonical }
        return doc.surface(run)
    }
}
