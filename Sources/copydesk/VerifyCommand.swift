import ArgumentParser
import CopydeskLog

/// `copydesk verify`: checks every record of the log.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every segment, record, checksum, dictionary and index of the log.",
        discussion: """
        Reads the whole log without changing it. Exit status: 0 when clean; 1 when \
        damage is found (the message names the segment and the first bad offset) or \
        there is no log; 2 on usage errors. Stale indexes are warnings: they are \
        rebuilt when the log is next opened.
        """
    )

    @OptionGroup var location: LogLocation

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(name: .customLong("no-decode"), help: "Skip decompressing payloads (checksums only).")
    var noDecode = false

    func run() throws {
        let dir = try location.existingDirectory()
        let report: VerifyReport
        do {
            report = try LogVerifier.verify(dir, decode: !noDecode)
        } catch {
            FileHandleOutput.stderr("copydesk verify: \(error)")
            throw ExitCode.failure
        }
        if json {
            FileHandleOutput.stdout(FileHandleOutput.json(report))
        } else {
            for w in report.warnings { FileHandleOutput.stdout("warning: \(w)") }
            for p in report.problems {
                FileHandleOutput.stdout("CORRUPT: \(p.segment): first bad offset \(p.offset) at byte \(p.position): \(p.reason)")
            }
            let verdict = report.clean ? "clean" : "\(report.problems.count) problem(s)"
            FileHandleOutput.stdout("\(dir.path): \(report.segments) segment(s), \(report.records) record(s), offsets \(report.firstOffset)..<\(report.nextOffset): \(verdict)")
        }
        if !report.clean { throw ExitCode.failure }
    }
}
