/// Abbreviations that keep their period as part of the token, and what that
/// period means for sentence splitting.
///
/// Dotted acronyms (`U.S.`, `a.m.`) and single capital initials (`J.`) are
/// recognised by shape in the tokenizer; this list covers the words whose
/// shape alone does not tell. Matching is case-sensitive on purpose: `Ill.`
/// (Illinois) is an abbreviation, `ill.` ends a sentence.
enum Abbreviation: Equatable {
    /// A title that stands before a name, so its period never ends a
    /// sentence: `Sec. Blinken`, `Dr. Li`.
    case prefix
    /// `No.` and friends: an abbreviation only when a number follows (`No. 1`);
    /// otherwise the word `No` followed by a sentence-final period.
    case numberPrefix
    /// Can close a sentence (`Apple Inc.`, `in Austin, Tex.`, `due in Feb.`);
    /// the splitter decides from the next word, so `Feb. 24` stays whole.
    case terminal

    /// The abbreviation spelled by `word` (without its period), if known.
    static func lookup<Bytes: Sequence>(_ word: Bytes) -> Abbreviation? where Bytes.Element == UInt8 {
        guard let key = key(word) else { return nil }
        return table[key]
    }

    /// Packs up to eight bytes into an integer so the lookup on the tokenizer's
    /// path neither allocates nor hashes a string. UTF-8 text never contains a
    /// zero byte, so the packing is unique per word.
    private static func key<Bytes: Sequence>(_ word: Bytes) -> UInt64? where Bytes.Element == UInt8 {
        var key: UInt64 = 0
        var count = 0
        for byte in word {
            count += 1
            if count > 8 { return nil }
            key = key << 8 | UInt64(byte)
        }
        return count == 0 ? nil : key
    }

    private static let table: [UInt64: Abbreviation] = {
        var table: [UInt64: Abbreviation] = [:]
        let groups: [(Abbreviation, [String])] = [
            (.prefix, [
                // Titles and ranks, as Reuters and AP write them.
                "Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "Sen", "Sens", "Rep", "Reps", "Gov",
                "Gen", "Lt", "Col", "Maj", "Capt", "Cmdr", "Adm", "Sgt", "Cpl", "Pvt", "Sec",
                "Amb", "Rev", "Fr", "Hon", "Pres", "Supt", "Insp", "Det", "Atty", "Mt", "Ft",
                "Mme", "Mlle",
                // Lower-case connectives that always continue the sentence.
                "vs", "cf", "approx",
            ]),
            (.numberPrefix, ["No", "Nos", "Vol"]),
            (.terminal, [
                // Months that take a period in news style (May, June, July never do).
                "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
                // Company and name suffixes, streets: often the last word of a sentence.
                "Inc", "Corp", "Ltd", "Co", "Cos", "Bros", "Jr", "Sr", "St", "Ave", "Blvd", "Rd",
                "INC", "CORP", "LTD", "CO", "Dept", "Univ", "Assn", "etc",
                // U.S. state abbreviations in AP style, as in 1990s Reuters datelines.
                "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind",
                "Kan", "Kans", "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont",
                "Neb", "Nev", "Okla", "Ore", "Pa", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
            ]),
        ]
        for (kind, words) in groups {
            for word in words {
                if let key = key(word.utf8) { table[key] = kind }
            }
        }
        return table
    }()
}
