#if canImport(Glibc)
import Glibc  // memchr
#endif

/// Cloudflare's e-mail obfuscation leaves `[email protected]` (often with a
/// no-break space or `&#160;` inside) wherever a page had an address; scraped
/// text keeps the placeholder, which is noise in every record.
enum EmailProtectedArtefact {
    private static let separators: [[UInt8]] = [[0x20], [0xC2, 0xA0], Array("&#160;".utf8), Array("&nbsp;".utf8)]
    private static let head = Array("[email".utf8)
    private static let tail = Array("protected]".utf8)

    /// `text` without any `[email protected]` placeholder.
    static func remove(from text: String) -> String {
        var text = text
        let cleaned: [UInt8]? = text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return nil }
            // Find the first placeholder in place: most texts have none, and most `[` open something else.
            var first: Int?
            var from = 0
            while from < bytes.count, let hit = memchr(base + from, 0x5B, bytes.count - from) {  // "["
                let index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if match(bytes, at: index) != nil {
                    first = index
                    break
                }
                from = index + 1
            }
            guard let first else { return nil }
            var out = [UInt8]()
            out.reserveCapacity(bytes.count)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<first]))
            var i = first
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "["), let end = match(bytes, at: i) {
                    i = end
                    continue
                }
                out.append(bytes[i])
                i += 1
            }
            return out
        }
        return cleaned.map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    /// The index just past a placeholder starting at `start`, if one does.
    private static func match(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        guard hasPrefix(bytes, head, at: start) else { return nil }
        let afterHead = start + head.count
        for separator in separators where hasPrefix(bytes, separator, at: afterHead) {
            if hasPrefix(bytes, tail, at: afterHead + separator.count) { return afterHead + separator.count + tail.count }
        }
        return nil
    }

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8], at start: Int) -> Bool {
        guard start + prefix.count <= bytes.count else { return false }
        for k in 0..<prefix.count where bytes[start + k] | 0x20 != prefix[k] | 0x20 {
            // Case-insensitive for letters; the other bytes here are unaffected by | 0x20 or differ anyway.
            return false
        }
        return true
    }
}
