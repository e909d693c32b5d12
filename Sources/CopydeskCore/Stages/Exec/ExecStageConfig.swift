#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import FoundationEssentials

/// `type: exec`: runs an external command per article, so a stage can be
/// plugged in without rebuilding copydesk.
///
/// ```yaml
/// - type: exec
///   command: ["/usr/local/bin/tag-sections", "--strict"]   # argv; no shell
///   timeout_ms: 5000                                     # default 5000
///   env: {MODEL_DIR: /var/lib/tagger}                      # added to the daemon's environment
/// ```
///
/// The command gets the article's record JSON (one line) on stdin and must
/// print the whole new record JSON on stdout and exit 0. The executable is
/// looked up in `PATH` when the pipeline is loaded, so a missing command fails
/// `copydesk validate` rather than every article.
public struct ExecStageConfig: StageConfig {
    /// The stage's YAML keys.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case command
        case timeoutMilliseconds = "timeout_ms"
        case env
    }

    /// `exec`.
    public static let type = "exec"

    /// The argument vector, program first, as configured.
    public var command: [String]
    /// The program's resolved path.
    public var executable: String
    /// How long one run may take before its process group is killed.
    public var timeoutMilliseconds: Int
    /// Variables added to (or replacing) the daemon's environment.
    public var env: [String: String]

    /// A config made in code; `command[0]` is resolved like in YAML.
    public init(command: [String], timeoutMilliseconds: Int = 5000, env: [String: String] = [:]) throws(StageError) {
        guard let program = command.first, !program.isEmpty else {
            throw StageError(.badConfig, stage: Self.type, "'command' needs at least the program to run")
        }
        guard let resolved = Self.resolve(program) else {
            throw StageError(.badConfig, stage: Self.type, Self.notFound(program))
        }
        self.command = command
        self.executable = resolved
        self.timeoutMilliseconds = timeoutMilliseconds
        self.env = env
    }

    /// Decodes and checks the command, timeout and environment.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        command = try c.decode([String].self, forKey: .command)
        guard let program = command.first, !program.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .command, in: c, debugDescription: "needs at least the program to run, as a list: [program, arg, …]")
        }
        guard let resolved = Self.resolve(program) else {
            throw DecodingError.dataCorruptedError(forKey: .command, in: c, debugDescription: Self.notFound(program))
        }
        executable = resolved
        timeoutMilliseconds = try c.decodeIfPresent(Int.self, forKey: .timeoutMilliseconds) ?? 5000
        guard (1...600_000).contains(timeoutMilliseconds) else {
            throw DecodingError.dataCorruptedError(forKey: .timeoutMilliseconds, in: c, debugDescription: "must be between 1 and 600000 (ten minutes)")
        }
        env = try c.decodeIfPresent([String: String].self, forKey: .env) ?? [:]
        if let bad = env.keys.first(where: { $0.isEmpty || $0.contains("=") || $0.contains("\0") }) {
            throw DecodingError.dataCorruptedError(forKey: .env, in: c, debugDescription: "'\(bad)' is not a valid variable name")
        }
    }

    /// Makes an ``ExecStage``; the environment is taken from the daemon now.
    public func build(name: String, context: StageContext) throws(StageError) -> any Stage {
        var environment = ProcessInfo.processInfo.environment
        environment.merge(env) { _, configured in configured }
        let child = ChildProcess(
            executable: executable, arguments: command,
            environment: environment.map { "\($0.key)=\($0.value)" }.sorted())
        return ExecStage(name: name, command: child, timeout: .milliseconds(timeoutMilliseconds))
    }

    /// The path to run for `program`: itself when it holds a `/`, else the first executable match in `PATH`.
    static func resolve(_ program: String) -> String? {
        if program.contains("/") {
            return access(program, X_OK) == 0 ? program : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = "\(directory)/\(program)"
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }

    private static func notFound(_ program: String) -> String {
        program.contains("/")
            ? "'\(program)' does not exist or is not executable"
            : "'\(program)' is not an executable in PATH; give its full path"
    }
}
