import Testing
@testable import CopydeskEntities

@Suite("Tokenizer")
struct TokenizerTests {
    let tokenizer = Tokenizer()

    func texts(_ text: String) -> [String] {
        tokenizer.tokens(in: text).map(\.text)
    }

    @Test("news sentences split the CoNLL-2003 way", arguments: [
        (
            "\"The China-Russia relationship today is hard-earned,\" Xi told Putin, per Reuters.",
            ["\"", "The", "China-Russia", "relationship", "today", "is", "hard-earned", ",", "\"",
             "Xi", "told", "Putin", ",", "per", "Reuters", "."]
        ),
        (
            "Putin’s visit occurs while Russian troops are reportedly mounting an offensive in Ukraine’s northwestern Kharkiv region",
            ["Putin", "’s", "visit", "occurs", "while", "Russian", "troops", "are", "reportedly", "mounting",
             "an", "offensive", "in", "Ukraine", "’s", "northwestern", "Kharkiv", "region"]
        ),
        (
            "U.S. Secretary of State Antony Blinken warned Xi that aiding Russia is against China's best interests.",
            ["U.S.", "Secretary", "of", "State", "Antony", "Blinken", "warned", "Xi", "that", "aiding", "Russia",
             "is", "against", "China", "'s", "best", "interests", "."]
        ),
        (
            "the full-scale invasion began on Feb. 24, 2022.",
            ["the", "full-scale", "invasion", "began", "on", "Feb.", "24", ",", "2022", "."]
        ),
        (
            "trade … exceeded $240 billion – an all-time high, NHK World Japan reports.",
            ["trade", "…", "exceeded", "$", "240", "billion", "–", "an", "all-time", "high", ",", "NHK", "World",
             "Japan", "reports", "."]
        ),
        (
            "Ørsted’s chief met Lula da Silva in São Paulo.",
            ["Ørsted", "’s", "chief", "met", "Lula", "da", "Silva", "in", "São", "Paulo", "."]
        ),
    ] as [(String, [String])])
    func newsSentences(text: String, expected: [String]) {
        #expect(texts(text) == expected)
    }

    @Test("possessives and clitics split off, curly or straight", arguments: [
        ("Putin's", ["Putin", "'s"]),
        ("Russia’s", ["Russia", "’s"]),
        ("Reuters' report", ["Reuters", "'", "report"]),
        ("Reuters’ report", ["Reuters", "’", "report"]),
        ("don't", ["do", "n't"]),
        ("don’t", ["do", "n’t"]),
        ("can't", ["ca", "n't"]),
        ("I'm", ["I", "'m"]),
        ("they're", ["they", "'re"]),
        ("we've", ["we", "'ve"]),
        ("you'll", ["you", "'ll"]),
        ("she'd", ["she", "'d"]),
        ("IT'S", ["IT", "'S"]),
        ("U.S.'s", ["U.S.", "'s"]),
        ("the '90s", ["the", "'90s"]),
        ("O'Brien O'Sullivan O'Donnell", ["O'Brien", "O'Sullivan", "O'Donnell"]),
        ("Côte d’Ivoire", ["Côte", "d’Ivoire"]),
        ("'quoted'", ["'", "quoted", "'"]),
    ] as [(String, [String])])
    func clitics(text: String, expected: [String]) {
        #expect(texts(text) == expected)
    }

