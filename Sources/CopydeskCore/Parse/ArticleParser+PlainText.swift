extension ArticleParser {
    /// Parses decoded plain text in the scraped wire shape or the BBC shape.
    ///
    /// Wire shape: a section breadcrumb ending in ` /` (→ `slugline`), the headline,
    /// a standfirst (→ `descriptions`), the headline again (dropped), the body, an
    /// editorial footer (dropped). BBC shape: the headline, a blank line, then
    /// paragraphs; the first paragraph is the standfirst and stays in the body.
    /// In both, byline and date paragraphs near the top and a dateline opening
    /// the body are taken out into their fields.
    ///
    /// - Throws: `empty` without any text, `no_body` when nothing follows the headline.
    public func parseText(_ text: String) throws(StageError) -> Article {
        var paragraphs = Self.paragraphs(of: text)
        var article = Article(language: nil)
        guard !paragraphs.isEmpty else {
            throw StageError(.empty, stage: Self.stage, "The file holds no text.")
        }
        if let slug = Self.breadcrumb(paragraphs[0]) {
            article.slugline = slug
            paragraphs.removeFirst()
        }
        guard !paragraphs.isEmpty else {
            throw StageError(.noBody, stage: Self.stage, "The file holds only a section line, no headline or body.")
        }
        let headline = paragraphs.removeFirst()
        article.headlines = [Article.Headline(value: headline)]
        takeMetadata(from: &paragraphs, into: &article)

        // The scraped page repeats the headline above the body; what sits between is the standfirst.
        let headlineKey = headline.comparisonKey
        let headlineLength = headline.utf8.count
        let isRepeat = { (paragraph: String) -> Bool in
            // Only paragraphs of about the headline's length can be the headline again.
            abs(paragraph.utf8.count - headlineLength) <= headlineLength / 4 + 8 && paragraph.comparisonKey == headlineKey
        }
        if let repeatIndex = paragraphs.prefix(4).firstIndex(where: isRepeat) {
            let standfirst = paragraphs[..<repeatIndex].joined(separator: " ")
            if !standfirst.isEmpty { article.descriptions = [Article.Description(value: standfirst)] }
            paragraphs.removeSubrange(...repeatIndex)
            takeMetadata(from: &paragraphs, into: &article)
        } else if let first = paragraphs.first, first.utf8.count >= 40 {
            article.descriptions = [Article.Description(value: first)]
        }

        // Footer lines close the page; never let them eat the whole body.
        while paragraphs.count > 1, let last = paragraphs.last, EditorialFooter.matches(last) {
            paragraphs.removeLast()
        }
        if let first = paragraphs.first, let dateline = Dateline.parse(first) {
            apply(dateline, to: &article)
            paragraphs[0] = dateline.remainder
        }
        guard !paragraphs.isEmpty else {
            throw StageError(.noBody, stage: Self.stage, "The article has a headline (\"\(headline.prefix(80))\") but no body text.")
        }
        article.bodies = [Article.Body(value: paragraphs.joined(separator: "\n\n"))]
        return article
    }

    /// Takes byline and date paragraphs from the top of `paragraphs` into `article`.
    func takeMetadata(from paragraphs: inout [String], into article: inout Article) {
        while let first = paragraphs.first, first.utf8.count <= 120 {
            if article.by == nil, let by = Byline.parse(first) {
                article.by = by
            } else if let date = NewsDate.parse(first) {
                let role = first.lowercased().hasPrefix("updated") || first.lowercased().hasPrefix("last updated") ? "updated" : "published"
                article.copydesk.dates.append(.init(text: first, value: date.iso, role: role))
                if role == "published" || article.contentCreated == nil, let iso = date.iso {
                    article.contentCreated = iso
                }
            } else {
                return
            }
            paragraphs.removeFirst()
        }
    }

    func apply(_ dateline: Dateline, to article: inout Article) {
        if article.located == nil { article.located = dateline.place }
        if let agency = dateline.agency, !article.infoSources.contains(where: { $0.name == agency }) {
            article.infoSources.append(.init(name: agency, role: "originfeed"))
        }
        if let text = dateline.dateText {
            article.copydesk.dates.append(.init(text: text, value: dateline.date?.iso, role: "dateline"))
            if article.contentCreated == nil, let iso = dateline.date?.iso { article.contentCreated = iso }
        }
    }

    /// `World News /` or `News / World /` → `World News`, `News / World`.
    static func breadcrumb(_ line: String) -> String? {
        guard line.hasSuffix("/"), line.utf8.count <= 100 else { return nil }
        let parts = line.split(separator: "/").map { $0.trimmedText }.filter { !$0.isEmpty }
        guard !parts.isEmpty, parts.allSatisfy({ $0.split(separator: " ").count <= 5 && !$0.contains(".") }) else { return nil }
        return parts.joined(separator: " / ")
    }

    /// Splits text into trimmed paragraphs.
    ///
    /// Blank lines separate paragraphs. With `headlineFirst`, the first line is
    /// always its own paragraph (the headline). Inside a block, lines are joined when they look
    /// hard-wrapped (long, not ending a sentence), and kept apart otherwise, so
    /// one-paragraph-per-line files work too.
    static func paragraphs(of text: String, headlineFirst: Bool = true) -> [String] {
        var result: [String] = []
        var block: [String] = []
        func flush() {
            defer { block.removeAll(keepingCapacity: true) }
            guard !block.isEmpty else { return }
            var current = block[0]
            for line in block.dropFirst() {
                if isWrapped(current) {
                    current += " " + line
                } else {
                    result.append(current)
                    current = line
                }
            }
            result.append(current)
        }
        var text = text
        text.withUTF8 { bytes in
            var lineStart = 0
            while lineStart <= bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                let range = UTF8Whitespace.trimmedRange(UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd]))
                if range.isEmpty {
                    flush()
                } else {
                    let line = String(decoding: UnsafeBufferPointer(rebasing: bytes[(lineStart + range.lowerBound)..<(lineStart + range.upperBound)]), as: UTF8.self)
                    if headlineFirst && result.isEmpty && block.isEmpty {
                        result.append(line)
                    } else {
                        block.append(line)
                    }
                }
                lineStart = lineEnd + 1
            }
        }
        flush()
        return result
    }

    private static func isWrapped(_ text: String) -> Bool {
        guard text.utf8.count >= 40, let last = text.unicodeScalars.last else { return false }
        return !".!?:\"”’)]".unicodeScalars.contains(last)
    }
}
