/// Finds an article's people, organisations, places, sources, quotes, money,
/// percentages and dates: the tagger for names, rules for the rest.
///
/// Pure and `Sendable`: one analyzer serves every thread of the pipeline.
public struct EntityAnalyzer: Sendable {
    /// The tagger's model.
    public let model: EntityModel
    private let tokenizer = Tokenizer()
    private let splitter = SentenceSplitter()
    private let moneyRule = MoneyRule()
    private let percentRule = PercentRule()
    private let dateRule = DateRule()

    /// Tokens read per article at most: a hostile or runaway article (a
    /// multi-megabyte body) is analysed up to here and flagged, so one file
    /// cannot hold a pipeline thread for long. About 100 KB of text.
    public let maximumTokens: Int

    /// Makes an analyzer over `model`.
    public init(model: EntityModel, maximumTokens: Int = 20_000) {
        self.model = model
        self.maximumTokens = maximumTokens
    }

    /// Analyses one article.
    public func analyze(_ article: ArticleText) -> ArticleAnalysis {
        var blocks: [String] = []
        var headlineBlock: Int?
        if let headline = article.headline, !headline.isEmpty {
            headlineBlock = 0
            blocks.append(headline)
        }
        // A standfirst that repeats the first paragraph (or a pull quote the body
        // has) would count its names, dates and quotes twice.
        if let summary = article.summary, !summary.isEmpty, !article.paragraphs.contains(where: { $0.hasPrefix(summary) }) {
            blocks.append(summary)
        }
        blocks.append(contentsOf: article.paragraphs)
        // Tokens are about five bytes: past eight bytes a token, stop reading text.
        var truncated = false
        var budget = maximumTokens * 8
        for b in blocks.indices {
            let size = blocks[b].utf8.count
            if size > budget {
                blocks[b] = String(decoding: blocks[b].utf8.prefix(budget), as: UTF8.self)
                blocks.removeSubrange((b + 1)...)
                truncated = true
                break
            }
            budget -= size
        }
        var doc = AnalysisDocument(blocks: blocks, headlineBlock: headlineBlock, tokenizer: tokenizer, splitter: splitter)
        if doc.tokens.count > maximumTokens {
            // Keep whole sentences up to the limit, and the blocks they lie in.
            let keep = doc.sentences.last(where: { $0.upperBound <= maximumTokens })?.upperBound ?? 0
            let lastBlock = keep > 0 ? doc.tokens[keep - 1].block : -1
            blocks = Array(blocks.prefix(lastBlock + 1))
            doc.truncate(tokens: keep, blocks: lastBlock + 1)
            truncated = true
        }

        let spans = model.spans(HeadlineCase.words(doc))
        for (s, sentenceSpans) in spans.enumerated() {
            let offset = doc.sentences[s].lowerBound
            for span in sentenceSpans {
                var range = (offset + span.start)..<(offset + span.end)
                // Punctuation at a name's edges ("Xi :") is not part of it.
                while let first = range.first, !Self.isWordy(doc.tokens[first].text) { range = (first + 1)..<range.upperBound }
                while let last = range.last, !Self.isWordy(doc.tokens[last].text) { range = range.lowerBound..<last }
                guard !range.isEmpty else { continue }
                doc.mentions.append(.init(type: span.type, tokens: range, surface: doc.surface(range), canonical: ""))
            }
        }
        Self.joinParticles(&doc)
        Self.joinAdjectives(&doc)
        Self.placesBeforePlaceNouns(&doc)
        OrganisationCues.apply(&doc)
        PersonRoles.apply(&doc)
        doc.indexMentions()
        var result = ArticleAnalysis()
        result.tokens = doc.tokens.count
        result.truncated = truncated
        NameResolver.canonicalize(&doc)
        doc.indexMentions()
        var sources = SourceFinder(doc: doc)
        sources.find()
        sources.mergeCredited(into: &doc)
        doc.indexMentions()
        sources = SourceFinder(doc: doc, credits: sources)
        NameResolver.collect(doc, into: &result)
        result.sources = sources.sources
        let quotes = QuoteFinder(doc: doc, sources: sources)
        result.quotes = quotes.find()

        let quoted = quotes.quotedBytes()
        for (b, text) in blocks.enumerated() where b != headlineBlock {
            result.money += moneyRule.mentions(in: text)
            result.percentages += percentRule.mentions(in: text)
            // "today" inside a quote is the speaker's "nowadays", not a date.
            result.dates += dateRule.mentions(in: text, reference: article.reference).filter { date in
                !(date.kind == "relative" && quoted[b].contains { $0.contains(date.start) })
            }
        }
        return result
    }

