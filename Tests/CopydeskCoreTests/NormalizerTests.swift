import Testing
@testable import CopydeskCore

@Suite("Normalizing")
struct NormalizerTests {
    let normalizer = Normalizer()

    func article(headline: String, body: String) -> Article {
        Article(headlines: [.init(value: headline)], bodies: [.init(value: body)])
    }

    @Test("spaces collapse, lines trim, paragraphs are separated by one blank line")
    func whitespace() {
        let text = "  First   line\u{A0}here  \n\n\n\n  Second\tparagraph \n"
        #expect(Normalizer.cleanText(text) == "First line here\n\nSecond paragraph")
    }

    @Test("invisible characters are removed")
    func invisibles() {
        let text = "in\u{200B}vis\u{00AD}ible\u{FEFF} \u{202E}bidi\u{202C} zw\u{200D}j"
        #expect(Normalizer.cleanText(text) == "invisible bidi zwj")
    }

    @Test("text is put in Unicode NFC")
    func nfc() {
        #expect(Normalizer.cleanText("Cafe\u{301} cre\u{300}me").unicodeScalars.count == "Café crème".unicodeScalars.count)
        #expect(Normalizer.cleanText("Cafe\u{301}") == "Caf\u{E9}")
    }

    @Test("the email-protection placeholder is removed in all its spellings", arguments: [
        "Write to [email protected] today", "Write to [email\u{A0}protected] today",
        "Write to [email&#160;protected] today", "Write to [EMAIL PROTECTED] today",
    ])
    func emailProtected(text: String) {
        #expect(Normalizer.cleanText(text) == "Write to today")
    }

    @Test("boilerplate lines are removed by exact text or pattern")
    func boilerplate() throws {
        let rules = try BoilerplateRules(lines: ["Advertisement"], patterns: ["^Follow us on .*$"])
        let normalizer = Normalizer(boilerplate: rules)
        let result = try normalizer.normalize(article(headline: "H", body: "Keep one.\n\nADVERTISEMENT\n\nFollow us on Social\n\nKeep two."))
        #expect(result.article.bodyText == "Keep one.\n\nKeep two.")
    }

    @Test("a pattern that does not compile is a bad_config error")
    func badPattern() {
        do {
            _ = try BoilerplateRules(patterns: ["(unclosed"])
            Issue.record("accepted a bad pattern")
        } catch {
            #expect(error.code == .badConfig)
        }
    }

    @Test("the hashing text is lower-cased, punctuation-folded and whitespace-collapsed")
    func hashingText() {
        let text = Normalizer.hashingText(headline: "Putin’s “No-Limits” Deal!", body: "It's   here.\n\nReally—here.")
        #expect(text == "putins no limits deal its here really here")
    }

    @Test("the same story in different quote styles, spacing and case gets the same id")
    func stableID() throws {
        let a = try normalizer.normalize(article(headline: "Markets “rally”", body: "Stocks rose.\n\nBonds fell."))
        let b = try normalizer.normalize(article(headline: "MARKETS \"RALLY\"", body: "  Stocks   rose.\nBonds fell.  "))
        #expect(a.article.id == b.article.id)
        #expect(a.article.id.count == 32)
        #expect(a.article.uri == "urn:copydesk:" + a.article.id)
        #expect(a.article.altIds.first == .init(role: "sha256", value: a.digest.hex))
    }

    @Test("body counts are recomputed after cleaning")
    func counts() throws {
        let result = try normalizer.normalize(article(headline: "H", body: "one  two\u{200B}\n\n three"))
        #expect(result.article.bodies.first?.wordCount == 3)
        #expect(result.article.bodies.first?.charCount == "one two\n\nthree".unicodeScalars.count)
    }

    @Test("a body that is only boilerplate is refused as no_body")
    func emptyAfterCleaning() {
        do {
            _ = try normalizer.normalize(article(headline: "H", body: "\u{200B}\u{FEFF}  "))
            Issue.record("accepted an empty body")
        } catch {
            #expect(error.code == .noBody)
            #expect(error.stage == "normalize")
        }
    }
}
