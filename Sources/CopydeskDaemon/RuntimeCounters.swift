import CopydeskCore

/// The daemon's live figures, kept under the runtime's lock.
struct RuntimeCounters: Sendable {
    var received: UInt64 = 0
    var appended: UInt64 = 0
    var duplicates: UInt64 = 0
    var nearDuplicates: UInt64 = 0
    var quarantined: UInt64 = 0
    var filesDone: UInt64 = 0
    var filesQuarantined: UInt64 = 0
    var rawBytesAppended: UInt64 = 0
    var storedBytesAppended: UInt64 = 0
    var latency = LatencyHistogram()
    var quarantineByCode: [String: UInt64] = [:]
    var lastErrors: [String] = []
    var inotifyOverflows: UInt64 = 0
    var rescans: UInt64 = 0
    /// Article counts per drop directory (for /metrics).
    var byDrop: [String: PerDrop] = [:]

    struct PerDrop: Sendable {
        var received: UInt64 = 0
        var appended: UInt64 = 0
        var duplicates: UInt64 = 0
        var nearDuplicates: UInt64 = 0
        var quarantined: UInt64 = 0
    }

    mutating func noteError(_ line: String) {
        lastErrors.append(line)
        if lastErrors.count > 10 { lastErrors.removeFirst(lastErrors.count - 10) }
    }
}

/// One file being worked on: read, split into items, waiting for every item
/// to be durable, dropped or quarantined.
struct FileTask: Sendable {
    var path: String
    var drop: DropSpec
    var bytes: Int
    var items: Int
    var remaining: Int
    var succeeded = 0
    /// The whole file's error (a single-article file that was quarantined).
    var fileError: StageError?
    /// Quarantined lines of a JSONL file.
    var failedLines: [FailedLine] = []
    /// Monotonic time it was picked up (ns).
    var pickedAt: UInt64

    struct FailedLine: Sendable {
        var line: Int
        var raw: [UInt8]
        var error: StageError
    }
}
