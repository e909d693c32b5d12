#if canImport(Glibc)
import Glibc
#endif

/// Drops what the extractor never reads before libxml2 parses a page: script
/// and style bodies (JSON-LD scripts are kept), `<svg>` drawings, `<noscript>`
/// and comments. On news pages that is more than half the bytes, and libxml2's
/// time is proportional to bytes.
enum HTMLPrefilter {
    private static let comment = Array("<!--".utf8), commentEnd = Array("-->".utf8)
    private static let elements: [(open: [UInt8], close: [UInt8], isScript: Bool)] = [
        (Array("<script".utf8), Array("</script".utf8), true), (Array("<style".utf8), Array("</style".utf8), false),
        (Array("<svg".utf8), Array("</svg".utf8), false), (Array("<noscript".utf8), Array("</noscript".utf8), false),
    ]
    private static let ldJSON = Array("ld+json".utf8)

    static func strip(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count / 2)
        bytes.withUnsafeBufferPointer { b in
            let n = b.count
            var i = 0
            while i < n {
                guard let found = memchr(b.baseAddress! + i, 0x3C, n - i) else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<n]))
                    return
                }
                let lt = b.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<lt]))
                i = lt
                if matches(b, i, comment) {
                    i = find(b, commentEnd, from: i + 4).map { $0 + 3 } ?? n
                    continue
                }
                var skipped = false
                if i + 1 < n, b[i + 1] | 0x20 == 0x73 || b[i + 1] | 0x20 == 0x6E {  // s… or n…
                    for element in elements where matches(b, i, element.open) && i + element.open.count < n {
                        let after = b[i + element.open.count]
                        guard after == 0x20 || after == 0x3E || after == 0x2F || after == 0x09 || after == 0x0A || after == 0x0D else { continue }
                        let tagEnd = memchrIndex(b, 0x3E, from: i) ?? n
                        if element.isScript, contains(b, i..<tagEnd, ldJSON) { break }
                        i = find(b, element.close, from: tagEnd).flatMap { memchrIndex(b, 0x3E, from: $0) }.map { $0 + 1 } ?? n
                        skipped = true
                        break
                    }
                }
                if !skipped {
                    out.append(0x3C)
                    i += 1
                }
            }
        }
        return out
    }

    /// Whether `pattern` (ASCII, lower-case) starts at `i`, ignoring case.
    @inline(__always)
    private static func matches(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ p: [UInt8]) -> Bool {
        guard i + p.count <= b.count else { return false }
        for k in 0..<p.count {
            var c = b[i + k]
            if c >= 0x41 && c <= 0x5A { c += 32 }
            if c != p[k] { return false }
        }
        return true
    }

    @inline(__always)
    private static func memchrIndex(_ b: UnsafeBufferPointer<UInt8>, _ byte: UInt8, from: Int) -> Int? {
        guard from < b.count, let hit = memchr(b.baseAddress! + from, Int32(byte), b.count - from) else { return nil }
        return b.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// The first index ≥ `from` where `p` starts, ignoring ASCII case (`p` starts with a non-letter).
    private static func find(_ b: UnsafeBufferPointer<UInt8>, _ p: [UInt8], from: Int) -> Int? {
        var i = from
        while let at = memchrIndex(b, p[0], from: i) {
            if matches(b, at, p) { return at }
            i = at + 1
        }
        return nil
    }

    private static func contains(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ p: [UInt8]) -> Bool {
        var i = range.lowerBound
        while i + p.count <= range.upperBound {
            if matches(b, i, p) { return true }
            i += 1
        }
        return false
    }
}
