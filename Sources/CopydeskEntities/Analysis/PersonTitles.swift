/// Titles and offices written before a person's name ("Russian President
/// Vladimir Putin", "U.S. Secretary of State Antony Blinken", "Sen. Warren"):
/// they become the person's role, never part of the name.
enum PersonTitles {
    /// Words that can make up a title, lower-cased.
    static let words: Set<String> = [
        "president", "vice", "prime", "minister", "secretary", "chancellor", "premier", "senator", "sen.",
        "governor", "gov.", "rep.", "representative", "congressman", "congresswoman", "mayor", "king", "queen",
        "prince", "princess", "pope", "general", "gen.", "admiral", "adm.", "lt.", "lieutenant", "col.", "colonel",
        "major", "maj.", "captain", "capt.", "sgt.", "sergeant", "chairman", "chairwoman", "chair", "ceo", "cfo",
        "director", "ambassador", "judge", "justice", "commissioner", "spokesman", "spokeswoman", "spokesperson",
        "leader", "speaker", "attorney", "foreign", "defence", "defense", "finance", "interior", "home", "health",
        "economy", "trade", "state", "treasury", "chief", "executive", "officer", "deputy", "acting", "former",
        "coach", "manager", "emperor", "sheikh", "emir", "crown", "archbishop", "bishop", "cardinal", "rabbi",
        "imam", "detective", "inspector", "superintendent", "professor", "prof.", "economist", "analyst",
        "envoy", "minister-president", "first", "lady", "affairs", "energy", "education", "justice", "labour",
        "labor", "transport", "culture", "environment", "agriculture", "security", "national", "adviser",
        "advisor", "press", "opposition", "party", "chairperson", "head", "founder", "co-founder", "owner",
    ]
    /// Honorifics: dropped from the name, not kept as a role.
    static let honorifics: Set<String> = ["mr.", "mr", "mrs.", "mrs", "ms.", "ms", "dr.", "dr", "sir", "dame", "lord", "madam"]
    /// Words that must appear for a run of title words to be a title.
    static let heads: Set<String> = [
        "president", "minister", "secretary", "chancellor", "premier", "senator", "sen.", "governor", "gov.",
        "rep.", "representative", "congressman", "congresswoman", "mayor", "king", "queen", "prince", "princess",
        "pope", "general", "gen.", "admiral", "adm.", "lt.", "lieutenant", "col.", "colonel", "major", "maj.",
        "captain", "capt.", "sgt.", "sergeant", "chairman", "chairwoman", "chair", "ceo", "cfo", "director",
        "ambassador", "judge", "justice", "commissioner", "spokesman", "spokeswoman", "spokesperson", "leader",
        "speaker", "attorney", "chief", "executive", "coach", "manager", "emperor", "sheikh", "emir",
        "archbishop", "bishop", "cardinal", "rabbi", "imam", "detective", "inspector", "superintendent",
        "professor", "prof.", "envoy", "adviser", "advisor", "chairperson", "head", "founder", "co-founder", "owner",
    ]
    /// Lower-case words allowed inside a title ("Secretary of State").
    static let joiners: Set<String> = ["of", "for", "the", "and"]
}
