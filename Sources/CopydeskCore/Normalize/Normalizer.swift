#if canImport(Glibc)
import Glibc  // memchr
#endif

/// The normalize stage's logic: puts a parsed article's text in house form and
/// computes its content hash and id.
///
/// Pure and `Sendable`: the pipeline calls ``normalize(_:)`` from any worker thread.
public struct Normalizer: Sendable {
    /// The stage name errors are reported under.
    public static let stage = "normalize"

    /// Body paragraphs to remove.
    public var boilerplate: BoilerplateRules

    /// Makes a normalizer with the pipeline's boilerplate rules.
    public init(boilerplate: BoilerplateRules = .none) {
        self.boilerplate = boilerplate
    }

    /// Cleans every text field, removes boilerplate paragraphs, recounts the
    /// body and sets `id`, `uri` and the `sha256` alt id from the hashing text.
    ///
    /// - Throws: `no_headline` or `no_body` when cleaning leaves the field empty
    ///   (an article that was all boilerplate or invisible characters).
    public func normalize(_ input: Article) throws(StageError) -> NormalizedArticle {
        var article = input
        article.headlines = article.headlines.compactMap { headline in
            let value = Self.cleanText(headline.value, singleLine: true)
            return value.isEmpty ? nil : Article.Headline(role: headline.role, value: value)
        }
        article.descriptions = article.descriptions.compactMap { description in
            let value = Self.cleanText(description.value, singleLine: true)
            return value.isEmpty ? nil : Article.Description(role: description.role, value: value)
        }
        article.bodies = article.bodies.compactMap { body in
            let value = removeBoilerplate(Self.cleanText(body.value))
            return value.isEmpty ? nil : Article.Body(role: body.role, contentType: body.contentType, value: value)
        }
        article.by = article.by.flatMap(Self.cleanField)
        article.located = article.located.flatMap(Self.cleanField)
        article.slugline = article.slugline.flatMap(Self.cleanField)

        guard let headline = article.headline else {
            throw StageError(.noHeadline, stage: Self.stage, "The headline is empty once invisible characters and spacing are removed.")
        }
        guard let body = article.bodyText else {
            throw StageError(.noBody, stage: Self.stage, "The body is empty once boilerplate, invisible characters and spacing are removed.")
        }
        let hashingText = Self.hashingText(headline: headline, body: body)
        let digest = ContentHash.digest(hashingText: hashingText)
        article.id = String(digest.hex.prefix(ContentHash.idLength))
        article.uri = ContentHash.uri(forID: article.id)
        article.altIds.removeAll { $0.role == "sha256" }
        article.altIds.insert(Article.AltID(role: "sha256", value: digest.hex), at: 0)
        return NormalizedArticle(article: article, hashingText: hashingText, digest: digest)
    }

    /// `body` without its boilerplate paragraphs.
    ///
    /// `body` is ``cleanText(_:singleLine:)`` output, so paragraphs are separated
    /// by exactly `\n\n` and a line feed is never part of a grapheme cluster:
    /// splitting the UTF-8 is the same as splitting the characters, without
    /// grapheme breaking (which cost ~100 µs an article).
    private func removeBoilerplate(_ body: String) -> String {
        guard !boilerplate.isEmpty else { return body }
        var body = body
        let kept: [UInt8]? = body.withUTF8 { bytes in
            var kept: [UInt8] = []
            kept.reserveCapacity(bytes.count)
            var removedAny = false
            var start = 0
            while start < bytes.count {
                let end = Self.paragraphEnd(bytes, from: start)
                let paragraph = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if paragraph.isEmpty {
                    // Never produced by cleanText; dropped as `split` would.
                    removedAny = true
                } else if boilerplate.matches(utf8: paragraph) {
                    removedAny = true
                } else {
                    if !kept.isEmpty { kept.append(contentsOf: [0x0A, 0x0A]) }
                    kept.append(contentsOf: paragraph)
                }
                start = end + 2
            }
            return removedAny ? kept : nil
        }
        guard let kept else { return body }
        return String(decoding: kept, as: UTF8.self)
    }

    /// The index of the next `\n\n` at or after `start`, or the end of `bytes`.
    static func paragraphEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return bytes.count }
        var from = start
        while from < bytes.count, let hit = memchr(base + from, 0x0A, bytes.count - from) {
            let index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if index + 1 < bytes.count && bytes[index + 1] == 0x0A { return index }
            from = index + 1
        }
        return bytes.count
    }

    private static func cleanField(_ value: String) -> String? {
        let clean = cleanText(value, singleLine: true)
        return clean.isEmpty ? nil : clean
    }
}
