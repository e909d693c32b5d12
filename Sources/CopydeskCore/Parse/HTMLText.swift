/// Just enough HTML-to-text for the HTML bodies that JSON producers embed
/// (ninjs `body_html`, `text/html` bodies): block tags become paragraph breaks,
/// other tags vanish, common entities are decoded. Full HTML extraction is a
/// separate stage.
enum HTMLText {
    private static let blockTags: Set<String> = [
        "p", "/p", "br", "br/", "div", "/div", "li", "/li", "h1", "h2", "h3", "h4", "h5", "h6",
        "/h1", "/h2", "/h3", "/h4", "/h5", "/h6", "blockquote", "/blockquote", "tr", "/tr",
    ]
    private static let skippedTags: Set<String> = ["script", "style"]

    /// The text of `html`, paragraphs separated by blank lines.
    static func plainText(_ html: String) -> String {
        var out = ""
        var scalars = html.unicodeScalars[...]
        while let next = scalars.first {
            scalars = scalars.dropFirst()
            if next == "<" {
                guard let close = scalars.firstIndex(of: ">") else { break }
                let tag = String(String.UnicodeScalarView(scalars[..<close]))
                scalars = scalars[scalars.index(after: close)...]
                let name = tag.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).first.map { $0.lowercased() } ?? ""
                if skippedTags.contains(name), let end = findClose(of: name, in: scalars) {
                    scalars = end
                } else if blockTags.contains(name) || blockTags.contains(name.trimmingSlash) {
                    out += "\n\n"
                }
            } else if next == "&" {
                let entity = scalars.prefix(10).firstIndex(of: ";").map { String(String.UnicodeScalarView(scalars[..<$0])) }
                if let entity, let decoded = decodeEntity(entity) {
                    out.unicodeScalars.append(decoded)
                    scalars = scalars.dropFirst(entity.unicodeScalars.count + 1)
                } else {
                    out.unicodeScalars.append(next)
                }
            } else {
                out.unicodeScalars.append(next)
            }
        }
        return out
    }

    private static func findClose(of name: String, in rest: Substring.UnicodeScalarView) -> Substring.UnicodeScalarView? {
        let text = Substring(rest)
        guard let range = text.lowercased().firstRange(of: "</" + name) else { return nil }
        let offset = text.lowercased().distance(from: text.lowercased().startIndex, to: range.upperBound)
        let after = rest.index(rest.startIndex, offsetBy: offset, limitedBy: rest.endIndex) ?? rest.endIndex
        guard let gt = rest[after...].firstIndex(of: ">") else { return rest[rest.endIndex...] }
        return rest[rest.index(after: gt)...]
    }

    private static func decodeEntity(_ name: String) -> Unicode.Scalar? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return "\u{A0}"
        case "mdash": return "\u{2014}"
        case "ndash": return "\u{2013}"
        case "hellip": return "\u{2026}"
        case "lsquo": return "\u{2018}"
        case "rsquo": return "\u{2019}"
        case "ldquo": return "\u{201C}"
        case "rdquo": return "\u{201D}"
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init)
        }
    }
}

extension String {
    fileprivate var trimmingSlash: String { hasSuffix("/") ? String(dropLast()) : self }
}
