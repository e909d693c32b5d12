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

    @Test("a pattern's required literal prefixes are read only from the shapes that surely have them", arguments: [
        ("^(Follow|Like) us on (Twitter|X)\\.?$", ["Follow", "Like"]),
        ("^Sign up (for|to) our [A-Za-z ]{0,40}newsletters?\\.?$", ["Sign up "]),
        ("^Follow us on .*$", ["Follow us on "]),
        ("^Newsletters?", ["Newsletter"]),
        ("^Read more", ["Read more"]),
        ("^a{0,3}b", nil),
        ("^(Follow|Like)? us", nil),
        ("^(Follow|)", nil),
        ("^(?i)follow", nil),
        ("^(Fo[l]low|Like)", nil),
        ("^Kelvin", nil),  // U+212A KELVIN SIGN is canonically "K"
        ("^\\Qa\\E", nil),
        ("^a|b", nil),
        ("Follow", nil),
        ("^.", nil),
    ] as [(String, [String]?)])
    func requiredPrefixes(pattern: String, prefixes: [String]?) {
        #expect(CompiledPattern.requiredPrefixes(pattern) == prefixes?.map { Array($0.utf8) })
    }

    @Test("ruling paragraphs out by prefix never changes a pattern's answer")
    func prefixFilterAgrees() throws {
        let patterns = [
            "^(Follow|Like) us on (Twitter|X|Facebook|Instagram|Threads)\\.?$",
            "^Sign up (for|to) our [A-Za-z ]{0,40}newsletters?\\.?$", "^Read more", "^Newsletters?",
        ]
        let rules = try BoilerplateRules(patterns: patterns)
        let regexes = try patterns.map { try Regex($0) }
        let paragraphs = [
            "Follow us on X", "Follow us on Threads.", "Like us on Facebook", "Follow\u{301} us on X", "Follow", "Foll", "",
            "Sign up to our daily newsletters.", "Sign up for our newsletter", "Sign  up to our newsletter", "sign up to our newsletter",
            "Read more", "Read more about it", "Newsletter", "Newsletters", "Newsletter\u{301}", "A paragraph: Follow us on X",
        ] + MixedTexts.make(count: 100, maxFragments: 8)
        for paragraph in paragraphs {
            var text = paragraph
            let fast = text.withUTF8 { rules.matches(utf8: $0) }
            let expected = regexes.contains { paragraph.prefixMatch(of: $0) != nil }
            #expect(fast == expected, "\(paragraph.debugDescription)")
        }
    }
}
