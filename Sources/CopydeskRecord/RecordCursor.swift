#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cursor over JSON bytes that walks to the values a set of paths name and
/// skips everything else without building it. Every method leaves `i` at a
/// sensible place or returns false/nil; the walk stops at malformed input.
struct RecordCursor {
    /// A path still being followed: which one (its index), the steps left, and
    /// the array element its last `.each` step matched.
    struct Wanted {
        var path: Int
        var steps: ArraySlice<RecordField.Step>
        var element: Int
    }

    /// What a walk reports: the path, its element, the string (nil for a value of another kind); true stops the walk.
    typealias Emit = (_ path: Int, _ element: Int, _ value: String?) -> Bool

    let b: UnsafeBufferPointer<UInt8>
    var i = 0

    init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }

    mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    /// At a value: reports each wanted path that ends here and descends for
    /// the ones that go deeper, then moves past it. False when the walk must
    /// stop (`emit` said so, or the bytes are malformed).
    mutating func walk(_ wanted: [Wanted], _ emit: Emit) -> Bool {
        var deeper = wanted
        if wanted.contains(where: { $0.steps.isEmpty }) {
            let start = i
            let value = readString()
            if value == nil { i = start }
            for w in wanted where w.steps.isEmpty {
                if emit(w.path, w.element, value) { return false }
            }
            if value != nil { return true }
            deeper.removeAll { $0.steps.isEmpty }
            if deeper.isEmpty { return skipValue() }
        }
        guard i < b.count else { return false }
        switch b[i] {
        case UInt8(ascii: "{"): return walkObject(deeper, emit)
        case UInt8(ascii: "["): return walkArray(deeper, emit)
        default: return skipValue()
        }
    }

    private mutating func walkObject(_ wanted: [Wanted], _ emit: Emit) -> Bool {
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
            switch member(Self.following(wanted, key: key), close: UInt8(ascii: "}"), emit) {
            case .more: continue
            case .end: return true
            case .stop: return false
            }
        }
    }

    private mutating func walkArray(_ wanted: [Wanted], _ emit: Emit) -> Bool {
        i += 1
        var n = 0
        while true {
            skipSpace()
            guard i < b.count else { return false }
            if b[i] == UInt8(ascii: "]") { i += 1; return true }
            switch member(Self.following(wanted, index: n), close: UInt8(ascii: "]"), emit) {
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
    private mutating func member(_ next: [Wanted], close: UInt8, _ emit: Emit) -> Next {
        if next.isEmpty { guard skipValue() else { return .stop } } else { guard walk(next, emit) else { return .stop } }
        skipSpace()
        guard i < b.count else { return .stop }
        if b[i] == close { i += 1; return .end }
        guard b[i] == UInt8(ascii: ",") else { return .stop }
        i += 1
        return .more
    }

    /// The wanted paths that continue into member `key` (its raw bytes,
    /// escapes unresolved). Empty, without allocating, when none does.
    private static func following(_ wanted: [Wanted], key raw: UnsafeBufferPointer<UInt8>) -> [Wanted] {
        let escaped = raw.contains(0x5C)
        let decoded = escaped ? JSONString.unescaped(raw).map { Array($0.utf8) } : nil
        var out: [Wanted] = []
        for w in wanted {
            guard case .key(let k) = w.steps.first! else { continue }
            let same = decoded.map { $0 == k } ?? (k.count == raw.count && k.elementsEqual(raw))
            if same { out.append(Wanted(path: w.path, steps: w.steps.dropFirst(), element: w.element)) }
        }
        return out
    }

    /// The wanted paths that continue into array element `index`.
    private static func following(_ wanted: [Wanted], index: Int) -> [Wanted] {
        var out: [Wanted] = []
        for w in wanted {
            switch w.steps.first! {
            case .index(let k) where k == index: out.append(Wanted(path: w.path, steps: w.steps.dropFirst(), element: w.element))
            case .each: out.append(Wanted(path: w.path, steps: w.steps.dropFirst(), element: index))
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
