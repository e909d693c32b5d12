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

    private func removeBoilerplate(_ body: String) -> String {
        guard !boilerplate.isEmpty else { return body }
        return body.split(separator: "\n\n").map(String.init).filter { !boilerplate.matches($0) }.joined(separator: "\n\n")
    }

    private static func cleanField(_ value: String) -> String? {
        let clean = cleanText(value, singleLine: true)
        return clean.isEmpty ? nil : clean
    }
}
