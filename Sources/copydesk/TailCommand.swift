import ArgumentParser
import CopydeskLog
import CopydeskRecord
import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `copydesk tail`: the newest records, and `-f` to follow.
struct TailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print the newest records of the log; -f keeps following.",
        discussion: """
        Shows records up to the visible end (written, perhaps not yet fsynced). \
        With --json, one JSON document per line, each with its "offset". \
        Without --from, starts with the last -n records.
        """
    )

    @OptionGroup var location: LogLocation

    @Flag(name: [.customShort("f"), .customLong("follow")], help: "Keep printing records as they arrive, until interrupted.")
    var follow = false

    @Option(help: "Start at this offset.")
    var from: UInt64?

    @Option(name: [.customShort("n"), .customLong("lines")], help: "Without --from, how many of the newest records to show first.")
    var lines: UInt64 = 10

    @Flag(help: "Print each record as one JSON line with its offset.")
    var json = false

    func run() throws {
        let dir = try location.existingDirectory()
        signal(SIGPIPE, SIG_DFL)
        do {
            let reader = try LogReader(directory: dir)
            let start: UInt64
            if let from {
                start = max(from, reader.firstOffset)
            } else {
                let end = try reader.currentEnds()?.visible ?? LogStats.compute(dir).nextOffset
                start = max(reader.firstOffset, end >= lines ? end - lines : 0)
            }
            try reader.seek(to: start)
            while true {
                if let record = try reader.next(bound: .visible) {
                    let payload = try reader.decode(record)
                    FileHandleOutput.stdout(json ? RecordFormat.jsonLine(record, payload) : RecordFormat.humanLine(record, payload))
                    continue
                }
                FileHandleOutput.flush()
                if !follow { break }
                usleep(100_000)
            }
        } catch let error as LogError {
            FileHandleOutput.stderr("copydesk tail: \(error)")
            throw ExitCode.failure
        }
    }
}

/// How records are shown on a terminal and as JSON lines.
enum RecordFormat {
    /// The payload as a JSON object with `offset` first; a payload that is not
    /// a JSON object is wrapped as `{"offset", "timestamp", "text" | "base64"}`.
    static func jsonLine(_ record: LogRecord, _ payload: [UInt8]) -> String {
        var start = 0
        while start < payload.count, [0x20, 0x09, 0x0A, 0x0D].contains(payload[start]) { start += 1 }
        var end = payload.count
        while end > start, [0x20, 0x09, 0x0A, 0x0D].contains(payload[end - 1]) { end -= 1 }
        if end - start >= 2, payload[start] == UInt8(ascii: "{"), payload[end - 1] == UInt8(ascii: "}"),
           (try? JSONSerialization.jsonObject(with: Data(payload[start..<end]))) is [String: Any] {
            let rest = String(decoding: payload[(start + 1)..<end], as: UTF8.self)
            let trimmed = rest.drop(while: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
            let separator = trimmed.hasPrefix("}") ? "" : ","
            return "{\"offset\":\(record.offset)\(separator)\(trimmed)".replacingOccurrences(of: "\n", with: " ")
        }
        var wrapper: [String: Any] = ["offset": record.offset, "timestamp": isoTime(micros: record.timestamp)]
        if let text = String(validating: payload, as: UTF8.self) {
            wrapper["text"] = text
        } else {
            wrapper["base64"] = Data(payload).base64EncodedString()
        }
        let data = (try? JSONSerialization.data(withJSONObject: wrapper, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// `offset  time  size  headline` for people.
    static func humanLine(_ record: LogRecord, _ payload: [UInt8]) -> String {
        // A record's headline, or a plain object's `headline` or `title` (a log written by something else).
        var title = RecordField.strings(at: [RecordSchema.headline, ["headline"], ["title"]], in: payload).lazy.compactMap { $0 }.first ?? ""
        if title.isEmpty {
            title = String(decoding: payload.prefix(100), as: UTF8.self)
        }
        title = String(title.replacingOccurrences(of: "\n", with: " ").prefix(100))
        return "\(record.offset)\t\(isoTime(micros: record.timestamp))\t\(payload.count) B\t\(title)"
    }
}
