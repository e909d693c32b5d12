/// What a stage decided about an item.
public enum StageOutcome: Sendable, Equatable {
    /// Go on to the next stage.
    case next
    /// Stop here without a record and without quarantine: the item is counted
    /// under `reason` and its source is acknowledged as handled.
    case drop(DropReason)
}

/// Why a stage let an item go without a record.
public enum DropReason: String, Sendable, Equatable, CaseIterable {
    /// The same normalised text is in the log or in flight (`policy: drop`).
    case duplicate
    /// A syndicated copy of an article in the window (`near_duplicates: drop`).
    case nearDuplicate = "near_duplicate"
}

/// One step of a pipeline (parse, normalize, deduplicate, compress, exec, …).
///
/// Contract:
/// - The runner calls `process` on its concurrent work queue, for many items
///   at once on several threads, unless `isSerial` is true: then it never calls
///   the stage for two items at the same time (stages with state, such as
///   deduplicate, either say so or guard their state with a `Mutex`).
/// - A stage changes only the item it is given.
/// - A throw means this item cannot go on: it is quarantined under the stage's
///   `name` with the error's code and message; the pipeline goes on with other items.
/// - A stage must not block for long; an external command has a timeout.
public protocol Stage: Sendable {
    /// The stage's name in its pipeline (its `name:`, else its `type`): used
    /// in quarantine reports, metrics and timings.
    var name: String { get }
    /// Whether the runner must call this stage for one item at a time.
    var isSerial: Bool { get }
    /// Processes one item.
    func process(_ item: inout PipelineItem) throws(StageError) -> StageOutcome
}

extension Stage {
    /// Stages are parallel unless they say otherwise.
    public var isSerial: Bool { false }
}
