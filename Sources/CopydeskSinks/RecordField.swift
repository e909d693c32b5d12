import Glibc

/// Reads string fields out of a record's JSON without building it: walks the
/// objects and arrays on the way to one value and skips everything else.
///
/// Sinks use it for keys (id, story cluster) and PostgreSQL's convenience
/// columns. Any valid JSON is walked correctly (escapes, nesting, whitespace);
/// a value that is missing, not a string, or malformed input gives nil.
enum RecordField {
    /// One step of a path: an object key or an array index.
    enum Step: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        case key([UInt8])
        case index(Int)
        init(stringLiteral value: String) { self = .key(Array(value.utf8)) }
        init(integerLiteral value: Int) { self = .index(value) }
    }

    /// The top-level string `name` (such as `id`).
    static func string(_ name: String, in json: [UInt8]) -> String? {
        string(at: [.key(Array(name.utf8))], in: json)
    }

    /// The string at `path` (`["headlines", 0, "value"]`), unescaped.
    static func string(at path: [Step], in json: [UInt8]) -> String? {
        strings(at: [path], in: json)[0]
    }

    /// The strings at several paths, in one walk over the record (each value
    /// on the way is skipped at most once, however many paths there are; the
    /// walk stops once every path has been reached).
    static func strings(at paths: [[Step]], in json: [UInt8]) -> [String?] {
        var found = [String?](repeating: nil, count: paths.count)
        json.withUnsafeBufferPointer { b in
            var r = Reader(b)
            var left = paths.count
            r.skipSpace()
            r.collect(paths.indices.map { ($0, paths[$0][...]) }, into: &found, left: &left)
        }
        return found
    }

    /// A cursor over JSON bytes. Every method leaves `i` at a sensible place or returns false/nil.
    private struct Reader {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0
        init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }

        mutating func skipSpace() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        }

        /// At a value: fills `found[n]` for each (n, remaining path) that ends
        /// inside it, then moves past it. `left` counts the paths not reached
        /// yet; at 0 the walk stops where it is.
        mutating func collect(_ wanted: [(Int, ArraySlice<Step>)], into found: inout [String?], left: inout Int) {
            if let done = wanted.first(where: { $0.1.isEmpty }) {
                let start = i
                left -= 1
                found[done.0] = readString()
                if found[done.0] == nil { i = start; _ = skipValue() }
                return
            }
            guard i < b.count else { return }
            if b[i] == UInt8(ascii: "{") {
                i += 1
                skipSpace()
                if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return }
                while true {
                    skipSpace()
                    guard i < b.count, b[i] == UInt8(ascii: "\"") else { return }
                    let start = i + 1
                    guard skipString() else { return }
                    let name = Array(UnsafeBufferPointer(rebasing: b[start..<(i - 1)]))
                    let key = name.contains(0x5C) ? (decodeString(start..<(i - 1)).map { Array($0.utf8) } ?? name) : name
                    skipSpace()
                    guard i < b.count, b[i] == UInt8(ascii: ":") else { return }
                    i += 1
                    skipSpace()
                    let deeper = wanted.compactMap { w -> (Int, ArraySlice<Step>)? in
                        if case .key(let k) = w.1.first!, k == key { return (w.0, w.1.dropFirst()) }
                        return nil
                    }
                    if deeper.isEmpty { guard skipValue() else { return } } else { collect(deeper, into: &found, left: &left) }
                    if left == 0 { return }
                    skipSpace()
                    if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return }
                    guard i < b.count, b[i] == UInt8(ascii: ",") else { return }
                    i += 1
                }
            } else if b[i] == UInt8(ascii: "[") {
                i += 1
                var n = 0
                while true {
                    skipSpace()
                    guard i < b.count else { return }
                    if b[i] == UInt8(ascii: "]") { i += 1; return }
                    let deeper = wanted.compactMap { w -> (Int, ArraySlice<Step>)? in
                        if case .index(let k) = w.1.first!, k == n { return (w.0, w.1.dropFirst()) }
                        return nil
                    }
                    if deeper.isEmpty { guard skipValue() else { return } } else { collect(deeper, into: &found, left: &left) }
                    if left == 0 { return }
                    skipSpace()
                    if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return }
                    guard i < b.count, b[i] == UInt8(ascii: ",") else { return }
                    i += 1
                    n += 1
                }
            } else {
                _ = skipValue()
            }
        }

        /// At `"`: past the closing quote (found with memchr; a quote after an odd run of backslashes is escaped).
        mutating func skipString() -> Bool {
            guard let base = b.baseAddress else { return false }
            var from = i + 1
            while from < b.count {
                guard let hit = memchr(base + from, 0x22, b.count - from) else { return false }
                let q = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                var slashes = 0
                while q - slashes - 1 > i, b[q - slashes - 1] == 0x5C { slashes += 1 }
                if slashes % 2 == 0 { i = q + 1; return true }
                from = q + 1
            }
            return false
        }

        /// Past one value of any kind (containers by bracket depth, strings by their quotes).
        mutating func skipValue() -> Bool {
            guard i < b.count else { return false }
            switch b[i] {
            case UInt8(ascii: "\""):
                return skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while i < b.count {
                    switch b[i] {
                    case UInt8(ascii: "\""):
                        guard skipString() else { return false }
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 { i += 1; return true }
                    default: break
                    }
                    i += 1
                }
                return false
            default:
                // A number, true, false or null: up to the next delimiter.
                let start = i
                while i < b.count, b[i] != UInt8(ascii: ","), b[i] != UInt8(ascii: "}"), b[i] != UInt8(ascii: "]"),
                      b[i] != 0x20, b[i] != 0x0A, b[i] != 0x0D, b[i] != 0x09 { i += 1 }
                return i > start
            }
        }

        /// At `"`: the unescaped string.
        mutating func readString() -> String? {
            guard i < b.count, b[i] == UInt8(ascii: "\"") else { return nil }
            let start = i + 1
            guard skipString() else { return nil }
            return decodeString(start..<(i - 1))
        }

        /// The text of a string's inside (between its quotes), escapes resolved.
        func decodeString(_ range: Range<Int>) -> String? {
            let raw = UnsafeBufferPointer(rebasing: b[range])
            guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(raw.count)
            var j = 0
            func hex4(_ at: Int) -> UInt32? {
                guard at + 4 <= raw.count else { return nil }
                var v: UInt32 = 0
                for c in raw[at..<(at + 4)] {
                    let d: UInt8
                    switch c {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
                    case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
                    case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
                    default: return nil
                    }
                    v = v << 4 | UInt32(d)
                }
                return v
            }
            while j < raw.count {
                let c = raw[j]
                guard c == UInt8(ascii: "\\") else { out.append(c); j += 1; continue }
                guard j + 1 < raw.count else { return nil }
                let e = raw[j + 1]
                j += 2
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4(j) else { return nil }
                    j += 4
                    if scalar >= 0xD800, scalar < 0xDC00, j + 6 <= raw.count, raw[j] == UInt8(ascii: "\\"), raw[j + 1] == UInt8(ascii: "u"),
                       let low = hex4(j + 2), low >= 0xDC00, low < 0xE000 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        j += 6
                    }
                    out.append(contentsOf: Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
                default: out.append(e)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
