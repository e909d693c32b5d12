import CLibXML2

/// Walks a page once and cuts its visible text into blocks (paragraphs,
/// headings, list items, quotes, and loose text directly inside containers),
/// leaving out what is never article text: scripts, navigation, forms, asides,
/// hidden elements, and elements whose class or id says comments, sharing,
/// related links, ads, cookie banners, newsletters and the like.
struct BlockCollector {
    /// A run of text and where it sits.
    struct Block {
        var text: String
        /// Characters of text outside links.
        var length: Int
        /// Characters of text inside links.
        var linkLength: Int
        var commas: Int
        /// The element the block belongs to (a `<p>`'s parent; a loose run's container).
        var container: HTMLNode
        var kind: Kind
        var depth: Int
    }

    enum Kind { case paragraph, heading, title, listItem, quote, preformatted, loose }

    static let dropped: Set<String> = [
        "script", "style", "noscript", "template", "nav", "aside", "footer", "button", "iframe", "svg",
        "canvas", "select", "input", "textarea", "figure", "figcaption", "menu", "dialog", "object", "embed",
        "video", "audio", "header", "label", "option", "head", "picture", "img", "math", "time",
    ]
    static let blocks: [String: Kind] = [
        "p": .paragraph, "h2": .heading, "h3": .heading, "h4": .heading, "h5": .heading, "h6": .heading,
        "h1": .title, "li": .listItem, "blockquote": .quote, "pre": .preformatted, "dd": .paragraph, "dt": .paragraph,
    ]
    static let negative: Set<String> = [
        "comment", "comments", "share", "sharing", "social", "related", "recommended", "recommendations", "promo",
        "promotion", "advert", "advertisement", "ads", "adslot", "sponsor", "sponsored", "cookie", "cookies",
        "consent", "gdpr", "newsletter", "subscribe", "subscription", "signup", "outbrain", "taboola", "trending",
        "popular", "breadcrumb", "breadcrumbs", "sidebar", "footer", "navbar", "nav", "navigation", "menu",
        "popup", "modal", "pagination", "masthead", "toolbar", "disclaimer", "byline", "caption",
        "bio", "tags", "hidden", "hide", "print", "skip", "toc", "readmore", "newsletters", "follow",
        "author", "meta", "dateline", "timestamp", "credit", "credits", "login", "paywall", "banner", "alert",
    ]
    static let positive: Set<String> = ["article", "body", "content", "entry", "main", "post", "story", "text", "blog"]

    /// Whether class/id hints prune elements (a second pass without them
    /// rescues pages whose article sits under a misleading class).
    var useHints = true
    private(set) var out: [Block] = []
    private var buffer = ""
    private var length = 0
    private var linkLength = 0
    private var owner: HTMLNode?
    private var kind: Kind = .loose
    private var depth = 0

    /// Whether the element (and all below it) is left out. (`<form>` is not:
    /// some sites wrap the whole page in one.)
    static func skips(_ node: HTMLNode, hints useHints: Bool = true) -> Bool {
        let name = node.name
        if dropped.contains(name) { return true }
        if node.attribute("hidden") != nil || node.attribute("aria-hidden") == "true" { return true }
        if let style = node.attribute("style")?.lowercased(), style.contains("display:none") || style.contains("display: none") || style.contains("visibility:hidden") {
            return true
        }
        if !useHints || name == "body" || name == "html" || name == "article" || name == "main" { return false }
        var negativeHit = false, positiveHit = false
        for value in [node.attribute("class"), node.attribute("id"), node.attribute("role")] {
            guard let value else { continue }
            forEachHint(value) { t in
                if negative.contains(t) { negativeHit = true }
                if positive.contains(t) { positiveHit = true }
            }
        }
        return negativeHit && !positiveHit
    }

    /// Class/id weight of a container: +25 for article-like hints, −25 for boilerplate-like.
    static func weight(_ node: HTMLNode) -> Double {
        var w = 0.0
        for value in [node.attribute("class"), node.attribute("id")] {
            guard let value else { continue }
            forEachHint(value) { token in
                if positive.contains(token) { w = max(w, 25) }
                if negative.contains(token) { w = min(w, -25) }
            }
        }
        if node.named("article") || node.named("main") { w += 25 }
        if node.attribute("itemprop") == "articleBody" { w += 50 }
        return w
    }