    @Test("abbreviations, acronyms and initials keep their period", arguments: [
        ("in the U.S.", ["in", "the", "U.S."]),
        ("the U.K. and U.S.A.", ["the", "U.K.", "and", "U.S.A."]),
        ("Sec. Blinken", ["Sec.", "Blinken"]),
        ("Gov. Sen. Rep. Mr. Mrs. Ms. Dr.", ["Gov.", "Sen.", "Rep.", "Mr.", "Mrs.", "Ms.", "Dr."]),
        ("St. Petersburg", ["St.", "Petersburg"]),
        ("Martin Luther King Jr.", ["Martin", "Luther", "King", "Jr."]),
        ("Apple Inc. and Foo Corp. and Bar Ltd. and Baz Co.", ["Apple", "Inc.", "and", "Foo", "Corp.", "and", "Bar", "Ltd.", "and", "Baz", "Co."]),
        ("Gen. Lt. Col. Smith", ["Gen.", "Lt.", "Col.", "Smith"]),
        ("Jan. Aug. Sept. Oct. Nov. Dec.", ["Jan.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]),
        ("at 10 a.m. and 3 p.m.", ["at", "10", "a.m.", "and", "3", "p.m."]),
        ("J. K. Rowling", ["J.", "K.", "Rowling"]),
        ("No. 1 seed", ["No.", "1", "seed"]),
        ("The answer was No.", ["The", "answer", "was", "No", "."]),
        ("e.g. this", ["e.g.", "this"]),
        ("U.S.-led talks", ["U.S.-led", "talks"]),
        ("they met.", ["they", "met", "."]),
        ("in 2022.", ["in", "2022", "."]),
        ("it was ill.", ["it", "was", "ill", "."]),
        ("Austin, Tex.", ["Austin", ",", "Tex."]),
        ("reuters.com.", ["reuters.com", "."]),
        ("Amazon.com and ASP.NET", ["Amazon.com", "and", "ASP.NET"]),
        ("he said.The next", ["he", "said", ".", "The", "next"]),
        ("well...", ["well", "..."]),
    ] as [(String, [String])])
    func abbreviations(text: String, expected: [String]) {
        #expect(texts(text) == expected)
    }

    @Test("hyphenated words stay whole; dashes stand alone", arguments: [
        ("a two-day full-scale Power-of-Siberia deal", ["a", "two-day", "full-scale", "Power-of-Siberia", "deal"]),
        ("war - again", ["war", "-", "again"]),
        ("war -- again", ["war", "--", "again"]),
        ("war—again", ["war", "—", "again"]),
        ("2020–2022", ["2020", "–", "2022"]),
        ("pre- and post-war", ["pre", "-", "and", "post-war"]),
        ("non\u{2011}stop", ["non\u{2011}stop"]),
    ] as [(String, [String])])
    func hyphens(text: String, expected: [String]) {
        #expect(texts(text) == expected)
    }

    @Test("numbers stay whole; currency and percent split", arguments: [
        ("2,225 troops", ["2,225", "troops"]),
        ("1,000,000", ["1,000,000"]),
        ("3.5 percent", ["3.5", "percent"]),
        ("$240 billion", ["$", "240", "billion"]),
        ("5% rise", ["5", "%", "rise"]),
        ("€3.5bn", ["€", "3.5bn"]),
        ("the 1990s", ["the", "1990s"]),
        ("24/7 coverage", ["24/7", "coverage"]),
        ("at 10:30,", ["at", "10:30", ","]),
        ("1,2 and 3", ["1", ",", "2", "and", "3"]),
        ("ratio 3:", ["ratio", "3", ":"]),
        ("AT&T and S&P", ["AT&T", "and", "S&P"]),
    ] as [(String, [String])])
    func numbers(text: String, expected: [String]) {
        #expect(texts(text) == expected)
    }

    @Test("letters of every script are letters", arguments: [
        ("Zürich Kraków Sánchez", ["Zürich", "Kraków", "Sánchez"]),
        ("Sa\u{0303}o Paulo", ["Sa\u{0303}o", "Paulo"]),
        ("Москва и Киев.", ["Москва", "и", "Киев", "."]),
        ("Αθήνα", ["Αθήνα"]),
        ("Erdoğan", ["Erdoğan"]),
        ("km² 1½", ["km²", "1½"]),
    ] as [(String, [String])])
    func scripts(text: String, expected: [String]) {
        #expect(texts(text) == expected)
    }

    @Test("punctuation and quotes are tokens of their own", arguments: [
        ("(Reuters) - Hi; yes: [ok]! Why?", ["(", "Reuters", ")", "-", "Hi", ";", "yes", ":", "[", "ok", "]", "!", "Why", "?"]),
        ("“Yes,” she said. ‘No’ «Non»", ["“", "Yes", ",", "”", "she", "said", ".", "‘", "No", "’", "«", "Non", "»"]),
        ("wait… what?!", ["wait", "…", "what", "?", "!"]),
        ("Hi 👍🏽 there 🇺🇦!", ["Hi", "👍🏽", "there", "🇺🇦", "!"]),
        ("a👨‍👩‍👧b", ["a", "👨‍👩‍👧", "b"]),
    ] as [(String, [String])])
    func punctuation(text: String, expected: [String]) {
        #expect(texts(text) == expected)
    }

    @Test("URLs, e-mail addresses, hashtags and handles are one token", arguments: [
        ("see https://www.reuters.com/world/europe/story-2024-05-16/?id=3.", ["see", "https://www.reuters.com/world/europe/story-2024-05-16/?id=3", "."]),
        ("(https://en.wikipedia.org/wiki/Foo_(bar))", ["(", "https://en.wikipedia.org/wiki/Foo_(bar)", ")"]),
        ("“http://x.org”", ["“", "http://x.org", "”"]),
        ("mail jane.doe-smith@example.co.uk.", ["mail", "jane.doe-smith@example.co.uk", "."]),
        ("@handle_1 and #Hashtag2024", ["@handle_1", "and", "#Hashtag2024"]),
        ("me@home", ["me", "@home"]),
        ("a @ b # c", ["a", "@", "b", "#", "c"]),
        ("reuters.com/news", ["reuters.com/news"]),
    ] as [(String, [String])])
    func links(text: String, expected: [String]) {
        #expect(texts(text) == expected)
    }

    @Test("empty and blank text yield no tokens", arguments: ["", " ", "\n\n\t", "\u{00A0}\u{200B}\u{FEFF}"])
    func blank(text: String) {
        #expect(tokenizer.tokens(in: text).isEmpty)
    }
}
