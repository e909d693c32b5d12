#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cursor over JSON bytes that walks to the values a set of paths name and
/// skips everything else without building it. Every method leaves `i` at a
/// sensible place or returns false/nil; the walk stops at malformed input.
///
/// The paths still being followed are a bit mask over `paths` (all of them
/// have taken `depth` steps), so a walk allocates nothing on its way: records
/// are small and many (a restart reads every record since the last snapshot).
struct RecordCursor {
    /// What a walk reports: the path, its element, the string (nil for a value of another kind); true stops the walk.
    typealias Emit = (_ path: Int, _ element: Int, _ value: String?) -> Bool

    let b: UnsafeBufferPointer<UInt8>
    let paths: [RecordField.Path]
    var i = 0
    /// The array index taken at each depth on the way here (only kept when a path has an `.each` step).
    private var indices: [Int]

    init(_ b: UnsafeBufferPointer<UInt8>, paths: [RecordField.Path]) {
        precondition(paths.count <= 64, "RecordField reads at most 64 paths in one walk")
        self.b = b
        self.paths = paths
        var each = false, longest = 0
        for path in paths {
            longest = max(longest, path.count)
            for case .each in path { each = true }
        }
        indices = each ? [Int](repeating: 0, count: longest) : []
    }

    /// The mask of all `count` paths.
    static func all(_ count: Int) -> UInt64 { count == 64 ? ~0 : (1 << UInt64(count)) &- 1 }

    mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    /// At a value `depth` steps down: reports each path of `wanted` that ends
    /// here and descends for the ones that go deeper, then moves past it.
    /// False when the walk must stop (`emit` said so, or the bytes are malformed).
    mutating func walk(_ wanted: UInt64, depth: Int, _ emit: Emit) -> Bool {
        var ended: UInt64 = 0
        var rest = wanted
        while rest != 0 {
            let p = rest.trailingZeroBitCount
            rest &= rest &- 1
            if paths[p].count == depth { ended |= 1 << UInt64(p) }
        }
        let deeper = wanted & ~ended
        if ended != 0 {
            let start = i
            let value = readString()
            if value == nil { i = start }
            rest = ended
            while rest != 0 {
                let p = rest.trailingZeroBitCount
                rest &= rest &- 1
                if emit(p, element(of: p, depth: depth), value) { return false }
            }
            if value != nil { return true }
            if deeper == 0 { return skipValue() }
        }
        guard i < b.count else { return false }
        switch b[i] {
        case UInt8(ascii: "{"): return walkObject(deeper, depth: depth, emit)
        case UInt8(ascii: "["): return walkArray(deeper, depth: depth, emit)
        default: return skipValue()
        }
    }

    /// The array index the last `.each` step of path `p` matched (0 without one).
    private func element(of p: Int, depth: Int) -> Int {
        var d = depth - 1
        while d >= 0 {
            if case .each = paths[p][d] { return indices[d] }
            d -= 1
        }
        return 0
    }

    private mutating func walkObject(_ wanted: UInt64, depth: Int, _ emit: Emit) -> Bool {
        i += 1
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return true }
        while true {
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: "\"") else { return false }
            let start = i + 1
            guard skipString() else { return false }
            let key = UnsafeBufferPointer(rebasing: b[start..<(i - 1)])
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: ":") else { return false }
            i += 1
            skipSpace()
            switch member(following(wanted, depth: depth, key: key), depth: depth, close: UInt8(ascii: "}"), emit) {
            case .more: continue
            case .end: return true
            case .stop: return false
            }
        }
    }

    private mutating func walkArray(_ wanted: UInt64, depth: Int, _ emit: Emit) -> Bool {
        i += 1
        var n = 0
        while true {
            skipSpace()
            guard i < b.count else { return false }
            if b[i] == UInt8(ascii: "]") { i += 1; return true }
            if depth < indices.count { indices[depth] = n }
            switch member(following(wanted, depth: depth, index: n), depth: depth, close: UInt8(ascii: "]"), emit) {
            case .more: n += 1
            case .end: return true
            case .stop: return false
            }
        }
    }

    /// What follows a container's member.
    private enum Next { case more, end, stop }

    /// At a member's value: walks it for `next` (or skips it when nothing is
    /// wanted inside), then passes the `,` after it or the `close` that ends the container.
    private mutating func member(_ next: UInt64, depth: Int, close: UInt8, _ emit: Emit) -> Next {
        if next == 0 { guard skipValue() else { return .stop } } else { guard walk(next, depth: depth + 1, emit) else { return .stop } }
        skipSpace()
        guard i < b.count else { return .stop }
        if b[i] == close { i += 1; return .end }
        guard b[i] == UInt8(ascii: ",") else { return .stop }
        i += 1
        return .more
    }

    /// The paths of `wanted` whose step at `depth` is member `key` (its raw
    /// bytes, escapes unresolved).
    private func following(_ wanted: UInt64, depth: Int, key raw: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let escaped = raw.count > 0 && memchr(raw.baseAddress!, 0x5C, raw.count) != nil
        let decoded = escaped ? JSONString.unescaped(raw).map { Array($0.utf8) } : nil
        var out: UInt64 = 0
        var rest = wanted
        while rest != 0 {
            let p = rest.trailingZeroBitCount
            rest &= rest &- 1
            guard case .key(let k) = paths[p][depth] else { continue }
            let same = decoded.map { $0 == k } ?? (k.count == raw.count && (raw.isEmpty || k.withUnsafeBufferPointer { memcmp($0.baseAddress!, raw.baseAddress!, raw.count) == 0 }))
            if same { out |= 1 << UInt64(p) }
        }
        return out
    }

    /// The paths of `wanted` whose step at `depth` takes array element `index`.
    private func following(_ wanted: UInt64, depth: Int, index: Int) -> UInt64 {
        var out: UInt64 = 0
        var rest = wanted
        while rest != 0 {
            let p = rest.trailingZeroBitCount
            rest &= rest &- 1
            switch paths[p][depth] {
            case .index(let k) where k == index: out |= 1 << UInt64(p)
            case .each: out |= 1 << UInt64(p)
            default: continue
            }
        }
        return out
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

    /// At `"`: the unescaped string, and `i` past it; nil (with `i` anywhere) otherwise.
    mutating func readString() -> String? {
        guard i < b.count, b[i] == UInt8(ascii: "\"") else { return nil }
        let start = i + 1
        guard skipString() else { return nil }
        return JSONString.unescaped(UnsafeBufferPointer(rebasing: b[start..<(i - 1)]))
    }
}
