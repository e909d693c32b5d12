#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CopydeskCore
import Foundation

extension Runtime {
    /// One item per file, or one per non-blank line of a `.jsonl`/`.ndjson` file.
    static func split(_ bytes: [UInt8], path: String, source: ItemSource, received: Date) -> [PipelineItem] {
        guard path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") else {
            return [PipelineItem(raw: bytes, format: .auto, source: source, receivedAt: received, rawHash: SHA256.hash(bytes).hex)]
        }
        var items: [PipelineItem] = []
        bytes.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            var line = 0
            var start = 0
            while start <= all.count {
                // memchr finds the line's end; a byte loop here cost about 2 µs per article.
                let end = memchr(base + start, 0x0A, all.count - start).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? all.count
                line += 1
                var slice = UnsafeBufferPointer(rebasing: all[start..<end])
                if slice.last == 0x0D { slice = UnsafeBufferPointer(rebasing: slice.dropLast()) }
                start = end + 1
                if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                var src = source
                src.line = line
                let raw = Array(slice)
                items.append(PipelineItem(raw: raw, format: .json, source: src, receivedAt: received, rawHash: SHA256.hash(raw).hex))
            }
        }
        return items
    }
}
