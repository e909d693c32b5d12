import CopydeskCore

/// The daemon's live figures, kept in the ``Ledger``.
package struct RuntimeCounters: Sendable {
    package var received: UInt64 = 0
    package var appended: UInt64 = 0
    package var duplicates: UInt64 = 0
    package var nearDuplicates: UInt64 = 0
    package var quarantined: UInt64 = 0
    package var filesDone: UInt64 = 0
    package var filesQuarantined: UInt64 = 0
    package var rawBytesAppended: UInt64 = 0
    package var storedBytesAppended: UInt64 = 0
    package var latency = LatencyHistogram()
    package var quarantineByCode: [String: UInt64] = [:]
    package var lastErrors: [String] = []
    package var inotifyOverflows: UInt64 = 0
    package var rescans: UInt64 = 0
    /// Article counts per origin (drop directory), for /metrics.
    package var byDrop: [String: PerDrop] = [:]

    /// Article counts of one origin.
    package struct PerDrop: Sendable {
        package var received: UInt64 = 0
        package var appended: UInt64 = 0
        package var duplicates: UInt64 = 0
        package var nearDuplicates: UInt64 = 0
        package var quarantined: UInt64 = 0
    }

    /// Keeps `line` among the last ten errors.
    package mutating func noteError(_ line: String) {
        lastErrors.append(line)
        if lastErrors.count > 10 { lastErrors.removeFirst(lastErrors.count - 10) }
    }
}

/// What the log holds, as status shows it: counted at start, then per append.
package struct LogFigures: Sendable, Equatable {
    package var records: UInt64 = 0
    package var rawBytes: UInt64 = 0
    package var storedBytes: UInt64 = 0

    /// Figures from their values.
    package init(records: UInt64 = 0, rawBytes: UInt64 = 0, storedBytes: UInt64 = 0) {
        self.records = records
        self.rawBytes = rawBytes
        self.storedBytes = storedBytes
    }
}

/// One delivery being worked on: read, split into items, waiting for every
/// item to be durable, dropped or quarantined.
package struct FileTask: Sendable {
    package var delivery: Delivery
    package var bytes: Int
    package var items: Int
    package var remaining: Int
    package var succeeded = 0
    /// The whole file's error (a single-article file that was quarantined).
    package var fileError: StageError?
    /// Quarantined lines of a JSONL file.
    package var failedLines: [FailedLine] = []
    /// Monotonic time it was picked up (ns).
    package var pickedAt: UInt64
}