    /// Calls `body` with each run of ASCII letters and digits of `value`, lower-cased.
    static func forEachHint(_ value: String, _ body: (String) -> Void) {
        var token = [UInt8]()
        func emit() {
            if !token.isEmpty, token.count <= 24 { body(String(decoding: token, as: UTF8.self)) }
            token.removeAll(keepingCapacity: true)
        }
        for b in value.utf8 {
            if b >= 0x61 && b <= 0x7A || b >= 0x30 && b <= 0x39 {
                token.append(b)
            } else if b >= 0x41 && b <= 0x5A {
                token.append(b + 32)
            } else {
                emit()
            }
        }
        emit()
    }

    mutating func collect(_ root: HTMLNode) {
        visit(root, inLink: false, depth: 0)
        flush()
    }

    private mutating func visit(_ node: HTMLNode, inLink: Bool, depth: Int) {
        guard depth < 512 else { return }  // libxml2 caps nesting itself; this keeps recursion bounded too
        if node.isText {
            guard let content = node.pointer.pointee.content else { return }
            // Characters counted as UTF-8 lead bytes, straight from libxml2's buffer.
            var count = 0
            var p = content
            while p.pointee != 0 {
                if p.pointee & 0xC0 != 0x80 { count += 1 }
                p += 1
            }
            buffer += String(cString: content)
            if inLink { linkLength += count } else { length += count }
            return
        }
        guard node.isElement, !Self.skips(node, hints: useHints) else { return }
        let name = node.name
        if let blockKind = Self.blocks[name] {
            flush()
            owner = node.parent ?? node
            kind = blockKind
            self.depth = depth
            for child in node.children { visit(child, inLink: inLink, depth: depth + 1) }
            flush()
            owner = node.parent
            kind = .loose
            return
        }
        if name == "br" {
            buffer += "\n"
            return
        }
        let isInline = Self.inline.contains(name)
        if !isInline {
            flush()
        }
        if owner == nil || !isInline {
            owner = node
            kind = .loose
            self.depth = depth
        }
        for child in node.children { visit(child, inLink: inLink || name == "a", depth: depth + 1) }
        if !isInline {
            flush()
            owner = node.parent
            kind = .loose
        }
    }

    static let inline: Set<String> = [
        "a", "span", "b", "strong", "i", "em", "u", "small", "sup", "sub", "mark", "abbr", "cite", "code", "q",
        "s", "del", "ins", "font", "big", "tt", "var", "kbd", "dfn", "bdi", "bdo", "wbr", "data", "nobr",
    ]

    private mutating func flush() {
        defer {
            buffer = ""
            length = 0
            linkLength = 0
        }
        guard let owner, length + linkLength > 0 else { return }
        let text = Self.fold(buffer)
        guard !text.isEmpty else { return }
        out.append(Block(text: text, length: length, linkLength: linkLength,
                         commas: text.reduce(0) { $0 + ($1 == "," ? 1 : 0) }, container: owner, kind: kind, depth: depth))
    }

    /// Whitespace folded to single spaces, trimmed.
    static func fold(_ s: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(s.utf8.count)
        var space = false
        var text = s
        text.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                var white = false
                var width = 1
                if b < 0x80 {
                    white = b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C || b == 0x0B
                } else if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0xA0 {
                    white = true  // no-break space
                    width = 2
                } else if b == 0xE2 || b == 0xE3 || b == 0xE1 {
                    // Unicode spaces (U+2000…U+200A, U+2028/9, U+202F, U+205F, U+3000, U+1680): decode to check.
                    let scalarWidth = b >= 0xE0 ? 3 : 2
                    if i + scalarWidth <= bytes.count,
                        let scalar = String(decoding: bytes[i..<(i + scalarWidth)], as: UTF8.self).unicodeScalars.first,
                        scalar.properties.isWhitespace
                    {
                        white = true
                        width = scalarWidth
                    }
                }
                if white {
                    space = !out.isEmpty
                    i += width
                } else {
                    if space { out.append(0x20) }
                    space = false
                    out.append(b)
                    i += 1
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
