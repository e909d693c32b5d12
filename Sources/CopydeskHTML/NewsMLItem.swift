/// One NewsML-G2 `newsItem`, as the parse stage needs it.
public struct NewsMLItem: Sendable, Equatable {
    /// `@guid`.
    public var guid: String?
    /// `@version`.
    public var version: String?
    /// `contentMeta/headline`.
    public var headline: String?
    /// `contentMeta/description` (a summary role, or the first).
    public var description: String?
    /// `contentMeta/by`, else the `creator` names.
    public var by: String?
    /// `contentMeta/located/name` (or `@literal`).
    public var located: String?
    /// `contentMeta/dateline`.
    public var dateline: String?
    /// `contentMeta/slugline`.
    public var slugline: String?
    /// `contentMeta/infoSource` names (or literals) with their roles.
    public var infoSources: [(name: String, role: String?)] = []
    /// `contentMeta/subject`: names (or literals) and qcodes.
    public var subjects: [(name: String?, code: String?)] = []
    /// `contentMeta/language/@tag`, else `@xml:lang`.
    public var language: String?
    /// `itemMeta/versionCreated`.
    public var versionCreated: String?
    /// `contentMeta/contentCreated`, else `itemMeta/firstCreated`.
    public var contentCreated: String?
    /// The body's paragraphs (NITF or XHTML in `inlineXML`, or `inlineData` text).
    public var paragraphs: [String] = []

    /// An empty item.
    public init() {}

    public static func == (a: NewsMLItem, b: NewsMLItem) -> Bool {
        a.guid == b.guid && a.version == b.version && a.headline == b.headline && a.paragraphs == b.paragraphs
    }
}
