/// Tags CoNLL-2003 column text: every input line comes out with one more
/// column, the predicted IOB2 tag; blank and `-DOCSTART-` lines are kept as
/// they are, so conlleval-style scorers read the output directly.
public struct CoNLLAnnotator: Sendable {
    /// The tagger.
    public let model: EntityModel

    /// Makes an annotator.
    public init(model: EntityModel) {
        self.model = model
    }

    /// The annotated text, one output line per input line.
    public func annotate(_ text: String) -> String {
        let (documents, items) = CoNLLReader.read(text)
        let tags = documents.map { model.tags($0.words) }
        var out = ""
        out.reserveCapacity(text.utf8.count + text.utf8.count / 4)
        for item in items {
            switch item {
            case .docStart(let line): out += line
            case .blank: break
            case .token(let d, let s, let i): out += documents[d].sentences[s][i].raw + " " + tags[d][s][i]
            }
            out += "\n"
        }
        return out
    }
}
