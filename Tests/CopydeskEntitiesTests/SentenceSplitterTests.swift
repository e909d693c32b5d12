import Testing
@testable import CopydeskEntities

@Suite("Sentence splitter")
struct SentenceSplitterTests {
    /// Sentences of `text`, each as its token texts joined by single spaces.
    func sentences(_ text: String) -> [String] {
        let tokens = Tokenizer().tokens(in: text)
        return SentenceSplitter().sentences(tokens, in: text).map { range in
            tokens[range].map(\.text).joined(separator: " ")
        }
    }

    @Test("sentences end after . ! ? … and the quotes that close them", arguments: [
        ("Xi met Putin. They talked.", ["Xi met Putin .", "They talked ."]),
        (
            "\"The China-Russia relationship today is hard-earned,\" Xi told Putin, per Reuters. Both sides agreed.",
            ["\" The China-Russia relationship today is hard-earned , \" Xi told Putin , per Reuters .", "Both sides agreed ."]
        ),
        ("He said \"hello world.\" He left.", ["He said \" hello world . \"", "He left ."]),
        ("“It is over,” Xi said. “We agree.”", ["“ It is over , ” Xi said .", "“ We agree . ”"]),
        (
            "“…it,” the LA Times reports. “Trade with China…”",
            ["“ … it , ” the LA Times reports .", "“ Trade with China … ”"]
        ),
        ("Wow! Really?! Yes.", ["Wow !", "Really ? !", "Yes ."]),
        ("(He left.) Then he returned.", ["( He left . )", "Then he returned ."]),
        ("Prices rose in 2022. 2023 was better.", ["Prices rose in 2022 .", "2023 was better ."]),
        ("It was... Then it stopped.", ["It was ...", "Then it stopped ."]),
    ] as [(String, [String])])
    func terminals(text: String, expected: [String]) {
        #expect(sentences(text) == expected)
    }

    @Test("no boundary inside a sentence", arguments: [
        "\"Why?\" he asked.",
        "trade … exceeded $240 billion – an all-time high, NHK World Japan reports.",
        "U.S. Secretary of State Antony Blinken warned Xi that aiding Russia is against China's best interests.",
        "the full-scale invasion began on Feb. 24, 2022.",
        "Sec. Blinken met Gov. Newsom and Dr. Smith in St. Petersburg.",
        "J. K. Rowling wrote it.",
        "He said: This is not over.",
        "Shares of Apple Inc. rose at 10 a.m. local time; U.S. officials said so.",
        "The No. 2 seed lost.",
        "Ørsted’s chief met Lula da Silva in São Paulo.",
    ])
    func noBoundary(text: String) {
        #expect(sentences(text).count == 1)
    }

    @Test("an abbreviation ends a sentence only before a common opener", arguments: [
        ("They met in the U.S. The next day they flew home.", ["They met in the U.S.", "The next day they flew home ."]),
        ("He works at Apple Inc. He likes it.", ["He works at Apple Inc.", "He likes it ."]),
        ("The vote is at 10 a.m. But few will come.", ["The vote is at 10 a.m.", "But few will come ."]),
        ("They met in the U.S. “We agree,” he said.", ["They met in the U.S.", "“ We agree , ” he said ."]),
        ("They met in the U.S. Capitol today.", ["They met in the U.S. Capitol today ."]),
        ("She moved to Austin, Tex. In May she left.", ["She moved to Austin , Tex.", "In May she left ."]),
        ("It ended with World War I. The peace failed.", ["It ended with World War I.", "The peace failed ."]),
        ("The deal is due in Feb. It may slip.", ["The deal is due in Feb.", "It may slip ."]),
        ("Dr. The", ["Dr. The"]),
    ] as [(String, [String])])
    func abbreviations(text: String, expected: [String]) {
        #expect(sentences(text) == expected)
    }

    @Test("a line break always ends a sentence")
    func paragraphs() {
        let text = """
            Russia and China signed a two-day pact in Beijing. Xi called it historic

            The U.S.
            Officials in Kyiv said nothing: they waited.
            """
        #expect(sentences(text) == [
            "Russia and China signed a two-day pact in Beijing .",
            "Xi called it historic",
            "The U.S.",
            "Officials in Kyiv said nothing : they waited .",
        ])
    }

    @Test("a line break inside closing punctuation still splits there")
    func lineBreakBeforeQuote() {
        #expect(sentences("He left.\n“Then what?”") == ["He left .", "“ Then what ? ”"])
    }

    @Test("ranges are in order and cover every token once", arguments: [
        "", "One", ". . .", "Hi!\n\n\n!", "“”", "U.S. The U.S. The", "A.\nB.\r\nC.\u{2029}D",
        "Mr. Smith went to Washington. He stayed at the Willard Hotel.",
    ])
    func coverage(text: String) {
        let tokens = Tokenizer().tokens(in: text)
        let ranges = SentenceSplitter().sentences(tokens, in: text)
        #expect(ranges.allSatisfy { !$0.isEmpty })
        #expect(ranges.first?.lowerBound ?? 0 == 0)
        #expect(ranges.last?.upperBound ?? 0 == tokens.count)
        for (left, right) in zip(ranges, ranges.dropFirst()) {
            #expect(left.upperBound == right.lowerBound)
        }
    }

    @Test("tokens from another text do not trap")
    func foreignTokens() {
        let tokens = Tokenizer().tokens(in: "Long text here. With two sentences.")
        #expect(SentenceSplitter().sentences(tokens, in: "").count == 2)
        let shuffled = [tokens[3], tokens[0], tokens[5]]
        #expect(SentenceSplitter().sentences(shuffled, in: "Long text here.").last?.upperBound == 3)
    }

    @Test("U+2028 and CRLF count as line breaks")
    func unicodeBreaks() {
        #expect(sentences("A b\u{2028}C d\r\nE f").count == 3)
    }
}
