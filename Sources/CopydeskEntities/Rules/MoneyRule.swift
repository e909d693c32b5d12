/// Finds amounts of money in English news text: "$240 billion", "£60bn",
/// "US$3.2 million", "EUR 400 million", "Rs 500 crore", "500 million euros".
///
/// A figure counts as money only when a currency is written next to it, as a
/// sign before it ("$", "£", "€", "¥", "₹", "₽", "₩", also "US$", "A$", "C$",
/// "HK$"…), a code before it ("USD", "EUR", "Rs", "RMB"…) or a currency word
/// after it ("dollars", "euros", "pounds", "yen", "yuan", "roubles", "Swiss
/// francs"…). Deliberately left alone: figures with no currency ("5 billion
/// people"), amounts in words ("a million dollars"), signs written after the
/// figure ("400 €"), cents and pence, bare "francs" (Swiss or CFA?), "pounds of"
/// (weight), and ranges ("$2-3 million" yields "$2").
public struct MoneyRule: Sendable {
    private typealias Scanner = MentionScanner

    /// Makes the rule; it holds no state.
    public init() {}

    /// Every money mention in `text`, in reading order, none overlapping.
    public func mentions(in text: String) -> [MoneyMention] {
        var text = text
        return text.withUTF8 { buf in
            let s = Scanner(bytes: buf)
            var found: [MoneyMention] = []
            var i = 0
            while i < buf.count {
                let b = buf[i]
                if b == 0x24 || b == 0xC2 || b == 0xE2 {
                    if let m = Self.signFirst(s, at: i) {
                        found.append(m)
                        i = m.end
                    } else {
                        i += 1
                    }
                } else if Scanner.isDigit(b) {
                    if s.figureMayStart(at: i), let m = Self.currencyAfter(s, at: i) {
                        found.append(m)
                        i = m.end
                    } else {
                        // Skip the whole figure so "234" in "1,234" is not read again.
                        i = s.figure(at: i)?.end ?? i + 1
                    }
                } else if Scanner.isLetter(b) {
                    if Scanner.isUpper(b), let m = Self.codeFirst(s, at: i) {
                        found.append(m)
                        i = m.end
                    } else {
                        i = s.letterRunEnd(from: i)
                    }
                } else {
                    i += 1
                }
            }
            return found
        }
    }

    // MARK: Patterns

    /// "$240 billion", "£60bn", "US$3.2 million", "$ 5 million", "¥100 yuan".
    private static func signFirst(_ s: Scanner, at i: Int) -> MoneyMention? {
        guard let (signCurrency, length) = sign(s, at: i) else { return nil }
        var currency = signCurrency
        var start = i
        if s.byte(i) == 0x24 {
            // Dollars are shared by many countries, told apart by capitals glued in front.
            var p = i
            while p > 0, i - p < 3, Scanner.isUpper(s.byte(p - 1)) { p -= 1 }
            if p < i {
                guard let code = dollarPrefix(s, p, i), !s.isWordCharacter(endingAt: p) else { return nil }
                currency = code
                start = p
            }
        }
        if start == i, s.isWordCharacter(endingAt: i) { return nil }
        var j = i + length
        if let sp = s.spaceEnd(at: j), Scanner.isDigit(s.byte(sp)) { j = sp }
        guard let (figure, exponent, figureEnd) = scaledFigure(s, at: j) else { return nil }
        var end = figureEnd
        if currency == "JPY", let sp = s.spaceEnd(at: end) {
            // The yen sign is also written for yuan; the word after settles it.
            let w = s.letterRunEnd(from: sp)
            if !s.isWordCharacter(startingAt: w),
               s.span(sp, w, is: "yuan", ignoringCase: true) || s.span(sp, w, is: "renminbi", ignoringCase: true) {
                currency = "CNY"
                end = w
            }
        }
        return mention(s, start, end, figure.value(timesTenTo: exponent), currency)
    }

    /// "EUR 400 million", "USD 12m", "Rs. 500 crore", "Rmb100bn".
    private static func codeFirst(_ s: Scanner, at i: Int) -> MoneyMention? {
        let w = s.letterRunEnd(from: i)
        // "EUR/USD 1.08" is an exchange rate, not an amount.
        guard w - i <= 3, s.byte(i - 1) != 0x2F, !s.isWordCharacter(endingAt: i),
              let currency = code(s, i, w) else { return nil }
        var j = w
        if currency == "INR", s.byte(j) == 0x2E { j += 1 }
        if let sp = s.spaceEnd(at: j) { j = sp }
        guard Scanner.isDigit(s.byte(j)), let (figure, exponent, end) = scaledFigure(s, at: j) else { return nil }
        return mention(s, i, end, figure.value(timesTenTo: exponent), currency)
    }

