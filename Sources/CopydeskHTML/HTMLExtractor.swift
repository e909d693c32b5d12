/// Takes the article out of a web page: metadata from JSON-LD, OpenGraph and
/// meta tags; the text by scoring containers on their paragraphs (text length,
/// commas, link density, class/id hints), keeping the best container and those
/// of its siblings that score well, in page order.
///
/// Pure and `Sendable`: every call parses its own document.
public struct HTMLExtractor: Sendable {
    /// Pages larger than this are not parsed (the parse stage quarantines them).
    public var maximumBytes: Int

    /// Makes an extractor.
    public init(maximumBytes: Int = 16 << 20) {
        self.maximumBytes = maximumBytes
    }

    /// Parses `bytes` only (for measuring libxml2's share); true when a document was made.
    public func parseOnly(_ bytes: [UInt8]) -> Bool {
        HTMLDocument(bytes: HTMLPrefilter.strip(bytes)) != nil
    }

    /// The article in `bytes`, or nil when no document could be made of them.
    public func extract(_ bytes: [UInt8], url: String? = nil) -> ExtractedPage? {
        guard bytes.count <= maximumBytes, let document = HTMLDocument(bytes: HTMLPrefilter.strip(bytes), url: url), let root = document.root else { return nil }
        var page = HTMLMetadata.read(root)
        var collector = BlockCollector()
        collector.collect(root)
        page.paragraphs = Self.select(collector.out)
        if page.paragraphs.reduce(0, { $0 + $1.count }) < 500 {
            // Too little: the article may sit under a class that reads like boilerplate.
            var again = BlockCollector()
            again.useHints = false
            again.collect(root)
            let second = Self.select(again.out)
            let firstLength = page.paragraphs.reduce(0, { $0 + $1.count }), secondLength = second.reduce(0, { $0 + $1.count })
            if secondLength >= max(500, 2 * firstLength) {
                page.paragraphs = second
                collector = again
            }
        }
        // Pages that render their text with script, or hide it behind a
        // paywall, may carry it whole in JSON-LD: use it when the page text
        // found holds little of it.
        if let structured = page.structuredBody, structured.count >= 300 {
            var overlap = ShingleScore()
            let found = overlap.add(truth: structured, predicted: page.bodyText)
            if found.recall < 0.5 {
                page.paragraphs = structured.split(whereSeparator: \.isNewline).map { BlockCollector.fold(String($0)) }.filter { !$0.isEmpty }
            }
        }
        if page.headline == nil {
            page.headline = collector.out.first(where: { $0.kind == .title })?.text ?? page.title
        }
        return page
    }

    /// The article's blocks.
    static func select(_ blocks: [BlockCollector.Block]) -> [String] {
        // Score containers by the paragraphs in them (readability's scheme).
        var scores: [HTMLNode: Double] = [:]
        var text: [HTMLNode: (length: Int, links: Int)] = [:]
        for block in blocks {
            var node: HTMLNode? = block.container
            var level = 0
            while let n = node, level < 8 {
                text[n, default: (0, 0)].length += block.length
                text[n, default: (0, 0)].links += block.linkLength
                node = n.parent
                level += 1
            }
            guard block.length >= 25, block.kind != .title, block.kind != .heading else { continue }
            let density = Double(block.linkLength) / Double(max(1, block.length + block.linkLength))
            guard density < 0.5 else { continue }
            let score = 1 + Double(block.commas) + min(Double(block.length) / 100, 3)
            node = block.container
            level = 0
            while let n = node, level < 3 {
                if scores[n] == nil { scores[n] = BlockCollector.weight(n) }
                scores[n]! += score / Double(level == 0 ? 1 : level * 2)
                node = n.parent
                level += 1
            }
        }
        guard !scores.isEmpty else { return blocks.filter { $0.kind != .title && $0.length >= 25 }.map(\.text) }
        var best: HTMLNode?
        var bestScore = -Double.infinity
        for (node, score) in scores {
            let t = text[node] ?? (0, 0)
            let adjusted = score * (1 - Double(t.links) / Double(max(1, t.length + t.links)))
            if adjusted > bestScore {
                bestScore = adjusted
                best = node
            }
        }
        guard let top = best else { return [] }
        // The chosen container, and siblings that score well or hold a real paragraph.
        var chosen: Set<HTMLNode> = [top]
        if let parent = top.parent {
            for sibling in parent.children where sibling.isElement && sibling != top {
                if let s = scores[sibling], s >= max(10, bestScore * 0.2) { chosen.insert(sibling) }
            }
        }
        var out: [String] = []
        for block in blocks where block.kind != .title {
            var node: HTMLNode? = block.container
            var inside = false
            var level = 0
            while let n = node, level < 64 {
                if chosen.contains(n) {
                    inside = true
                    break
                }
                node = n.parent
                level += 1
            }
            guard inside else { continue }
            let total = block.length + block.linkLength
            let density = Double(block.linkLength) / Double(max(1, total))
            if density > 0.5 && block.kind != .heading { continue }
            if block.kind == .loose && total < 20 { continue }
            out.append(block.text)
        }
        return out
    }
}
