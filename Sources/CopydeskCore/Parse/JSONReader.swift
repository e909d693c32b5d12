import CopydeskRecord

/// Reads JSON text (RFC 8259) into a ``JSONValue`` straight from its UTF-8
/// bytes.
///
/// `JSONDecoder` into the `Decodable` JSONValue tries each type in turn and
/// builds a thrown `DecodingError` (with its coding path) for every miss: four
/// per object, two or three per string. On a `.jsonl` feed that was most of
/// the parse stage. This reader makes one pass and no errors on the way.
///
/// Strict as JSONDecoder is, and lenient where it is (a trailing comma in an
/// array or object is accepted, so no feed that passed before is refused
/// now): one value and nothing after it but whitespace;
/// no control characters inside strings; escapes `\" \\ \/ \b \f \n \r \t
/// \uXXXX`, a surrogate pair only as a pair; numbers in the JSON grammar (no
/// leading zeros, `+`, `.5`, `NaN`), finite. A repeated key keeps its last
/// value. Nesting deeper than `maxDepth` stops the read at the bracket that
/// goes past it (`tooDeep`), so the recursion is bounded in the same pass.
/// Whatever `maxDepth` says, more than 512 levels (JSONDecoder's own ceiling,
/// and well within a Dispatch worker's stack) is refused as invalid JSON.
struct JSONReader {
    struct Failure: Error, CustomStringConvertible {
        var message: String
        /// Nesting went past the limit at byte `tooDeep` (the message is then empty).
        var tooDeep: Int?
        var description: String { message }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    private var i = 0
    private var depth = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// The value `text` holds, or a failure naming what is wrong and where (byte offset).
    static func read(_ text: String, maxDepth: Int = 256) throws(Failure) -> JSONValue {
        var text = text
        let result: Result<JSONValue, Failure> = text.withUTF8 { buffer in
            var reader = JSONReader(buffer, maxDepth: maxDepth)
            do throws(Failure) {
                let value = try reader.value()
                reader.skipWhitespace()
                guard reader.i == buffer.count else { throw reader.failure("more after the value") }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func failure(_ what: String) -> Failure {
        if i >= bytes.count { return Failure(message: "\(what) at the end of the input (byte \(i))") }
        let b = bytes[i]
        let hex = String(b, radix: 16, uppercase: true)
        let shown = b >= 0x20 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "0x" + (hex.count < 2 ? "0" + hex : hex)
        return Failure(message: "\(what) at byte \(i) (\(shown))")
    }

    private mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i += 1
            default: return
            }
        }
    }

