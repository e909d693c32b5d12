/// A document of CoNLL-2003 text: sentences of tokens, each with its gold tag
/// when the file has one, and every input line kept so output can echo it.
public struct CoNLLDocument: Sendable {
    /// One token line: the word and the line's columns.
    public struct Line: Sendable {
        /// The word (first column).
        public var word: String
        /// The whole line as read (without the newline).
        public var raw: String
        /// The last column when there are at least two (the gold NER tag).
        public var gold: String?
    }

    /// The document's sentences, each a list of token lines.
    public var sentences: [[Line]]

    /// Makes a document.
    public init(sentences: [[Line]]) {
        self.sentences = sentences
    }

    /// The words of every sentence.
    public var words: [[String]] { sentences.map { $0.map(\.word) } }
    /// The gold tags of every sentence (`O` where a line has none).
    public var goldTags: [[String]] { sentences.map { $0.map { $0.gold ?? "O" } } }
    /// How many tokens the document has.
    public var tokenCount: Int { sentences.reduce(0) { $0 + $1.count } }
}

/// Reads CoNLL-2003 column text: one token per line (`word POS chunk TAG`),
/// blank lines between sentences, `-DOCSTART-` lines between documents.
public enum CoNLLReader {
    /// An input line as the reader saw it, so a writer can reproduce the file.
    public enum Item: Sendable {
        /// A `-DOCSTART-` line, kept as written.
        case docStart(String)
        /// A blank line.
        case blank
        /// A token line: document index, sentence index, token index.
        case token(document: Int, sentence: Int, index: Int)
    }

    /// The documents in `text` and the sequence of its lines.
    public static func read(_ text: String) -> (documents: [CoNLLDocument], items: [Item]) {
        var documents: [CoNLLDocument] = []
        var items: [Item] = []
        var sentences: [[CoNLLDocument.Line]] = []
        var sentence: [CoNLLDocument.Line] = []
        func endSentence() {
            if !sentence.isEmpty { sentences.append(sentence); sentence = [] }
        }
        func endDocument() {
            endSentence()
            if !sentences.isEmpty { documents.append(CoNLLDocument(sentences: sentences)); sentences = [] }
        }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let columns = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if columns.isEmpty {
                endSentence()
                items.append(.blank)
            } else if columns[0] == "-DOCSTART-" {
                endDocument()
                items.append(.docStart(String(line)))
            } else {
                let gold = columns.count >= 2 ? String(columns[columns.count - 1]) : nil
                items.append(.token(document: documents.count, sentence: sentences.count, index: sentence.count))
                sentence.append(.init(word: String(columns[0]), raw: String(line), gold: gold))
            }
        }
        endDocument()
        // A file that ends with a newline yields one empty "line" after it.
        if case .blank? = items.last, text.hasSuffix("\n") { items.removeLast() }
        return (documents, items)
    }
}
