import CopydeskCore
import CopydeskLog
import Logging

extension Runtime {
    /// The dictionary the log used last, so that a restart keeps compressing alike.
    static func currentDictionary(_ writer: LogWriter) -> LogDictionary? {
        guard let reader = try? LogReader(directory: writer.directory, writer: writer) else { return nil }
        let end = writer.ends.visible
        guard end > reader.firstOffset else { return nil }
        guard (try? reader.seek(to: end - 1)) != nil, let r = try? reader.next(bound: .visible), r.dictionaryID != 0 else { return nil }
        return try? writer.dictionaries.dictionary(r.dictionaryID)
    }

    /// Loads the index snapshot, then reads the log: every durable record
    /// after the snapshot goes into the exact index, and into the
    /// near-duplicate window too — from the snapshot on, or, when the snapshot
    /// had no usable window, from the last `windowArticles` records.
    static func rebuildIndex(_ index: ContentIndex, snapshot: String, writer: LogWriter, logger: Logger) throws {
        let loaded = index.load(from: snapshot)
        let reader = try LogReader(directory: writer.directory, writer: writer)
        let durable = writer.ends.durable
        var exactFrom = loaded.exact ? index.coveredOffset : reader.firstOffset
        var nearLoaded = loaded.near
        if exactFrom < reader.firstOffset { exactFrom = reader.firstOffset }
        if exactFrom > durable {
            // A snapshot ahead of the log (the log was replaced): rebuild from scratch.
            logger.warning("content index snapshot is ahead of the log; rebuilding it", metadata: ["snapshot": "\(snapshot)"])
            index.reset()
            exactFrom = reader.firstOffset
            nearLoaded = false
        }
        let window = UInt64(index.near.settings.windowArticles)
        let nearFrom = nearLoaded ? exactFrom : max(reader.firstOffset, durable > window ? durable - window : 0)
        try reader.seek(to: min(exactFrom, nearFrom))
        var exact = 0, near = 0
        while let r = try reader.next() {
            let payload = try reader.decode(r)
            if r.offset >= exactFrom {
                let (id, raw) = RecordKeys.extract(payload)
                index.commit(contentID: id, rawHash: raw, offset: r.offset)
                exact += 1
            }
            if r.offset >= nearFrom, index.near.add(recordJSON: payload, time: r.timestamp / 1_000_000) { near += 1 }
        }
        index.cover(upTo: durable)
        logger.info("content index ready", metadata: [
            "articles": "\(index.count)", "from_snapshot": "\(loaded.exact)", "caught_up": "\(exact)",
            "near_window": "\(index.near.count)", "near_from_snapshot": "\(nearLoaded)", "near_caught_up": "\(near)"])
    }
}

