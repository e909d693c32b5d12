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

    /// Makes an analyzer over `model`.
    public init(model: EntityModel) {
        self.model = model
    }

    /// Analyses one article.
    public func analyze(_ article: ArticleText) -> ArticleAnalysis {
        var blocks: [String] = []
        var headlineBlock: Int?
        if let headline = article.headline, !headline.isEmpty {
            headlineBlock = 0
            blocks.append(headline)
        }
        if let summary = article.summary, !summary.isEmpty { blocks.append(summary) }
        blocks.append(contentsOf: article.paragraphs)
        var doc = AnalysisDocument(blocks: blocks, headlineBlock: headlineBlock, tokenizer: tokenizer, splitter: splitter)

        let spans = model.spans(doc.sentenceWords)
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
        PersonRoles.apply(&doc)
        doc.indexMentions()
        var result = ArticleAnalysis()
        result.tokens = doc.tokens.count
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

        for (b, text) in blocks.enumerated() where b != headlineBlock {
            result.money += moneyRule.mentions(in: text)
            result.percentages += percentRule.mentions(in: text)
            // "today" inside a quote is the speaker's "nowadays", not a date.
            let quoted = quotes.quotedBytes(block: b)
            result.dates += dateRule.mentions(in: text, reference: article.reference).filter { date in
                !(date.kind == "relative" && quoted.contains { $0.contains(date.start) })
            }
        }
        return result
    }

    /// Whether a token has a letter or digit.
    static func isWordy(_ token: String) -> Bool {
        token.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }
}
