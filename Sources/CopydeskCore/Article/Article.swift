/// One article as the log stores it: a record aligned with IPTC ninjs 3.x (DESIGN §4).
///
/// The JSON field names are a contract with consumers: add fields freely, rename
/// none. Absent optional values and empty lists are left out of the JSON.
/// Stages fill it in turn: parse sets the text fields, normalize cleans them and
/// sets ``id``/``uri``, later stages add entities and ``copydesk`` details.
public struct Article: Hashable, Sendable {
    /// `urn:copydesk:<id>`; empty until the content hash is known.
    public var uri: String
    /// The first 32 hex characters of the SHA-256 of the normalised headline and body.
    public var id: String
    /// The ninjs item type; always `text` for articles.
    public var type: String
    /// BCP 47 language tag (`en`).
    public var language: String?
    /// When copydesk ingested this version, ISO-8601 UTC.
    public var versionCreated: String?
    /// When the article says it was written or published, ISO-8601, if it says.
    public var contentCreated: String?
    /// Headlines; the first with role `main` is the headline.
    public var headlines: [Headline]
    /// Descriptions; role `summary` holds the standfirst.
    public var descriptions: [Description]
    /// Bodies; role `main`, `text/plain`, paragraphs separated by one blank line.
    public var bodies: [Body]
    /// The byline, without a leading "By".
    public var by: String?
    /// The dateline's place (`Washington`).
    public var located: String?
    /// The section the article was filed under (`World News`).
    public var slugline: String?
    /// People mentioned (entities stage).
    public var people: [Entity]
    /// Organisations mentioned (entities stage).
    public var organisations: [Entity]
    /// Places mentioned (entities stage).
    public var places: [Entity]
    /// Agencies and publishers the article credits.
    public var infoSources: [InfoSource]
    /// What the article is about, as the sender coded it (NewsML-G2 `subject`): `{name, uri}`.
    public var subjects: [Subject] = []
    /// Other identifiers: `sha256` of the content, `url`, the producer's own id.
    public var altIds: [AltID]
    /// copydesk's own processing details.
    public var copydesk: Copydesk

    /// Makes an article; everything but the text may be filled in later.
    public init(
        uri: String = "", id: String = "", type: String = "text", language: String? = nil,
        versionCreated: String? = nil, contentCreated: String? = nil,
        headlines: [Headline] = [], descriptions: [Description] = [], bodies: [Body] = [],
        by: String? = nil, located: String? = nil, slugline: String? = nil,
        people: [Entity] = [], organisations: [Entity] = [], places: [Entity] = [],
        infoSources: [InfoSource] = [], altIds: [AltID] = [], copydesk: Copydesk = Copydesk()
    ) {
        self.uri = uri
        self.id = id
        self.type = type
        self.language = language
        self.versionCreated = versionCreated
        self.contentCreated = contentCreated
        self.headlines = headlines
        self.descriptions = descriptions
        self.bodies = bodies
        self.by = by
        self.located = located
        self.slugline = slugline
        self.people = people
        self.organisations = organisations
        self.places = places
        self.infoSources = infoSources
        self.altIds = altIds
        self.copydesk = copydesk
    }
}

extension Article {
    /// The main headline's text (the first `main`, else the first headline).
    public var headline: String? {
        (headlines.first { $0.role == "main" } ?? headlines.first)?.value
    }

    /// The standfirst (`summary` description), if any.
    public var summary: String? {
        (descriptions.first { $0.role == "summary" } ?? descriptions.first)?.value
    }

    /// The main body's text (the first `main`, else the first body).
    public var bodyText: String? {
        (bodies.first { $0.role == "main" } ?? bodies.first)?.value
    }
}
