import CopydeskRecord

/// The content id and the raw-byte hash of a log record, read without
/// decoding it (``RecordField``): `id` and `copydesk.source.sha256`. What the
/// exact index is rebuilt from.
public enum RecordKeys {
    private static let paths = [RecordSchema.id, RecordSchema.sourceSHA256]

    /// The record's id and raw hash; nil for one that is missing or shorter than 32 hex digits.
    public static func extract(_ json: [UInt8]) -> (id: String?, rawHash: String?) {
        let found = RecordField.strings(at: paths, in: json)
        func key(_ value: String?) -> String? { value.flatMap { $0.utf8.count >= ContentHash.idLength ? $0 : nil } }
        return (key(found[0]), key(found[1]))
    }
}
