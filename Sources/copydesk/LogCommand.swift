import ArgumentParser
import CopydeskLog
import Foundation

/// `copydesk log …`: inspect the log.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Inspect the log.",
        subcommands: [LogStatsCommand.self, LogAppendTestCommand.self]
    )
}

/// `copydesk log stats`.
struct LogStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Segments, records, raw and stored bytes, ratio, offsets, times and dictionaries.",
        discussion: """
        ratio is raw bytes / stored bytes, where stored bytes are the segment files on \
        disk (record headers, embedded dictionaries and SEAL records included); \
        payload_ratio leaves the framing out.
        """
    )

    @OptionGroup var location: LogLocation

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func run() throws {
        let dir = try location.existingDirectory()
        let stats: LogStats
        do {
            stats = try LogStats.compute(dir)
        } catch {
            FileHandleOutput.stderr("copydesk log stats: \(error)")
            throw ExitCode.failure
        }
        if json {
            FileHandleOutput.stdout(FileHandleOutput.json(stats))
            return
        }
        func mb(_ b: Double) -> String { String(format: "%.1f MB", b / 1e6) }
        FileHandleOutput.stdout("log         \(dir.path)")
        FileHandleOutput.stdout("segments    \(stats.segments.count) (\(stats.segments.filter(\.sealed).count) sealed)")
        FileHandleOutput.stdout("records     \(stats.records), offsets \(stats.firstOffset)..<\(stats.nextOffset)")
        FileHandleOutput.stdout("raw         \(mb(Double(stats.rawBytes)))")
        FileHandleOutput.stdout("stored      \(mb(Double(stats.storedBytes)))")
        FileHandleOutput.stdout(String(format: "ratio       %.2f (payload only %.2f)", stats.ratio, stats.payloadRatio))
        if let f = stats.firstTime, let l = stats.lastTime {
            FileHandleOutput.stdout("time        \(isoTime(micros: f)) .. \(isoTime(micros: l))")
        }
        for d in stats.dictionaries {
            FileHandleOutput.stdout("dictionary  \(d.id) (\(d.bytes) bytes)")
        }
    }
}

/// A test driver, hidden from help: appends numbered records one commit at a
/// time and prints each acknowledged offset, so that tests can SIGKILL it mid-append.
struct LogAppendTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append-test",
        abstract: "Append numbered records and print each acknowledged offset (for tests).",
        shouldDisplay: false
    )

    @OptionGroup var location: LogLocation

    @Option(help: "How many records to append.")
    var count = 1_000_000

    @Option(help: "Records per commit.")
    var batch = 1

    @Option(help: "fsync policy.")
    var fsync = FsyncPolicy.always

    func run() throws {
        var config = LogConfiguration()
        config.fsync = fsync
        config.maxSegmentBytes = 256 * 1024
        let writer = try LogWriter(directory: location.directory, configuration: config, owner: "copydesk log append-test")
        let compressor = Compressor()
        var n = Int(writer.recovery.nextOffset)
        while n < count {
            var records: [EncodedRecord] = []
            for k in n..<min(count, n + batch) {
                records.append(try compressor.compress(Array(Self.payload(k).utf8), dictionary: nil))
            }
            let range = try writer.appendAndWait(records)
            FileHandleOutput.stdout("acked \(range.upperBound)")
            FileHandleOutput.flush()
            n += records.count
        }
        writer.close()
    }

    /// The payload of record `n`, so a test can check what it reads back.
    static func payload(_ n: Int) -> String {
        "{\"n\":\(n),\"text\":\"" + String(repeating: "record \(n) ", count: 20) + "\"}"
    }
}
