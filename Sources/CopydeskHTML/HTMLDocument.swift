import CLibXML2

/// A page parsed by libxml2's HTML parser: tolerant of broken markup (it
/// recovers), never touches the network, and finds the encoding itself from a
/// byte-order mark or a `<meta charset>` / `http-equiv` declaration.
///
/// Owns the C tree; used inside one call on one thread, never shared.
final class HTMLDocument {
    let doc: htmlDocPtr

    /// Parses `bytes`; nil when libxml2 cannot make a document at all.
    init?(bytes: [UInt8], url: String? = nil) {
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else { return nil }
        LibXML2.silence()
        let options = Int32(bitPattern: HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                htmlReadMemory(chars, Int32(buffer.count), url, nil, options)
            }
        }
        guard let parsed else { return nil }
        doc = parsed
    }

    deinit {
        xmlFreeDoc(doc)
    }

    /// The `<html>` element.
    var root: HTMLNode? { xmlDocGetRootElement(doc).map(HTMLNode.init) }
}

/// A node of an ``HTMLDocument`` (valid while the document lives).
struct HTMLNode: Hashable {
    let pointer: xmlNodePtr

    init(_ pointer: xmlNodePtr) {
        self.pointer = pointer
    }

    var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }
    var isText: Bool { pointer.pointee.type == XML_TEXT_NODE || pointer.pointee.type == XML_CDATA_SECTION_NODE }

    /// The element's name, lower-case (libxml2's HTML parser lower-cases them).
    var name: String {
        guard let name = pointer.pointee.name else { return "" }
        return String(cString: name)
    }

    /// Whether the element's name is `name` (ASCII, lower-case), without making a String.
    func named(_ name: StaticString) -> Bool {
        guard let own = pointer.pointee.name else { return false }
        return strcmp(own, name.utf8Start) == 0
    }

    /// A text node's text.
    var text: String {
        guard let content = pointer.pointee.content else { return "" }
        return String(cString: content)
    }

    var parent: HTMLNode? {
        guard let p = pointer.pointee.parent, p.pointee.type == XML_ELEMENT_NODE else { return nil }
        return HTMLNode(p)
    }

    /// The child nodes, in order.
    var children: HTMLChildren { HTMLChildren(first: pointer.pointee.children) }

    /// The value of attribute `name` (lower-case), if present.
    func attribute(_ name: StaticString) -> String? {
        var attr = pointer.pointee.properties
        while let a = attr {
            if let n = a.pointee.name, strcmp(n, name.utf8Start) == 0 {
                guard let value = a.pointee.children?.pointee.content else { return "" }
                return String(cString: value)
            }
            attr = a.pointee.next
        }
        return nil
    }

    /// All text below the node, as written (no whitespace folding); scripts
    /// and styles below it are left out, but a script's own text is its content.
    var textContent: String {
        var out = ""
        // Depth-bounded: a hostile page must not exhaust the stack.
        func walk(_ node: HTMLNode, depth: Int) {
            guard depth < 256 else { return }
            if node.isText {
                out += node.text
            } else if node.isElement, !node.named("script"), !node.named("style") {
                for child in node.children { walk(child, depth: depth + 1) }
            }
        }
        for child in children { walk(child, depth: 0) }
        return out
    }
}

/// The children of a node, as a sequence.
struct HTMLChildren: Sequence {
    let first: xmlNodePtr?

    func makeIterator() -> AnyIterator<HTMLNode> {
        var next = first
        return AnyIterator {
            guard let node = next else { return nil }
            next = node.pointee.next
            return HTMLNode(node)
        }
    }
}

extension StaticString {
    fileprivate var cString: UnsafePointer<CChar> { UnsafeRawPointer(utf8Start).assumingMemoryBound(to: CChar.self) }
}

private func strcmp(_ a: UnsafePointer<xmlChar>, _ b: UnsafePointer<UInt8>) -> Int32 {
    var i = 0
    while true {
        let x = a[i], y = b[i]
        if x != y { return Int32(x) - Int32(y) }
        if x == 0 { return 0 }
        i += 1
    }
}

/// libxml2's process-wide settings.
enum LibXML2 {
    /// Stops libxml2 from printing parse and encoding errors to stderr (a bad
    /// page would fill the daemon's journal); the caller turns failures into
    /// quarantine reasons instead. libxml2 keeps this per thread, so it is set
    /// before every parse on the calling thread.
    static func silence() {
        xmlSetStructuredErrorFunc(nil) { _, _ in }
    }
}
