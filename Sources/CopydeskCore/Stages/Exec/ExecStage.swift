import FoundationEssentials

/// Runs an external command per article: the record JSON on stdin, the new
/// record JSON on stdout.
///
/// A non-zero exit or a signal is `exec_failed`, output that is not an
/// article's JSON is `exec_bad_json`, and a run past the timeout is killed
/// with its whole process group and is `exec_timeout`; each message carries
/// the start of the command's stderr. Parallel: every call runs its own process,
/// and blocks its worker thread until the command ends or times out.
public struct ExecStage: Stage {
    /// Most stdout accepted from one run (a record is far smaller).
    public static let outputLimit = 64 << 20
    /// Bytes of stderr kept for error messages.
    public static let stderrLimit = 2048

    /// The stage's name in its pipeline.
    public let name: String
    /// The command to run.
    let command: ChildProcess
    /// How long one run may take.
    public let timeout: Duration

    init(name: String, command: ChildProcess, timeout: Duration) {
        self.name = name
        self.command = command
        self.timeout = timeout
    }

    /// The command as an operator would type it (for messages).
    public var commandLine: String {
        let line = command.arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }

    /// Replaces `item.article` with what the command prints.
    public func process(_ item: inout PipelineItem) throws(StageError) -> StageOutcome {
        let article = try item.requireArticle(stage: name)
        let line = item.source.line
        var input: [UInt8]
        do {
            input = try article.recordJSON()
        } catch {
            throw StageError(.execFailed, stage: name, "The article cannot be handed to `\(commandLine)` as JSON: \(error), which JSON cannot hold; an earlier stage computed it from this article.", line: line)
        }
        input.append(0x0A)
        let result: ChildProcessResult
        do {
            result = try command.run(input: input, timeout: timeout, outputLimit: Self.outputLimit, errorLimit: Self.stderrLimit)
        } catch {
            throw StageError(.execFailed, stage: name, "Could not run `\(commandLine)`: \(error). Check the command and the daemon's limits.", line: line)
        }
        let stderr = Self.describeStderr(result)
        switch result.termination {
        case .timedOut:
            throw StageError(.execTimeout, stage: name, "`\(commandLine)` did not finish within \(Self.describe(timeout)) and was killed with its process group; raise timeout_ms or fix the command.\(stderr)", line: line)
        case .outputTooLarge:
            throw StageError(.execFailed, stage: name, "`\(commandLine)` wrote more than \(Self.outputLimit >> 20) MiB to stdout and was killed.\(stderr)", line: line)
        case .statusLost:
            throw StageError(.execFailed, stage: name, "`\(commandLine)` ended but its exit status was lost: the daemon must not set SIGCHLD to SIG_IGN.\(stderr)", line: line)
        case .signaled(let signal):
            throw StageError(.execFailed, stage: name, "`\(commandLine)` was killed by signal \(signal).\(stderr)", line: line)
        case .exited(let status) where status != 0:
            throw StageError(.execFailed, stage: name, "`\(commandLine)` exited with status \(status).\(stderr)", line: line)
        case .exited:
            break
        }
        do {
            item.article = try Article(jsonData: Data(result.stdout))
        } catch {
            let shown = String(decoding: result.stdout.prefix(120), as: UTF8.self)
            let what = result.stdout.isEmpty ? "printed nothing" : "printed something that is not an article's JSON (starting \(shown.debugDescription))"
            throw StageError(.execBadJSON, stage: name, "`\(commandLine)` \(what); it must print the whole record as one JSON object.\(stderr)", line: line)
        }
        return .next
    }

    private static func describeStderr(_ result: ChildProcessResult) -> String {
        guard !result.stderr.isEmpty else { return " It wrote nothing to stderr." }
        let text = String(decoding: result.stderr, as: UTF8.self)
        return " stderr: \(text)\(result.stderrTruncated ? "…" : "")"
    }

    private static func describe(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms"
    }
}
