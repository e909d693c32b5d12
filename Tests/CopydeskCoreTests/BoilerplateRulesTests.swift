import Testing
@testable import CopydeskCore

@Suite("Boilerplate rules")
struct BoilerplateRulesTests {
    @Test("a pattern is tried only at the start when every match must begin there", arguments: [
        ("^Follow us on .*$", true),
        ("^(Follow|Like) us on (Twitter|X)\\.?$", true),
        ("^Sign up (for|to) our [A-Za-z ]{0,40}newsletters?\\.?$", true),
        ("^[|]x", true),
        ("^[]|]x", true),
        ("^[^]|]x", true),
        ("^\\|x", true),
        ("^a|b", false),
        ("^(a)|(b)", false),
        ("^*a", false),
        ("^?a", false),
        ("a^", false),
        ("Follow us", false),
        ("^\\Qa|b\\E", false),
        ("^a)|(b", false),
    ])
    func anchoredAtStart(pattern: String, anchored: Bool) {
        #expect(CompiledPattern.isAnchoredAtStart(pattern) == anchored)
    }

    static let rules = try! BoilerplateRules(
        lines: ["Advertisement", "Share this article", "k", "i\u{307}x"],
        patterns: ["^(Follow|Like) us on (Twitter|X|Facebook)\\.?$", "^a|newsletter"])

    @Test("the UTF-8 fast path decides as the String path does", arguments: [
        "Advertisement", "ADVERTISEMENT", "advertisement.", "Share this article", "SHARE THIS ARTICLE",
        "\u{212A}",  // KELVIN SIGN lower-cases to "k": three bytes become one
        "\u{130}X",  // İ lower-cases to "i̇": two bytes become three
        "Follow us on X.", "Follow us on X", "Please Follow us on X", "Like us on Facebook",
        "Sign up to our newsletter", "a leading a", "b",
        "Café prices rose — Advertisement", "An ordinary paragraph of article text that is long.",
    ])
    func fastPathAgrees(paragraph: String) {
        var text = paragraph
        let fast = text.withUTF8 { Self.rules.matches(utf8: $0) }
        #expect(fast == Self.rules.matches(paragraph))
    }

    @Test("removing boilerplate keeps the other paragraphs and their order exactly", arguments: [
        "Keep one.\n\nAdvertisement\n\nKeep two.",
        "Advertisement\n\nKeep.\n\nFollow us on X",
        "Keep é and 😀.\n\n\u{212A}\n\nKeep ‘quotes’.",
        "Nothing to remove.\n\nStill nothing.",
        "Advertisement\n\nShare this article",
    ])
    func removal(body: String) throws {
        let normalizer = Normalizer(boilerplate: Self.rules)
        let expected = body.split(separator: "\n\n").map(String.init).filter { !Self.rules.matches($0) }.joined(separator: "\n\n")
        let article = Article(headlines: [.init(value: "H")], bodies: [.init(value: body)])
        if expected.isEmpty {
            #expect(throws: StageError.self) { try normalizer.normalize(article) }
        } else {
            #expect(try normalizer.normalize(article).article.bodyText == expected)
        }
    }
}
