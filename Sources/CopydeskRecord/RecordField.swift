/// The one fast reader of record JSON: string fields read straight from a
/// record's bytes without building it. It walks the objects and arrays on the
/// way to the values asked for and skips everything else (strings by memchr).
///
/// Any valid JSON is walked correctly (escapes, nesting, whitespace, key
/// order); a value that is missing, not a string, or behind malformed input
/// reads as nil. The sinks use it for keys and PostgreSQL's convenience
/// columns, replay for its filters, the content index and the near-duplicate
/// window to rebuild themselves from the log. Paths for the record's own
/// fields are in ``RecordSchema``.
public enum RecordField {
    /// One step of a path: an object key, an array index, or every element of an array.
    public enum Step: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        /// The member with this key (its UTF-8).
        case key([UInt8])
        /// The array element at this index.
        case index(Int)
        /// Each element of an array, in order (see ``visit(_:in:_:)``).
        case each

        /// A key step from its text.
        public init(stringLiteral value: String) { self = .key(Array(value.utf8)) }
        /// An index step.
        public init(integerLiteral value: Int) { self = .index(value) }
    }

    /// A path from the record's top-level object to one value: `["copydesk", "dedup", "cluster"]`.
    public typealias Path = [Step]

    /// The top-level string `name` (such as `id`).
    public static func string(_ name: String, in json: [UInt8]) -> String? {
        string(at: [.key(Array(name.utf8))], in: json)
    }

    /// The string at `path` (`["headlines", 0, "value"]`), unescaped.
    public static func string(at path: Path, in json: [UInt8]) -> String? {
        strings(at: [path], in: json)[0]
    }

    /// The strings at several paths, in one walk over the record: each value on
    /// the way is skipped at most once, however many paths there are, and the
    /// walk stops once every path has been reached. A path with an ``Step/each``
    /// step gives its first string. At most 64 paths.
    public static func strings(at paths: [Path], in json: [UInt8]) -> [String?] {
        var found: [String?] = []
        found.reserveCapacity(paths.count)
        for _ in paths { found.append(nil) }
        var reached: UInt64 = 0
        let all = RecordCursor.all(paths.count)
        var stopsEarly = true
        for path in paths { for case .each in path { stopsEarly = false } }
        walk(paths, in: json) { path, _, value in
            if reached & (1 << UInt64(path)) == 0 {
                reached |= 1 << UInt64(path)
                found[path] = value
            } else if found[path] == nil {
                found[path] = value
            }
            return stopsEarly && reached == all
        }
        return found
    }

    /// Every string the paths reach, in the order they stand in the record:
    /// `body(path, element, value)`, where `path` indexes `paths` and `element`
    /// is the array index the path's last ``Step/each`` step matched (0 without one).
    ///
    /// `[["bodies", .each, "role"], ["bodies", .each, "value"]]` reports each
    /// body's role and value with the body's index, so the two can be paired.
    /// At most 64 paths.
    ///
    /// - Returns: whether `json` is one object, its brackets and strings well
    ///   formed to its end (a structural check: numbers and literals are not
    ///   validated, so it is not a JSON validator).
    @discardableResult
    public static func visit(_ paths: [Path], in json: [UInt8], _ body: (_ path: Int, _ element: Int, _ value: String) -> Void) -> Bool {
        walk(paths, in: json) { path, element, value in
            if let value { body(path, element, value) }
            return false
        }
    }

    /// Walks `json` for `paths`; true when it is one object walked to its end.
    @discardableResult
    private static func walk(_ paths: [Path], in json: [UInt8], _ emit: RecordCursor.Emit) -> Bool {
        json.withUnsafeBufferPointer { b in
            var cursor = RecordCursor(b, paths: paths)
            cursor.skipSpace()
            guard cursor.i < b.count, b[cursor.i] == UInt8(ascii: "{") else { return false }
            guard cursor.walk(RecordCursor.all(paths.count), depth: 0, emit) else { return false }
            cursor.skipSpace()
            return cursor.i == b.count
        }
    }
}
