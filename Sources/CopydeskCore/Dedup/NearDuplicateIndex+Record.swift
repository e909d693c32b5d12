import CopydeskRecord

extension NearDuplicateIndex {
    /// The fields a log record's window entry is rebuilt from, in one walk of
    /// its JSON (``RecordField``): the id, the dedup status and cluster, and
    /// the main body (the first body when none is marked main).
    struct RecordFields: Equatable {
        var id: String
        var body: String?
        var status: String?
        var cluster: String?

        private static let paths = [RecordSchema.id, RecordSchema.dedupStatus, RecordSchema.dedupCluster,
                                    RecordSchema.bodyRole, RecordSchema.bodyValue]

        /// The fields of `json`; nil when it has no string id.
        init?(_ json: [UInt8]) {
            var id: String?, status: String?, cluster: String?
            var roles: [Int: String] = [:], values: [Int: String] = [:]
            RecordField.visit(Self.paths, in: json) { path, element, value in
                switch path {
                case 0: id = value
                case 1: status = value
                case 2: cluster = value
                case 3: roles[element] = value
                default: values[element] = value
                }
            }
            guard let id else { return nil }
            let main = roles.filter { $0.value == RecordSchema.mainRole }.keys.min()
            self.init(id: id, body: values[main ?? 0], status: status, cluster: cluster)
        }

        init(id: String, body: String?, status: String?, cluster: String?) {
            self.id = id
            self.body = body
            self.status = status
            self.cluster = cluster
        }
    }

    /// Adds a durable record (catch-up from the log) as the deduplicate stage
    /// indexed it: only records that carry a cluster (unique or near-duplicate
    /// articles the stage sketched), not exact duplicates or short bodies.
    ///
    /// - Returns: whether the record was added.
    @discardableResult
    public func add(recordJSON json: [UInt8], time: Int64) -> Bool {
        guard let fields = RecordFields(json), fields.status != RecordSchema.duplicate,
              let clusterHex = fields.cluster, let cluster = ContentIndex.Key(hex: clusterHex),
              let id = ContentIndex.Key(hex: fields.id), let body = fields.body
        else { return false }
        add(id: id, cluster: cluster, sketch: sketch(body), time: time)
        return true
    }
}
