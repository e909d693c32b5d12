import Logging

extension LogWriter {
    /// Recovery on open: sealed segments are trusted (their indexes checked and
    /// rebuilt if stale); any unsealed segment is scanned, cut at its first bad
    /// record with the cut bytes saved to a `.corrupt` file, and sealed unless it
    /// is the last; the last becomes the active segment.
    static func recover(directory: LogDirectory, dictionaries: DictionaryRegistry, logger: Logger) throws(LogError) -> (ActiveSegment, RecoveryReport) {
        var report = RecoveryReport()
        var bases = try directory.segmentBases()
        // A segment file shorter than its header is a roll that crashed before
        // the header was durable: save it aside and forget it.
        if let last = bases.last, let size = Posix.size(path: directory.segment(base: last)), size < Int64(SegmentName.headerSize) {
            let path = directory.segment(base: last)
            let saved = try LogRecovery.cut(path: path, at: 0)
            try Posix.remove(path)
            report.cuts.append(RecoveryCut(segment: path, position: 0, bytes: saved.bytes, firstBadOffset: last, reason: "segment header incomplete", savedTo: saved.saved))
            logger.warning("recovery: removed a segment with an incomplete header", metadata: ["segment": "\(path)", "saved_to": "\(saved.saved)"])
            bases.removeLast()
        }
        var lastTimestamp: Int64 = 0
        var active: RecoveredSegment?
        var activeBase: UInt64 = 0
        for (i, base) in bases.enumerated() {
            let path = directory.segment(base: base)
            let isLast = i == bases.count - 1
            if !isLast, let seal = LogRecovery.sealSummary(path: path) {
                lastTimestamp = max(lastTimestamp, seal.lastTimestamp)
                if let scanner = try? SegmentScanner(path: path),
                   SegmentIndex.load(forSegment: path, scanner: scanner, base: base) == nil {
                    SegmentIndex.rebuild(scanner: scanner).write(forSegment: path)
                    report.rebuiltIndexes.append(path)
                    logger.notice("rebuilt a missing or stale index", metadata: ["segment": "\(path)"])
                }
                continue
            }
            var (state, cut) = try LogRecovery.scan(path: path, expectedBase: base, dictionaries: dictionaries)
            report.scannedBytes += state.size
            if let cut {
                let saved = try LogRecovery.cut(path: path, at: cut.position)
                let c = RecoveryCut(segment: path, position: cut.position, bytes: saved.bytes, firstBadOffset: state.nextOffset,
                                    reason: cut.reason, savedTo: saved.saved)
                report.cuts.append(c)
                logger.warning("recovery: cut the log at the first bad record",
                               metadata: ["segment": "\(path)", "position": "\(cut.position)", "bytes": "\(saved.bytes)",
                                          "first_bad_offset": "\(state.nextOffset)", "reason": "\(cut.reason)", "saved_to": "\(saved.saved)"])
                state.sealed = false
            }
            lastTimestamp = max(lastTimestamp, state.summary.lastTimestamp)
            if isLast {
                active = state
                activeBase = base
            } else if !state.sealed {
                let segment = try ActiveSegment(directory: directory, base: base, state: state, lastTimestamp: lastTimestamp)
                try segment.seal()
                report.sealedNow.append(path)
                logger.warning("recovery: sealed a segment that was left open", metadata: ["segment": "\(path)"])
            }
        }
        report.segments = bases.count
        let segment: ActiveSegment
        if let state = active, !state.sealed {
            segment = try ActiveSegment(directory: directory, base: activeBase, state: state, lastTimestamp: lastTimestamp)
            // What a crashed writer left in the page cache becomes durable now.
            try Posix.fsync(segment.fd, path: segment.path)
        } else {
            // No segment yet, or the last one was sealed by a roll that crashed
            // before the next segment existed.
            var next: UInt64 = 0
            if let state = active { next = state.nextOffset }
            else if let last = bases.last, let seal = LogRecovery.sealSummary(path: directory.segment(base: last)) { next = seal.nextOffset }
            segment = try ActiveSegment(directory: directory, base: next, state: nil, lastTimestamp: lastTimestamp)
            report.segments += 1
        }
        report.nextOffset = segment.nextOffset
        return (segment, report)
    }
}
