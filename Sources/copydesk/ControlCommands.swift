import ArgumentParser
import CopydeskDaemon
import Foundation
import NIOHTTP1

/// `copydesk events`.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "What the daemon does, one line an event: picked, appended, duplicate, near_duplicate, quarantined, paused, resumed, reloaded.",
        discussion: "Prints the recent events (the daemon keeps the last 200); -f goes on printing new ones until interrupted."
    )

    @OptionGroup var options: DaemonOptions

    @Flag(name: .shortAndLong, help: "Follow: keep printing events as they happen.")
    var follow = false

    @Flag(help: "One JSON object a line (as GET /events sends them).")
    var json = false

    func run() throws {
        let socket = try options.load().controlSocketPath
        let asJSON = json
        do {
            let status = try ControlClient.lines(socket: socket, path: "/events?backlog=1&follow=\(follow ? 1 : 0)") { line in
                guard !line.isEmpty else { return }
                if asJSON {
                    FileHandleOutput.stdout(line)
                } else if let e = try? JSONDecoder().decode(DaemonEvent.self, from: Data(line.utf8)) {
                    FileHandleOutput.stdout(e.humanLine)
                }
                FileHandleOutput.flush()
            }
            guard status == 200 else { throw ControlCommandError("the daemon answered HTTP \(status)") }
        } catch let e as ControlClient.Unreachable {
            FileHandleOutput.stderr("copydesk events: \(e)")
            throw ExitCode.failure
        }
    }
}

/// `copydesk pause`, `resume`, `reload`: one POST to the control socket.
struct ControlPost {
    static func send(_ path: String, options: DaemonOptions, command: String) throws {
        let socket = try options.load().controlSocketPath
        do {
            let answer = try ControlClient.request(socket: socket, method: .POST, path: path, timeout: 60)
            struct Message: Decodable { var ok: Bool; var message: String }
            let m = try? JSONDecoder().decode(Message.self, from: Data(answer.body.utf8))
            let text = m?.message ?? answer.body.trimmingCharacters(in: .whitespacesAndNewlines)
            if answer.status == 200, m?.ok ?? false {
                FileHandleOutput.stdout(text)
            } else {
                FileHandleOutput.stderr("copydesk \(command): \(text)")
                throw ExitCode.failure
            }
        } catch let e as ControlClient.Unreachable {
            FileHandleOutput.stderr("copydesk \(command): \(e)")
            throw ExitCode.failure
        }
    }
}

/// `copydesk pause`.
struct PauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause", abstract: "Stop reading new files (articles in flight finish; nothing is lost). `resume` undoes it.")
    @OptionGroup var options: DaemonOptions
    func run() throws { try ControlPost.send("/pause", options: options, command: "pause") }
}

/// `copydesk resume`.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Read files again after `pause`.")
    @OptionGroup var options: DaemonOptions
    func run() throws { try ControlPost.send("/resume", options: options, command: "resume") }
}

/// `copydesk reload`.
struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Load the configuration and pipelines again (as SIGHUP does); a bad one is refused and the running one stays.")
    @OptionGroup var options: DaemonOptions
    func run() throws { try ControlPost.send("/reload", options: options, command: "reload") }
}

/// `copydesk retry`.
struct RetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Move quarantined files back into their drop directory to be read again.",
        discussion: """
        NAME is a file in a drop directory's failed folder (.failed/ by default; a path, or a \
        name looked up in every drop's failed folder). Its NAME.error.json and \
        NAME.lines.jsonl go away; the file goes back under its own name (or NAME.1, … when \
        that is taken), so a running daemon picks it up. --all retries every quarantined file.
        """
    )

    @OptionGroup var options: DaemonOptions

    @Argument(help: "Quarantined files to retry.")
    var names: [String] = []

    @Flag(help: "Retry every quarantined file of every drop directory.")
    var all = false

    func validate() throws {
        if names.isEmpty && !all { throw ValidationError("name a quarantined file, or give --all") }
    }

    func run() throws {
        let config = try options.load()
        let fm = FileManager.default
        var targets: [(file: String, drop: DropSpec)] = []
        for drop in config.drops {
            let listing = ((try? fm.contentsOfDirectory(atPath: drop.failed)) ?? []).filter {
                !$0.hasSuffix(".error.json") && !$0.hasSuffix(".lines.jsonl") && !$0.hasPrefix(".")
            }
            if all { targets += listing.map { (drop.failed + "/" + $0, drop) } }
            for name in names {
                let candidate = name.contains("/") ? name : drop.failed + "/" + name
                if (candidate as NSString).deletingLastPathComponent == drop.failed, fm.fileExists(atPath: candidate) {
                    targets.append((candidate, drop))
                }
            }
        }
        let found = Set(targets.map { ($0.file as NSString).lastPathComponent })
        let missing = names.filter { !found.contains(($0 as NSString).lastPathComponent) }
        for m in missing { FileHandleOutput.stderr("copydesk retry: \(m) is not a quarantined file in any drop directory's failed folder") }
        var moved = 0
        for (file, drop) in targets {
            let name = (file as NSString).lastPathComponent
            var dest = drop.path + "/" + name
            var n = 1
            while fm.fileExists(atPath: dest) { dest = drop.path + "/" + name + ".\(n)"; n += 1 }
            // A rename within one filesystem is atomic: the daemon sees the whole file at once (IN_MOVED_TO).
            guard rename(file, dest) == 0 else {
                FileHandleOutput.stderr("copydesk retry: cannot move \(file) to \(dest): \(String(cString: strerror(errno)))")
                continue
            }
            unlink(file + ".error.json")
            unlink(file + ".lines.jsonl")
            FileHandleOutput.stdout("\(file) → \(dest)")
            moved += 1
        }
        if !missing.isEmpty || moved < targets.count { throw ExitCode.failure }
    }
}

struct ControlCommandError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
