/// The record's field names, in one place: the paths readers take to them and
/// the values copydesk writes there (DESIGN.md §4; IPTC ninjs 3.x field names
/// plus copydesk's own under `copydesk`).
///
/// Consumers and the acceptance checks rely on these names: add fields freely,
/// rename none without a migration note in the README. The writer
/// (`RecordJSONWriter` in CopydeskCore) and `Article`'s `Codable` conformance
/// spell the same keys; their tests compare the bytes they write with what
/// these paths read.
public enum RecordSchema {
    // MARK: ninjs fields

    /// The content id: 32 hex digits of the content hash.
    public static let id: RecordField.Path = ["id"]
    /// `urn:copydesk:<id>`.
    public static let uri: RecordField.Path = ["uri"]
    /// The language detected from the text (BCP 47).
    public static let language: RecordField.Path = ["language"]
    /// When copydesk ingested the article.
    public static let versionCreated: RecordField.Path = ["versionCreated"]
    /// When the article says it was written, if it does.
    public static let contentCreated: RecordField.Path = ["contentCreated"]
    /// The first headline's text (the main one: the writer puts it first).
    public static let headline: RecordField.Path = ["headlines", 0, "value"]
    /// Each body's role (`main`, …), paired with ``bodyValue`` by element.
    public static let bodyRole: RecordField.Path = ["bodies", .each, "role"]
    /// Each body's text, paired with ``bodyRole`` by element.
    public static let bodyValue: RecordField.Path = ["bodies", .each, "value"]
    /// The role of the body the record is about.
    public static let mainRole = "main"
    /// The top-level lists of named things (`[{"name": …}]`) a record mentions.
    public static let entityLists = ["people", "organisations", "places", "infoSources"]
    /// The name of each entity in the list `list` (one of ``entityLists``).
    public static func entityNames(_ list: String) -> RecordField.Path { [.key(Array(list.utf8)), .each, "name"] }

    // MARK: copydesk's own fields

    /// The pipeline that made the record.
    public static let pipeline: RecordField.Path = ["copydesk", "pipeline"]
    /// The deduplicate stage's verdict: ``unique``, ``duplicate`` or ``nearDuplicate``.
    public static let dedupStatus: RecordField.Path = ["copydesk", "dedup", "status"]
    /// The story cluster's id (the first article of the story).
    public static let dedupCluster: RecordField.Path = ["copydesk", "dedup", "cluster"]
    /// The id of the article this one copies.
    public static let dedupOf: RecordField.Path = ["copydesk", "dedup", "of"]
    /// The SHA-256 hex of the source bytes as delivered (the raw hash).
    public static let sourceSHA256: RecordField.Path = ["copydesk", "source", "sha256"]
    /// The source file's path.
    public static let sourcePath: RecordField.Path = ["copydesk", "source", "path"]

    /// ``dedupStatus`` of the first article with its text.
    public static let unique = "unique"
    /// ``dedupStatus`` of an exact copy of an earlier article.
    public static let duplicate = "duplicate"
    /// ``dedupStatus`` of a syndicated copy in an earlier article's story cluster.
    public static let nearDuplicate = "near_duplicate"
}