    /// Name particles ("Lula da Silva", "Ludwig van Beethoven", "Mohammed bin Salman").
    static let particles: Set<String> = ["da", "de", "do", "dos", "das", "del", "della", "di", "du", "van", "von", "der", "den", "ter", "ten", "bin", "ibn", "al", "el", "la", "le"]

    /// A person's name continues over a lower-case particle the tagger left out:
    /// "Luiz Inácio Lula" + "da" + "Silva" is one name.
    static func joinParticles(_ doc: inout AnalysisDocument) {
        var m = 0
        while m < doc.mentions.count {
            let mention = doc.mentions[m]
            let p = mention.tokens.upperBound
            guard mention.type == "PER", p + 1 < doc.tokens.count, particles.contains(doc.tokens[p].text),
                doc.tokens[p + 1].isCapitalized, doc.tokens[p + 1].sentence == doc.tokens[p].sentence
            else { m += 1; continue }
            var end = p + 2
            if m + 1 < doc.mentions.count, doc.mentions[m + 1].tokens.lowerBound == p + 1 {
                end = doc.mentions[m + 1].tokens.upperBound
                doc.mentions.remove(at: m + 1)
            }
            doc.mentions[m].tokens = mention.tokens.lowerBound..<end
            doc.mentions[m].surface = doc.surface(doc.mentions[m].tokens)
        }
    }

    /// A name right before an adjective the tagger calls MISC forms one
    /// adjective with it: "Middle" + "Eastern", "South" + "African".
    static func joinAdjectives(_ doc: inout AnalysisDocument) {
        var m = 0
        while m + 1 < doc.mentions.count {
            let a = doc.mentions[m], b = doc.mentions[m + 1]
            if a.type != "MISC", b.type == "MISC", a.tokens.upperBound == b.tokens.lowerBound,
                doc.tokens[a.tokens.lowerBound].sentence == doc.tokens[b.tokens.lowerBound].sentence
            {
                doc.mentions[m].type = "MISC"
                doc.mentions[m].tokens = a.tokens.lowerBound..<b.tokens.upperBound
                doc.mentions[m].surface = doc.surface(doc.mentions[m].tokens)
                doc.mentions.remove(at: m + 1)
            } else {
                m += 1
            }
        }
    }

    /// Lower-case nouns that make the name before them a place ("Kharkiv region").
    static let placeNouns: Set<String> = [
        "region", "province", "city", "town", "village", "county", "district", "oblast", "prefecture",
        "island", "islands", "peninsula", "valley", "river", "coast", "border", "borough", "municipality",
        "state", "territory", "capital", "port", "airport", "mountains", "desert",
    ]

    /// A name the tagger took for a person or organisation is a place when a
    /// place noun follows it: "Ukraine's northwestern Kharkiv region".
    static func placesBeforePlaceNouns(_ doc: inout AnalysisDocument) {
        for m in doc.mentions.indices where doc.mentions[m].type == "PER" || doc.mentions[m].type == "ORG" {
            let next = doc.mentions[m].tokens.upperBound
            guard next < doc.tokens.count, doc.tokens[next].sentence == doc.tokens[next - 1].sentence,
                !doc.tokens[next].isCapitalized, placeNouns.contains(doc.tokens[next].text)
            else { continue }
            doc.mentions[m].type = "LOC"
        }
    }

    /// Whether a token has a letter or digit.
    static func isWordy(_ token: String) -> Bool {
        // ASCII first: a letter or digit answers at once; all-ASCII without one is not wordy.
        var ascii = true
        for b in token.utf8 {
            if b >= 0x80 { ascii = false; break }
            if (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b >= 0x30 && b <= 0x39 { return true }
        }
        if ascii { return false }
        return token.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }
}
