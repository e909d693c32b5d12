import CopydeskRecord

/// A non-recursive pass over JSON text that bounds its nesting before any decoder sees it.
///
/// Decoders recurse per nesting level; a hostile `[[[[…` 200,000 deep would
/// exhaust the stack. This scan is a loop with a counter, so it cannot, and it
/// also finds where the first top-level value ends (to tell JSON from JSONL).
enum JSONDepthScanner {
    /// Outcome of a scan.
    struct Result {
        /// The deepest nesting seen.
        var maxDepth: Int
        /// Index just past the first complete top-level object or array, if it closed.
        var firstValueEnd: Int?
    }

    /// The `too_deep` error, shared with ``JSONReader``'s callers.
    static func tooDeep(limit: Int, at byte: Int, stage: String, line: Int?) -> StageError {
        StageError(.tooDeep, stage: stage,
                   "JSON is nested more than \(limit) levels deep (at byte \(byte)); no article needs that. The input is malformed or hostile.",
                   line: line)
    }

    /// Scans `bytes`, throwing `too_deep` as soon as nesting exceeds `limit`.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int, stage: String, line: Int? = nil) throws(StageError) -> Result {
        var depth = 0
        var maxDepth = 0
        var firstValueEnd: Int?
        var i = 0
        let n = bytes.count
        while i < n {
            let byte = bytes[i]
            switch byte {
            case 0x22:
                // A string: jump between quotes and backslashes eight bytes at a time.
                i += 1
                while i < n {
                    i = JSONString.firstEscape(bytes, from: i)
                    guard i < n else { break }
                    if bytes[i] == 0x22 { break }
                    i += bytes[i] == 0x5C ? 2 : 1  // an escape skips the byte after it; a control byte is the reader's to refuse
                }
            case 0x5B, 0x7B:
                depth += 1
                if depth > maxDepth {
                    maxDepth = depth
                    if depth > limit { throw tooDeep(limit: limit, at: i, stage: stage, line: line) }
                }
            case 0x5D, 0x7D:
                depth -= 1
                if depth == 0 && firstValueEnd == nil { firstValueEnd = i + 1 }
            default:
                break
            }
            i += 1
        }
        return Result(maxDepth: maxDepth, firstValueEnd: firstValueEnd)
    }
}