    /// "500 million euros", "100 yuan", "2 million Australian dollars", "2.5 million pounds sterling".
    private static func currencyAfter(_ s: Scanner, at i: Int) -> MoneyMention? {
        guard let (figure, exponent, figureEnd) = scaledFigure(s, at: i),
              var k = s.spaceEnd(at: figureEnd) else { return nil }
        var qualifier: String?
        if let (code, end) = nationality(s, at: k), let sp = s.spaceEnd(at: end) {
            qualifier = code
            k = sp
        }
        let w = s.letterRunEnd(from: k)
        guard w > k, !s.isWordCharacter(startingAt: w) else { return nil }
        var end = w
        let currency: String
        if s.span(k, w, is: "dollar", ignoringCase: true) || s.span(k, w, is: "dollars", ignoringCase: true) {
            // Every dollar code ends in D; "Chinese dollars" is no currency.
            if let q = qualifier, !q.hasSuffix("D") { return nil }
            currency = qualifier ?? "USD"
        } else if s.span(k, w, is: "franc", ignoringCase: true) || s.span(k, w, is: "francs", ignoringCase: true) {
            guard qualifier == "CHF" else { return nil }
            currency = "CHF"
        } else if s.span(k, w, is: "pound", ignoringCase: true) || s.span(k, w, is: "pounds", ignoringCase: true) {
            if let sp = s.spaceEnd(at: w) {
                let next = s.letterRunEnd(from: sp)
                // "300 pounds of beef" is a weight.
                if s.span(sp, next, is: "of") { return nil }
                if s.span(sp, next, is: "sterling"), !s.isWordCharacter(startingAt: next) { end = next }
            }
            currency = "GBP"
        } else if let code = currencyWord(s, k, w) {
            currency = code
        } else {
            return nil
        }
        return mention(s, i, end, figure.value(timesTenTo: exponent), currency)
    }

    private static func mention(
        _ s: Scanner, _ start: Int, _ end: Int, _ amount: Double?, _ currency: String
    ) -> MoneyMention {
        MoneyMention(text: s.text(start, end), start: start, end: end, amount: amount, currency: currency)
    }

    // MARK: Pieces

    /// A figure with the scale written after it: "240 billion", "240bn", "1.5-billion",
    /// "1.5 lakh crore". Nil when letters that are no scale are glued on ("1990s", "5abc").
    private static func scaledFigure(_ s: Scanner, at i: Int) -> (Scanner.Figure, Int, Int)? {
        guard let figure = s.figure(at: i) else { return nil }
        var end = figure.end
        var exponent = 0
        if Scanner.isLetter(s.byte(end)) {
            let w = s.letterRunEnd(from: end)
            guard !s.isWordCharacter(startingAt: w), let e = scale(s, end, w, glued: true) else { return nil }
            exponent = e
            end = w
        } else if s.isWordCharacter(startingAt: end)
            || ((s.byte(end) == 0x2C || s.byte(end) == 0x2E) && Scanner.isDigit(s.byte(end + 1))) {
            // Glued to a non-ASCII letter, or a malformed figure ("12,5", "1.2.3").
            return nil
        } else {
            let hyphen = s.byte(end) == 0x2D
            if let sep = hyphen ? end + 1 : s.spaceEnd(at: end) {
                let w = s.letterRunEnd(from: sep)
                if w > sep, !s.isWordCharacter(startingAt: w),
                   let e = scale(s, sep, w, glued: false, fullWordOnly: hyphen) {
                    exponent = e
                    end = w
                }
            }
        }
        if exponent == 5, let sp = s.spaceEnd(at: end) {
            let w = s.letterRunEnd(from: sp)
            if s.span(sp, w, is: "crore", ignoringCase: true), !s.isWordCharacter(startingAt: w) {
                exponent = 12
                end = w
            }
        }
        return (figure, exponent, end)
    }

    /// Power of ten named by a scale word. Single letters ("m", "b", "k") count only
    /// glued to the figure ("€400m"); hyphenated forms only as full words ("$1.5-billion").
    private static func scale(_ s: Scanner, _ a: Int, _ b: Int, glued: Bool, fullWordOnly: Bool = false) -> Int? {
        func w(_ word: StaticString) -> Bool { s.span(a, b, is: word, ignoringCase: true) }
        switch Scanner.lower(s.byte(a)) {
        case 0x74: // t
            if w("thousand") { return 3 }
            if w("trillion") { return 12 }
            if fullWordOnly { return nil }
            if w("tn") || w("trn") || (glued && w("t")) { return 12 }
        case 0x6D: // m
            if w("million") { return 6 }
            if fullWordOnly { return nil }
            if w("mn") || w("mln") || (glued && (w("m") || w("mm"))) { return 6 }
        case 0x62: // b
            if w("billion") { return 9 }
            if fullWordOnly { return nil }
            if w("bn") || w("bln") || (glued && w("b")) { return 9 }
        case 0x6B: // k
            if glued && !fullWordOnly && w("k") { return 3 }
        case 0x63: // c
            if w("crore") { return 7 }
            if !fullWordOnly && w("cr") { return 7 }
        case 0x6C: // l
            if w("lakh") { return 5 }
        default:
            break
        }
        return nil
    }

