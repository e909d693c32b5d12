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

    /// Scans `bytes`, throwing `too_deep` as soon as nesting exceeds `limit`.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int, stage: String, line: Int? = nil) throws(StageError) -> Result {
        var depth = 0
        var maxDepth = 0
        var inString = false
        var escaped = false
        var firstValueEnd: Int?
        for (i, byte) in bytes.enumerated() {
            if inString {
                if escaped { escaped = false }
                else if byte == 0x5C { escaped = true }
                else if byte == 0x22 { inString = false }
                continue
            }
            switch byte {
            case 0x22:
                inString = true
            case 0x5B, 0x7B:
                depth += 1
                if depth > maxDepth {
                    maxDepth = depth
                    if depth > limit {
                        throw StageError(.tooDeep, stage: stage,
                                         "JSON is nested more than \(limit) levels deep (at byte \(i)); no article needs that. The input is malformed or hostile.",
                                         line: line)
                    }
                }
            case 0x5D, 0x7D:
                depth -= 1
                if depth == 0 && firstValueEnd == nil { firstValueEnd = i + 1 }
            default:
                break
            }
        }
        return Result(maxDepth: maxDepth, firstValueEnd: firstValueEnd)
    }
}
