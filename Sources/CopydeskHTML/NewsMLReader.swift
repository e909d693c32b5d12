import CLibXML2

/// Reads NewsML-G2 (`newsItem`, or a `newsMessage` of several) with libxml2's
/// XML parser: no network, no DTD loading, no entity substitution (so no
/// entity expansion), libxml2's own depth and size limits.
public struct NewsMLReader: Sendable {
    /// Makes a reader.
    public init() {}

    /// Whether `bytes` look like NewsML-G2: XML whose first 4 KB mention `newsItem`.
    public static func looksLikeNewsML(_ bytes: [UInt8]) -> Bool {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[start]) { start += 1 }
        guard start < bytes.count, bytes[start] == UInt8(ascii: "<") else { return false }
        let head = String(decoding: bytes[start..<min(bytes.count, start + 4096)], as: UTF8.self)
        return head.contains("<newsItem") || head.contains(":newsItem") || head.contains("<newsMessage") || head.contains(":newsMessage")
    }

    /// The items of a NewsML-G2 document; nil when it is not well-formed XML.
    public func read(_ bytes: [UInt8]) -> [NewsMLItem]? {
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else { return nil }
        LibXML2.silence()
        let options = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { xmlReadMemory($0, Int32(buffer.count), nil, nil, options) }
        }
        guard let doc = parsed else { return nil }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc).map(HTMLNode.init) else { return nil }
        var items: [NewsMLItem] = []
        func find(_ node: HTMLNode, depth: Int) {
            guard depth < 16, node.isElement else { return }
            if node.name == "newsItem" {
                items.append(item(node))
                return
            }
            for child in node.children { find(child, depth: depth + 1) }
        }
        find(root, depth: 0)
        return items
    }

    private func item(_ node: HTMLNode) -> NewsMLItem {
        var item = NewsMLItem()
        item.guid = node.attribute("guid")
        item.version = node.attribute("version")
        item.language = node.attribute("lang")
        for section in node.children where section.isElement {
            switch section.name {
            case "itemMeta":
                for field in section.children where field.isElement {
                    switch field.name {
                    case "versionCreated": item.versionCreated = text(field)
                    case "firstCreated": item.contentCreated = item.contentCreated ?? text(field)
                    default: break
                    }
                }
            case "contentMeta":
                contentMeta(section, into: &item)
            case "contentSet":
                item.paragraphs = body(section)
            default:
                break
            }
        }
        return item
    }

    private func contentMeta(_ meta: HTMLNode, into item: inout NewsMLItem) {
        var creators: [String] = []
        for field in meta.children where field.isElement {
            switch field.name {
            case "contentCreated": item.contentCreated = text(field)
            case "headline": item.headline = item.headline ?? text(field)
            case "description":
                let role = field.attribute("role") ?? ""
                if item.description == nil || role.hasSuffix("summary") { item.description = text(field) }
            case "by": item.by = text(field)
            case "creator": if let name = name(field) { creators.append(name) }
            case "located": item.located = name(field)
            case "dateline": item.dateline = text(field)
            case "slugline": item.slugline = text(field)
            case "infoSource": if let name = name(field) { item.infoSources.append((name, field.attribute("role"))) }
            case "subject": item.subjects.append((name(field), field.attribute("qcode") ?? field.attribute("uri")))
            case "language": item.language = field.attribute("tag") ?? item.language
            default: break
            }
        }
        if item.by == nil, !creators.isEmpty { item.by = creators.joined(separator: ", ") }
    }

    /// A concept's `<name>`, else its `@literal`.
    private func name(_ node: HTMLNode) -> String? {
        for child in node.children where child.isElement && child.name == "name" {
            if let t = text(child) { return t }
        }
        return node.attribute("literal").map(BlockCollector.fold).flatMap { $0.isEmpty ? nil : $0 }
    }

    private func text(_ node: HTMLNode) -> String? {
        let t = BlockCollector.fold(node.textContent)
        return t.isEmpty ? nil : t
    }

    /// Paragraphs of the first text content: `inlineXML` (NITF, XHTML) or `inlineData`.
    private func body(_ set: HTMLNode) -> [String] {
        for content in set.children where content.isElement {
            if content.name == "inlineXML" {
                var out: [String] = []
                func walk(_ node: HTMLNode, depth: Int) {
                    guard depth < 64, node.isElement else { return }
                    switch node.name {
                    case "p", "h1", "h2", "h3", "h4", "li", "blockquote", "pre", "hl2":
                        if let t = text(node) { out.append(t) }
                    case "head", "body.head", "docdata", "title", "script", "style":
                        return
                    default:
                        for child in node.children { walk(child, depth: depth + 1) }
                    }
                }
                for child in content.children { walk(child, depth: 0) }
                if !out.isEmpty { return out }
            } else if content.name == "inlineData" {
                let raw = content.textContent
                let out = raw.components(separatedBy: "\n\n").map(BlockCollector.fold).filter { !$0.isEmpty }
                if !out.isEmpty { return out }
            }
        }
        return []
    }
}

extension String {
    fileprivate func components(separatedBy separator: String) -> [String] {
        var out: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            out.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        out.append(String(rest))
        return out
    }
}
