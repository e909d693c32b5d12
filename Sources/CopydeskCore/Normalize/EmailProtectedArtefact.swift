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
        guard text.withUTF8({ bytes in bytes.baseAddress.map { memchr($0, 0x5B, bytes.count) != nil } ?? false }) else { return text }  // "["
        let bytes = Array(text.utf8)
        var out = [UInt8]()
        var i = 0
        var changed = false
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "["), let end = match(bytes, at: i) {
                i = end
                changed = true
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return changed ? String(decoding: out, as: UTF8.self) : text
    }

    /// The index just past a placeholder starting at `start`, if one does.
    private static func match(_ bytes: [UInt8], at start: Int) -> Int? {
        guard hasPrefix(bytes, head, at: start) else { return nil }
        let afterHead = start + head.count
        for separator in separators where hasPrefix(bytes, separator, at: afterHead) {
            if hasPrefix(bytes, tail, at: afterHead + separator.count) { return afterHead + separator.count + tail.count }
        }
        return nil
    }

    private static func hasPrefix(_ bytes: [UInt8], _ prefix: [UInt8], at start: Int) -> Bool {
        guard start + prefix.count <= bytes.count else { return false }
        for k in 0..<prefix.count where bytes[start + k] | 0x20 != prefix[k] | 0x20 {
            // Case-insensitive for letters; the other bytes here are unaffected by | 0x20 or differ anyway.
            return false
        }
        return true
    }
}
