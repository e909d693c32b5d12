import Logging

extension LogWriter {
    /// Deletes whole sealed segments, oldest first, while they are older than
    /// the policy's age or the log is larger than its size; never the active
    /// segment, and never one holding records a required consumer has not passed.
    /// Returns the deleted segment files.
    @discardableResult
    public func applyRetention(_ policy: RetentionPolicy, now: Int64? = nil) throws(LogError) -> [String] {
        let now = now ?? Posix.nowMicros()
        let floor = try ConsumerCheckpoints(directory).all().filter(\.required).map(\.nextOffset).min() ?? .max
        return try onQueue { () throws(LogError) -> [String] in
            let bases = try directory.segmentBases()
            guard bases.count > 1 else { return [] }
            var sealed: [(base: UInt64, path: String, summary: SealSummary, bytes: Int64)] = []
            var total: Int64 = 0
            for base in bases {
                let path = directory.segment(base: base)
                total += Posix.size(path: path) ?? 0
                if base == bases.last { continue }
                guard let s = LogRecovery.sealSummary(path: path) else { break }
                sealed.append((base, path, s, Posix.size(path: path) ?? 0))
            }
            var deleted: [String] = []
            for seg in sealed {
                let tooOld = policy.maxAgeSeconds.map { seg.summary.lastTimestamp < now - $0 * 1_000_000 } ?? false
                let tooBig = policy.maxBytes.map { total > $0 } ?? false
                guard tooOld || tooBig else { break }
                if seg.summary.nextOffset > floor {
                    logger.notice("retention keeps a segment a required consumer has not passed", metadata: ["segment": "\(seg.path)", "consumer_floor": "\(floor)"])
                    break
                }
                try Posix.remove(seg.path)
                let idx = SegmentIndex.paths(forSegment: seg.path)
                try Posix.remove(idx.idx)
                try Posix.remove(idx.tidx)
                total -= seg.bytes
                deleted.append(seg.path)
            }
            if !deleted.isEmpty {
                try Posix.fsyncDirectory(directory.segments)
                logger.info("retention deleted segments", metadata: ["count": "\(deleted.count)"])
            }
            return deleted
        }
    }
}
