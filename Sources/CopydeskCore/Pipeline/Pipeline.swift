/// What happens to a duplicate.
public enum DuplicatePolicy: String, Sendable, Codable, CaseIterable {
    /// Count it and acknowledge its file; no record.
    case drop
    /// Append it, marked in `copydesk.dedup`.
    case mark
}

/// A built pipeline: a name and its stages in order.
public struct Pipeline: Sendable {
    /// The pipeline's name (bound to drop directories by it).
    public var name: String
    /// The stages, in order.
    public var stages: [any Stage]
    /// What to do with exact and near duplicates.
    public var duplicates: DuplicatePolicy

    /// Makes a pipeline.
    public init(name: String, stages: [any Stage], duplicates: DuplicatePolicy = .drop) {
        self.name = name
        self.stages = stages
        self.duplicates = duplicates
    }
}
