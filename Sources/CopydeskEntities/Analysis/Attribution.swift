/// Words of attribution shared by the source and quote finders.
enum Attribution {
    /// Verbs that introduce reported speech or information.
    static let verbs: Set<String> = [
        "said", "says", "say", "told", "tells", "added", "adds", "reported", "reports", "report", "reporting",
        "wrote", "writes", "write", "stated", "states", "noted", "notes", "warned", "warns", "claimed", "claims",
        "explained", "explains", "argued", "argues", "insisted", "insists", "asked", "asks", "replied", "replies",
        "referred", "called", "calls", "described", "describes", "declared", "declares", "announced",
        "announces", "tweeted", "posted", "concluded", "concludes", "continued", "continues", "suggested",
        "suggests", "acknowledged", "admitted", "recalled", "quoted", "cited", "observed", "remarked",
        "stressed", "emphasised", "emphasized", "predicted", "estimated", "found", "revealed", "confirmed",
    ]
    /// Verbs after which an organisation is credited as a source ("NHK World Japan reports").
    /// This and ``speechVerbs`` hold words of four letters or more (SourceFinder skips shorter tokens unhashed).
    static let reportingVerbs: Set<String> = [
        "reported", "reports", "reporting", "wrote", "writes", "referred", "concluded", "concludes", "found",
        "revealed", "estimated", "quoted", "cited", "noted", "notes", "confirmed",
    ]
    /// Nouns that point back at the last outlet named ("the outlet reports").
    static let outletAnaphora: Set<String> = [
        "outlet", "agency", "newspaper", "paper", "broadcaster", "network", "publication", "daily", "website",
        "magazine", "wire", "channel", "report", "newswire",
    ]
    /// Words that mark a name as a news organisation or institution.
    static let organisationWords: Set<String> = [
        "times", "news", "post", "journal", "herald", "telegraph", "guardian", "tribune", "gazette", "chronicle",
        "daily", "weekly", "press", "agency", "wire", "network", "broadcasting", "radio", "tv", "television",
        "magazine", "review", "economist", "institute", "center", "centre", "foundation", "university",
        "council", "bureau", "associated", "media", "insider", "observer", "independent", "mail", "express",
        "star", "sun", "standard", "today", "world", "report", "reports", "group", "bank", "ministry",
    ]
    /// News organisations known by one word.
    static let outlets: Set<String> = [
        "reuters", "ap", "afp", "bloomberg", "axios", "cnn", "bbc", "nhk", "xinhua", "tass", "politico",
        "interfax", "yonhap", "kyodo", "ria", "npr", "cnbc", "msnbc", "dpa", "ansa", "efe", "pti", "ians",
        "semafor", "vox", "slate", "newsweek", "forbes", "fortune", "wired", "abc", "nbc", "cbs", "pbs",
        "sky", "itv", "rte", "cbc", "sbs", "nikkei", "ft", "wsj", "nyt", "aljazeera", "euronews", "dw",
        "ifax", "sputnik", "gazprom", "kommersant", "vedomosti", "izvestia", "haaretz", "asahi", "yomiuri",
    ]
    /// Verbs after which only a news organisation is credited ("the BBC said").
    static let speechVerbs: Set<String> = ["said", "says", "told"]
    /// Nouns before "from"/"by" that credit what follows ("a commentary from …").
    static let documentNouns: Set<String> = [
        "commentary", "report", "analysis", "study", "survey", "poll", "investigation", "data", "figures", "research", "statement",
    ]
    /// Tokens that end an attribution window.
    static let sentenceEnds: Set<String> = [".", "!", "?"]
    /// Tokens that end a subject phrase.
    static let clauseBreaks: Set<String> = [",", ";", ":"]
    /// Tokens dropped from the front of a subject phrase.
    static let subjectNoise: Set<String> = [",", "the", "The", "-", "–", "—"]

    /// Personal pronouns that refer back to the last person named.
    static let pronouns: Set<String> = ["he", "she"]
    /// Lower-case words allowed inside a name ("Center on Global Energy Policy").
    static let nameJoiners: Set<String> = ["of", "on", "for", "and", "&", "de", "du", "la", "van", "von", "der", "'s", "’s"]
}
