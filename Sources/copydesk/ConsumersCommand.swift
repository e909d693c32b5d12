import ArgumentParser
import CopydeskLog
import Foundation

/// `copydesk consumers`.
struct ConsumersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consumers",
        abstract: "Named replay consumers: their checkpoint (next offset) and lag behind the log's durable end."
    )

    @OptionGroup var location: LogLocation

    @Flag(help: "Print JSON.")
    var json = false

    struct Row: Encodable {
        var name: String
        var next_offset: UInt64
        var lag: UInt64
        var updated: String
        var required: Bool
    }

    func run() throws {
        let dir = try location.existingDirectory()
        do {
            let end = try LogReader(directory: dir).currentEnds()?.durable ?? LogStats.compute(dir).nextOffset
            let rows = try ConsumerCheckpoints(dir).all().map {
                Row(name: $0.name, next_offset: $0.nextOffset, lag: end > $0.nextOffset ? end - $0.nextOffset : 0, updated: $0.updated, required: $0.required)
            }
            if json {
                FileHandleOutput.stdout(FileHandleOutput.json(["durable_end": AnyEncodable(end), "consumers": AnyEncodable(rows)]))
                return
            }
            if rows.isEmpty { FileHandleOutput.stdout("no consumers (replay --consumer NAME makes one); durable end \(end)") }
            for r in rows {
                FileHandleOutput.stdout("\(r.name.padding(toLength: 24, withPad: " ", startingAt: 0)) next offset \(r.next_offset)  lag \(r.lag)  updated \(r.updated)\(r.required ? "  required" : "")")
            }
        } catch let e as LogError {
            FileHandleOutput.stderr("copydesk consumers: \(e)")
            throw ExitCode.failure
        }
    }
}

/// Any encodable value, for small ad-hoc JSON documents.
struct AnyEncodable: Encodable {
    let encodeValue: (any Encoder) throws -> Void
    init<T: Encodable>(_ value: T) { encodeValue = value.encode }
    func encode(to encoder: any Encoder) throws { try encodeValue(encoder) }
}
