#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// Writing to stdout and stderr without buffering surprises between them.
enum FileHandleOutput {
    static func stdout(_ line: String) {
        var s = line
        s.append("\n")
        fputs(s, Glibc.stdout)
    }

    static func stderr(_ line: String) {
        var s = line
        if !s.hasSuffix("\n") { s.append("\n") }
        fputs(s, Glibc.stderr)
    }

    static func flush() { fflush(Glibc.stdout) }

    /// Writes to stderr as it is (no newline added): progress bars.
    static func stderrRaw(_ text: String) {
        fputs(text, Glibc.stderr)
        fflush(Glibc.stderr)
    }

    /// Pretty, key-sorted JSON of an encodable value.
    static func json<T: Encodable>(_ value: T, pretty: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// An ISO 8601 time from µs since the epoch.
func isoTime(micros: Int64) -> String {
    let date = Date(timeIntervalSince1970: Double(micros) / 1e6)
    return date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
}