    private mutating func value() throws(Failure) -> JSONValue {
        skipWhitespace()
        guard i < bytes.count else { throw failure("a value expected") }
        switch bytes[i] {
        case 0x7B: return try object()
        case 0x5B: return try array()
        case 0x22: return .string(try string())
        case 0x74: try literal("true"); return .bool(true)
        case 0x66: try literal("false"); return .bool(false)
        case 0x6E: try literal("null"); return .null
        case 0x2D, 0x30...0x39: return .number(try number())
        default: throw failure("a value expected")
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.count else { throw failure("a value expected") }
        for k in 0..<count where bytes[i + k] != word.utf8Start[k] {
            throw failure("a value expected")
        }
        i += count
    }

    /// Enters an object or array at `i`; fails past `maxDepth`.
    private mutating func descend() throws(Failure) {
        depth += 1
        if depth > maxDepth { throw Failure(message: "", tooDeep: i) }
        if depth > Self.ceiling { throw failure("nested deeper than \(Self.ceiling) levels, the most copydesk's JSON reader takes,") }
        i += 1
    }

    /// The most nesting read, whatever `maxDepth` allows: each level is a few
    /// stack frames, and a Dispatch worker's stack is small.
    static let ceiling = 512

    private mutating func object() throws(Failure) -> JSONValue {
        try descend()  // {
        defer { depth -= 1 }
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if i < bytes.count && bytes[i] == 0x7D {
            i += 1
            return .object(members)
        }
        repeat {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == 0x22 else { throw failure("a member name in quotes expected") }
            let key = try string()
            skipWhitespace()
            guard i < bytes.count, bytes[i] == 0x3A else { throw failure("':' expected after a member name") }
            i += 1
            members[key] = try value()
        } while try more(closing: 0x7D, "',' or '}' expected")
        return .object(members)
    }

    private mutating func array() throws(Failure) -> JSONValue {
        try descend()  // [
        defer { depth -= 1 }
        var elements: [JSONValue] = []
        skipWhitespace()
        if i < bytes.count && bytes[i] == 0x5D {
            i += 1
            return .array(elements)
        }
        repeat {
            elements.append(try value())
        } while try more(closing: 0x5D, "',' or ']' expected")
        return .array(elements)
    }

    /// After a member or an element: true past a ',' that another follows,
    /// false past the `closing` bracket. A trailing comma before the bracket
    /// is accepted, as JSONDecoder accepts it.
    private mutating func more(closing: UInt8, _ expected: String) throws(Failure) -> Bool {
        skipWhitespace()
        guard i < bytes.count else { throw failure(expected) }
        if bytes[i] == closing {
            i += 1
            return false
        }
        guard bytes[i] == 0x2C else { throw failure(expected) }
        i += 1
        skipWhitespace()
        if i < bytes.count && bytes[i] == closing {
            i += 1
            return false
        }
        return true
    }

    /// A string; `i` at its opening quote. The bytes are valid UTF-8 already (they come from a String).
    private mutating func string() throws(Failure) -> String {
        i += 1
        let start = i
        // Most strings have no escape: one scan (eight bytes at a time), one copy.
        i = JSONString.firstEscape(bytes, from: i)
        guard i < bytes.count else { throw failure("an unterminated string") }
        if bytes[i] == 0x22 {
            let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            i += 1
            return s
        }
        var out = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x22 {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b < 0x20 { throw failure("a control character inside a string (escape it)") }
            // b is a backslash: firstJSONEscape stops only at quotes, backslashes and control bytes.
            i += 1
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case 0x22, 0x5C, 0x2F: out.append(e)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard i + 1 < bytes.count, bytes[i] == 0x5C, bytes[i + 1] == 0x75 else {
                        throw failure("a high surrogate \\u escape without its low surrogate")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw failure("a high surrogate \\u escape without its low surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw failure("a low surrogate \\u escape without its high surrogate")
                }
                // Every value left is a scalar: surrogates were paired or refused above.
                out.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
            default:
                i -= 1
                throw failure("an unknown escape")
            }
            // The plain run up to the next quote, backslash or control byte.
            let run = JSONString.firstEscape(bytes, from: i)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<run]))
            i = run
        }
        throw failure("an unterminated string")
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard i + 4 <= bytes.count else { throw failure("four hex digits expected after \\u") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: throw failure("four hex digits expected after \\u")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    private mutating func digits() -> Int {
        let start = i
        while i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
        return i - start
    }

    private mutating func number() throws(Failure) -> Double {
        let start = i
        if bytes[i] == 0x2D { i += 1 }
        guard i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 else { throw failure("a digit expected in a number") }
        if bytes[i] == 0x30 {
            i += 1
            if i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 { throw failure("a number with a leading zero") }
        } else {
            _ = digits()
        }
        if i < bytes.count && bytes[i] == 0x2E {
            i += 1
            guard digits() > 0 else { throw failure("a digit expected after the decimal point") }
        }
        if i < bytes.count && (bytes[i] == 0x65 || bytes[i] == 0x45) {
            i += 1
            if i < bytes.count && (bytes[i] == 0x2B || bytes[i] == 0x2D) { i += 1 }
            guard digits() > 0 else { throw failure("a digit expected in the exponent") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard let v = Double(text), v.isFinite else {
            i = start
            throw failure("a number too large for a double")
        }
        return v
    }
}