    /// The currency of a sign at `i`, and the sign's length in bytes.
    private static func sign(_ s: Scanner, at i: Int) -> (String, Int)? {
        switch s.byte(i) {
        case 0x24: return ("USD", 1)
        case 0xC2:
            switch s.byte(i + 1) {
            case 0xA3: return ("GBP", 2)
            case 0xA5: return ("JPY", 2)
            default: return nil
            }
        case 0xE2 where s.byte(i + 1) == 0x82:
            switch s.byte(i + 2) {
            case 0xAC: return ("EUR", 3)
            case 0xB9: return ("INR", 3)
            case 0xBD: return ("RUB", 3)
            case 0xA9: return ("KRW", 3)
            default: return nil
            }
        default: return nil
        }
    }

    /// Which dollar a prefix such as "US", "A" or "HK" glued to "$" means.
    private static func dollarPrefix(_ s: Scanner, _ a: Int, _ b: Int) -> String? {
        func w(_ word: StaticString) -> Bool { s.span(a, b, is: word) }
        if w("US") { return "USD" }
        if w("A") || w("AU") { return "AUD" }
        if w("C") || w("CA") { return "CAD" }
        if w("HK") { return "HKD" }
        if w("NZ") { return "NZD" }
        if w("S") { return "SGD" }
        if w("NT") { return "TWD" }
        if w("R") { return "BRL" }
        return nil
    }

    /// ISO codes written before a figure, plus the "Rs" and "RMB"/"Rmb" that news copy uses.
    private static let codes: StaticString = "USDEURGBPJPYCNYINRCHFRUBAUDCADHKDNZDSGDKRWBRLZARSEKNOKDKKMXNPLNTWD"

    private static func code(_ s: Scanner, _ a: Int, _ b: Int) -> String? {
        if s.span(a, b, is: "Rs") { return "INR" }
        if s.span(a, b, is: "RMB") || s.span(a, b, is: "Rmb") { return "CNY" }
        guard b - a == 3 else { return nil }
        let table = codes.utf8Start
        var k = 0
        while k < codes.utf8CodeUnitCount {
            if table[k] == s.byte(a), table[k + 1] == s.byte(a + 1), table[k + 2] == s.byte(a + 2) {
                return s.text(a, b)
            }
            k += 3
        }
        return nil
    }

    /// Currency words other than dollars, francs and pounds, which need more context.
    private static func currencyWord(_ s: Scanner, _ a: Int, _ b: Int) -> String? {
        func w(_ word: StaticString) -> Bool { s.span(a, b, is: word, ignoringCase: true) }
        if w("euro") || w("euros") { return "EUR" }
        if w("yen") { return "JPY" }
        if w("yuan") || w("renminbi") { return "CNY" }
        if w("rupee") || w("rupees") { return "INR" }
        if w("rouble") || w("roubles") || w("ruble") || w("rubles") { return "RUB" }
        if w("sterling") { return "GBP" }
        return nil
    }

    /// A nationality before a currency word ("Australian dollars", "Swiss francs"):
    /// the currency it implies and where the nationality ends.
    private static func nationality(_ s: Scanner, at i: Int) -> (String, Int)? {
        guard Scanner.isUpper(s.byte(i)) else { return nil }
        if s.byte(i) == 0x55, s.byte(i + 1) == 0x2E, s.byte(i + 2) == 0x53, s.byte(i + 3) == 0x2E {
            return ("USD", i + 4) // U.S.
        }
        let e = s.letterRunEnd(from: i)
        func w(_ word: StaticString) -> Bool { s.span(i, e, is: word) }
        func then(_ word: StaticString) -> Int? {
            guard let sp = s.spaceEnd(at: e) else { return nil }
            let e2 = s.letterRunEnd(from: sp)
            return s.span(sp, e2, is: word) ? e2 : nil
        }
        if w("US") || w("American") { return ("USD", e) }
        if w("Australian") { return ("AUD", e) }
        if w("Canadian") { return ("CAD", e) }
        if w("Singapore") { return ("SGD", e) }
        if w("Taiwan") { return ("TWD", e) }
        if w("Swiss") { return ("CHF", e) }
        if w("Hong"), let e2 = then("Kong") { return ("HKD", e2) }
        if w("New"), let e2 = then("Zealand") { return ("NZD", e2) }
        if w("Chinese") { return ("CNY", e) }
        if w("Japanese") { return ("JPY", e) }
        if w("Indian") { return ("INR", e) }
        if w("Russian") { return ("RUB", e) }
        return nil
    }
}
