import Dispatch
import Synchronization

/// Tags CoNLL-2003 column text: every input line comes out with one more
/// column, the predicted IOB2 tag; blank and `-DOCSTART-` lines are kept as
/// they are, so conlleval-style scorers read the output directly.
///
/// Lines are read and written as bytes (a line is echoed as it came, `\r`
/// aside), and documents are tagged on every core: the model is thread-safe
/// and a document's tags depend on that document alone, so the output is the
/// same whatever the number of threads.
public struct CoNLLAnnotator: Sendable {
    /// The tagger.
    public let model: EntityModel

    /// Makes an annotator.
    public init(model: EntityModel) {
        self.model = model
    }

    /// The annotated text, one output line per input line.
    public func annotate(_ text: String) -> String {
        String(decoding: annotate(bytes: Array(text.utf8)), as: UTF8.self)
    }

    /// One input line: where it is, and what it is.
    private struct LineRef {
        var start: Int
        var end: Int
        /// -1 blank, -2 `-DOCSTART-`, else the token's index in its document.
        var kind: Int
        var document: Int
    }

    /// The annotated bytes of UTF-8 CoNLL text.
    public func annotate(bytes: [UInt8]) -> [UInt8] {
        var lines: [LineRef] = []
        lines.reserveCapacity(bytes.count / 12)
        var documents: [[[String]]] = []
        var sentences: [[String]] = []
        var sentence: [String] = []
        var tokensInDocument = 0
        func endDocument() {
            if !sentence.isEmpty { sentences.append(sentence); sentence = [] }
            if !sentences.isEmpty { documents.append(sentences); sentences = [] }
            tokensInDocument = 0
        }
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            let n = b.count
            while i < n {
                var end = i
                while end < n, b[end] != 0x0A { end += 1 }
                let next = end + 1
                if end > i, b[end - 1] == 0x0D { end -= 1 }
                var w = i
                while w < end, b[w] == 0x20 || b[w] == 0x09 { w += 1 }
                var wEnd = w
                while wEnd < end, b[wEnd] != 0x20, b[wEnd] != 0x09 { wEnd += 1 }
                if w == wEnd {
                    if !sentence.isEmpty { sentences.append(sentence); sentence = [] }
                    lines.append(LineRef(start: i, end: end, kind: -1, document: 0))
                } else if wEnd - w == 10, String(decoding: UnsafeBufferPointer(rebasing: b[w..<wEnd]), as: UTF8.self) == "-DOCSTART-" {
                    endDocument()
                    lines.append(LineRef(start: i, end: end, kind: -2, document: 0))
                } else {
                    lines.append(LineRef(start: i, end: end, kind: tokensInDocument, document: documents.count))
                    sentence.append(String(decoding: UnsafeBufferPointer(rebasing: b[w..<wEnd]), as: UTF8.self))
                    tokensInDocument += 1
                }
                i = next
            }
        }
        endDocument()

        // Each document's tags, flattened, tagged on every core.
        let tags = Mutex<[[String]]>([[String]](repeating: [], count: documents.count))
        let model = self.model
        let docs = documents
        let chunks = min(docs.count, 64)
        if chunks > 0 {
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                var mine: [(Int, [String])] = []
                var d = c
                while d < docs.count {
                    mine.append((d, model.tags(docs[d]).flatMap { $0 }))
                    d += chunks
                }
                tags.withLock { all in for (d, t) in mine { all[d] = t } }
            }
        }
        let all = tags.withLock { $0 }

        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 3)
        for line in lines {
            switch line.kind {
            case -1: break
            case -2: out.append(contentsOf: bytes[line.start..<line.end])
            default:
                out.append(contentsOf: bytes[line.start..<line.end])
                out.append(0x20)
                out.append(contentsOf: all[line.document][line.kind].utf8)
            }
            out.append(0x0A)
        }
        return out
    }
}
