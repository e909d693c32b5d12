/// Cues in the text that make a name an organisation whatever the tagger
/// said of it, for names its training news never had:
/// - a company or outlet noun just before it: "the research firm Wood
///   Mackenzie", "engineering group Siemens", "chip maker Nvidia", "the
///   newspaper Les Echos";
/// - the same nouns in an apposition after it: "Wood Mackenzie, a research firm,";
/// - a one-word name that reports: "…, Handelsblatt reports" (a person who
///   reports is named with a first name).
enum OrganisationCues {
    /// Nouns that name the kind of organisation the next name is.
    static let nouns: Set<String> = [
        "firm", "company", "group", "maker", "giant", "conglomerate", "startup", "start-up", "manufacturer",
        "producer", "supplier", "retailer", "lender", "bank", "insurer", "carrier", "airline", "operator",
        "consultancy", "broker", "brokerage", "fund", "investor", "developer", "publisher", "newspaper",
        "paper", "daily", "weekly", "tabloid", "broadcaster", "network", "channel", "magazine", "outlet",
        "agency", "website", "watchdog", "regulator", "union", "party", "association", "federation",
        "charity", "club", "league", "miner", "automaker", "carmaker", "drugmaker", "chipmaker", "utility",
        "service", "journal", "institute", "university", "organisation", "organization", "body", "authority",
    ]
    /// Last words that make a whole name an organisation ("Max Planck Institute", "Bank of Japan" aside).
    static let heads: Set<String> = [
        "institute", "university", "bank", "council", "commission", "ministry", "agency", "corporation", "corp",
        "company", "foundation", "association", "federation", "party", "union", "court", "committee", "college",
        "school", "hospital", "museum", "society", "academy", "authority", "inc", "inc.", "ltd", "ltd.", "plc",
        "group", "holdings", "airlines", "airways", "motors", "laboratories", "labs", "pharma", "ag", "gmbh",
    ]
    /// Last words that make a name a thing, not a person: "James Webb Space Telescope".
    static let things: Set<String> = ["telescope", "prize", "award", "awards", "mission", "satellite", "rover", "summit", "festival"]
    /// Words joining an organisation's head to the rest of its name: "Max Planck Institute for Astronomy".
    static let joiners: Set<String> = ["for", "of", "on"]
    /// Verbs of a one-word outlet at the end of an attribution.
    static let reportVerbs: Set<String> = ["reports", "reported", "writes", "wrote"]

    static func apply(_ doc: inout AnalysisDocument) {
        guard !doc.mentions.isEmpty else { return }
        // Words of every multi-word person name: "Mackenzie reported" after "Wood Mackenzie" is whatever that is.
        var personWords = Set<String>()
        for m in doc.mentions where m.type == "PER" && m.tokens.count >= 2 { for i in m.tokens { personWords.insert(doc.tokens[i].lower) } }
        joinHeads(&doc)
        for m in doc.mentions.indices where doc.mentions[m].type != "ORG" && doc.mentions[m].type != "MISC" {
            let range = doc.mentions[m].tokens
            let last = doc.tokens[range.upperBound - 1].lower
            if range.count >= 2, heads.contains(last) {
                doc.mentions[m].type = "ORG"
                doc.mentions[m].cued = true
                continue
            }
            if range.count >= 2, things.contains(last) {
                doc.mentions[m].type = "MISC"
                continue
            }
            let sentence = doc.tokens[range.lowerBound].sentence
            func token(_ i: Int) -> AnalysisDocument.Tok? {
                i >= 0 && i < doc.tokens.count && doc.tokens[i].sentence == sentence ? doc.tokens[i] : nil
            }
            // "the research firm Wood Mackenzie"
            if let before = token(range.lowerBound - 1), !before.isCapitalized || before.block == doc.headlineBlock, nouns.contains(before.lower) {
                doc.mentions[m].type = "ORG"
                doc.mentions[m].cued = true
                continue
            }
            // "Wood Mackenzie, a research firm," / "Handelsblatt, the business daily,"
            if token(range.upperBound)?.text == ",", let article = token(range.upperBound + 1), article.lower == "a" || article.lower == "the" || article.lower == "an" {
                var j = range.upperBound + 2
                while let t = token(j), !t.isCapitalized, j - range.upperBound <= 5 {
                    if nouns.contains(t.lower) {
                        if let next = token(j + 1), next.text == "," || next.text == "." || next.text == "that" || next.text == "which" {
                            doc.mentions[m].type = "ORG"
                            doc.mentions[m].cued = true
                        }
                        break
                    }
                    j += 1
                }
                if doc.mentions[m].type == "ORG" { continue }
            }
            // "…, Handelsblatt reports"
            if range.count == 1, doc.mentions[m].type == "PER", let verb = token(range.upperBound), reportVerbs.contains(verb.lower),
                !personWords.contains(doc.tokens[range.lowerBound].lower)
            {
                doc.mentions[m].type = "ORG"
            }
        }
    }

    /// "Max Planck Institute" + "for" + "Astronomy": one organisation.
    static func joinHeads(_ doc: inout AnalysisDocument) {
        var m = 0
        while m + 1 < doc.mentions.count {
            let a = doc.mentions[m], b = doc.mentions[m + 1]
            let j = a.tokens.upperBound
            if heads.contains(doc.tokens[j - 1].lower), b.tokens.lowerBound == j + 1, joiners.contains(doc.tokens[j].lower),
                doc.tokens[j].sentence == doc.tokens[b.tokens.lowerBound].sentence
            {
                doc.mentions[m].tokens = a.tokens.lowerBound..<b.tokens.upperBound
                doc.mentions[m].surface = doc.surface(doc.mentions[m].tokens)
                doc.mentions[m].type = "ORG"
                doc.mentions[m].cued = true
                doc.mentions.remove(at: m + 1)
            } else {
                m += 1
            }
        }
    }
}
