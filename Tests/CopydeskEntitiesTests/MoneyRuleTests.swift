import Testing
@testable import CopydeskEntities

@Suite("MoneyRule")
struct MoneyRuleTests {
    let rule = MoneyRule()

    /// Cuts a mention's span back out of its source, as callers do with the offsets.
    private func cut(_ text: String, _ m: MoneyMention) -> String {
        String(decoding: Array(text.utf8)[m.start..<m.end], as: UTF8.self)
    }

    @Test("reads one amount and currency", arguments: [
        ("exceeded $240 billion in trade", "$240 billion", 240e9, "USD"),
        ("a $240bn deal", "$240bn", 240e9, "USD"),
        ("spent £60bn on it", "£60bn", 60e9, "GBP"),
        ("a €400 million loan", "€400 million", 400e6, "EUR"),
        ("a €400m loan", "€400m", 400e6, "EUR"),
        ("debt of $1.5 trillion", "$1.5 trillion", 1.5e12, "USD"),
        ("raised US$3.2 million", "US$3.2 million", 3.2e6, "USD"),
        ("it costs $5 now", "$5", 5, "USD"),
        ("it costs $5.99.", "$5.99", 5.99, "USD"),
        ("paid $1,234,567 in fees", "$1,234,567", 1_234_567, "USD"),
        ("a £2.3bn hole", "£2.3bn", 2.3e9, "GBP"),
        ("a ticket is ¥100", "¥100", 100, "JPY"),
        ("a ticket is ¥100 yuan", "¥100 yuan", 100, "CNY"),
        ("it costs 100 yuan", "100 yuan", 100, "CNY"),
        ("worth 500 million euros", "500 million euros", 500e6, "EUR"),
        ("about 3 million dollars", "3 million dollars", 3e6, "USD"),
        ("some 2.5 million pounds", "2.5 million pounds", 2.5e6, "GBP"),
        ("Rs 500 crore for roads", "Rs 500 crore", 500e7, "INR"),
        ("a EUR 400 million bond", "EUR 400 million", 400e6, "EUR"),
        ("a USD 12m facility", "USD 12m", 12e6, "USD"),
        ("a $ 5 million grant", "$ 5 million", 5e6, "USD"),
        ("A$2bn of exports", "A$2bn", 2e9, "AUD"),
        ("C$750 million pipeline", "C$750 million", 750e6, "CAD"),
        ("HK$10 billion", "HK$10 billion", 10e9, "HKD"),
        ("a $5B round", "$5B", 5e9, "USD"),
        ("a $50K salary", "$50K", 50e3, "USD"),
        ("a $1.5-billion plan", "$1.5-billion", 1.5e9, "USD"),
        ("a CHF 5 million fine", "CHF 5 million", 5e6, "CHF"),
        ("10 billion roubles", "10 billion roubles", 10e9, "RUB"),
        ("10 billion rubles", "10 billion rubles", 10e9, "RUB"),
        ("₽10bn", "₽10bn", 10e9, "RUB"),
        ("₹500 crore", "₹500 crore", 500e7, "INR"),
        ("RMB 100 million", "RMB 100 million", 100e6, "CNY"),
        ("Rmb100bn", "Rmb100bn", 100e9, "CNY"),
        ("100 Swiss francs", "100 Swiss francs", 100, "CHF"),
        ("2 million Australian dollars", "2 million Australian dollars", 2e6, "AUD"),
        ("5 million US dollars", "5 million US dollars", 5e6, "USD"),
        ("1 trillion yen", "1 trillion yen", 1e12, "JPY"),
        ("Rs. 1.5 lakh crore", "Rs. 1.5 lakh crore", 1.5e12, "INR"),
        ("$240 Billion Deal", "$240 Billion", 240e9, "USD"),
    ] as [(String, String, Double, String)])
    func readsAmount(text: String, expected: String, amount: Double, currency: String) {
        let found = rule.mentions(in: text)
        #expect(found.count == 1)
        guard let m = found.first else { return }
        #expect(m.text == expected)
        #expect(m.amount == amount)
        #expect(m.currency == currency)
        #expect(cut(text, m) == m.text)
    }

    @Test("finds no money where there is none", arguments: [
        "$", "a $ sign", "5 billion people", "the 1990s", "abc£5 xyz", "x$5", "Ø$5",
        "300 pounds of beef", "$5abc", "in 2022", "5%", "EUR/USD 1.08", "£", "€ and $",
        "the USD was strong", "Rs were low", "francs 5", "500 francs", "USD12,5m", "5 Chinese dollars",
        "$10am",
    ])
    func rejects(text: String) {
        #expect(rule.mentions(in: text).isEmpty)
    }

    @Test("reads the Xi-Putin sentence")
    func xiSentence() {
        let text = "At the meeting, Xi said trade between Russia and China last year exceeded "
            + "$240 billion – an all-time high"
        let found = rule.mentions(in: text)
        #expect(found.count == 1)
        guard let m = found.first else { return }
        #expect(m.text == "$240 billion")
        #expect(m.amount == 240e9)
        #expect(m.currency == "USD")
        #expect(cut(text, m) == m.text)
    }

    @Test("keeps offsets right around non-ASCII text")
    func nonASCII() {
        let text = "“Ørsted’s €400m deal” – and £2.3bn for Équinor’s £5 plan—done"
        let found = rule.mentions(in: text)
        #expect(found.map(\.text) == ["€400m", "£2.3bn", "£5"])
        #expect(found.map(\.currency) == ["EUR", "GBP", "GBP"])
        for m in found { #expect(cut(text, m) == m.text) }
    }

    @Test("finds several amounts in order")
    func several() {
        let text = "Revenue rose from $1.2bn to $1,500 million, while costs hit €300m and 20 million pounds."
        let found = rule.mentions(in: text)
        #expect(found.map(\.text) == ["$1.2bn", "$1,500 million", "€300m", "20 million pounds"])
        #expect(found.map(\.amount) == [1.2e9, 1.5e9, 300e6, 20e6])
        for m in found { #expect(cut(text, m) == m.text) }
    }
}
