#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import Testing
@testable import CopydeskCore

@Suite("Exec stage")
struct StageExecTests {
    static let article = Article(
        id: "0123456789abcdef0123456789abcdef", language: "en",
        headlines: [.init(value: "Old headline")], bodies: [.init(value: "Lighthouse keepers return to the point.")])

    func stage(_ command: [String], timeoutMilliseconds: Int = 5000, env: [String: String] = [:]) throws -> any Stage {
        try ExecStageConfig(command: command, timeoutMilliseconds: timeoutMilliseconds, env: env)
            .build(name: "exec", context: PipelineTestSupport.context())
    }

    func item(_ article: Article = Self.article) -> PipelineItem {
        var item = PipelineTestSupport.item("unused")
        item.article = article
        return item
    }

    func sh(_ script: String, timeoutMilliseconds: Int = 5000, env: [String: String] = [:]) throws -> any Stage {
        try stage(["/bin/sh", "-c", script], timeoutMilliseconds: timeoutMilliseconds, env: env)
    }

    @Test("cat gives the article back unchanged")
    func identity() throws {
        var item = item()
        #expect(try stage(["cat"]).process(&item) == .next)
        #expect(item.article == Self.article)
    }

    @Test("a sed script rewrites a field")
    func sedRewrites() throws {
        var item = item()
        _ = try sh("sed 's/Old headline/New headline/'").process(&item)
        #expect(item.article?.headline == "New headline")
        #expect(item.article?.bodyText == Self.article.bodyText)
    }

    @Test("a python script adds a field", .enabled(if: ExecStageConfig.resolve("python3") != nil))
    func pythonAddsField() throws {
        var item = item()
        let script = "import json, sys; a = json.load(sys.stdin); a['slugline'] = 'Coast'; print(json.dumps(a))"
        _ = try stage(["python3", "-c", script], timeoutMilliseconds: 20_000).process(&item)
        #expect(item.article?.slugline == "Coast")
    }

    @Test("false is exec_failed with its exit status")
    func nonZeroExit() throws {
        var item = item()
        let error = #expect(throws: StageError.self) { try stage(["false"]).process(&item) }
        #expect(error?.code == .execFailed)
        #expect(error?.message.contains("exited with status 1") == true)
    }

    @Test("a failing command's stderr is in the message")
    func stderrInMessage() throws {
        var item = item()
        let error = #expect(throws: StageError.self) { try sh("echo 'model file missing' >&2; exit 3").process(&item) }
        #expect(error?.code == .execFailed)
        #expect(error?.message.contains("exited with status 3") == true)
        #expect(error?.message.contains("model file missing") == true)
    }

    @Test("a command past its timeout is killed and is exec_timeout")
    func timeout() throws {
        var item = item()
        let started = ContinuousClock.now
        let error = #expect(throws: StageError.self) { try stage(["sleep", "10"], timeoutMilliseconds: 200).process(&item) }
        #expect(error?.code == .execTimeout)
        #expect(error?.message.contains("200 ms") == true)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("a timeout kills the command's children too")
    func timeoutKillsGroup() throws {
        let directory = try PipelineTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pidFile = directory.appendingPathComponent("child.pid").path
        var item = item()
        let error = #expect(throws: StageError.self) {
            try sh("sleep 30 & echo $! > '\(pidFile)'; wait", timeoutMilliseconds: 300).process(&item)
        }
        #expect(error?.code == .execTimeout)
        let text = try String(contentsOfFile: pidFile, encoding: .utf8)
        let pid = try #require(Int32(text.filter(\.isNumber)))
        #expect(Self.waitUntilGone(pid), "the grandchild \(pid) is still running")
    }

    @Test("output that is not JSON is exec_bad_json with the start of stderr")
    func garbage() throws {
        var item = item()
        let error = #expect(throws: StageError.self) { try sh("echo 'this is not json'; echo 'tagger: warming up' >&2").process(&item) }
        #expect(error?.code == .execBadJSON)
        #expect(error?.message.contains("this is not json") == true)
        #expect(error?.message.contains("tagger: warming up") == true)
    }

    @Test("no output at all is exec_bad_json")
    func emptyOutput() throws {
        var item = item()
        let error = #expect(throws: StageError.self) { try sh("cat > /dev/null").process(&item) }
        #expect(error?.code == .execBadJSON)
        #expect(error?.message.contains("printed nothing") == true)
    }

    @Test("only the first 2 KB of stderr are kept")
    func stderrCapped() throws {
        var item = item()
        let error = #expect(throws: StageError.self) { try sh("head -c 100000 /dev/zero | tr '\\0' x >&2; exit 1").process(&item) }
        let xs = error?.message.filter { $0 == "x" }.count ?? 0
        #expect(xs >= ExecStage.stderrLimit && xs < ExecStage.stderrLimit + 10)
    }

    @Test("a megabyte article goes through cat without a pipe deadlock")
    func largeArticle() throws {
        var article = Self.article
        article.bodies = [.init(value: String(repeating: "The tide came in and went out again. ", count: 30_000))]
        var item = item(article)
        _ = try stage(["cat"]).process(&item)
        #expect(item.article == article)
    }

    @Test("a command that does not read its input does not raise SIGPIPE in the daemon")
    func ignoresInput() throws {
        var article = Self.article
        article.bodies = [.init(value: String(repeating: "Spray over the harbour wall. ", count: 40_000))]
        var item = item(article)
        #expect(try sh("printf '{\"headlines\":[{\"role\":\"main\",\"value\":\"Short\"}]}'").process(&item) == .next)
        #expect(item.article?.headline == "Short")
    }

    @Test("configured variables reach the command")
    func environment() throws {
        var item = item()
        _ = try sh(#"printf '{"slugline":"%s"}' "$DESK_SECTION""#, env: ["DESK_SECTION": "Harbour"]).process(&item)
        #expect(item.article?.slugline == "Harbour")
    }

    @Test("the command starts with no blocked signals even when the calling thread blocks some")
    func emptySignalMask() throws {
        var blocked = sigset_t(), previous = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGUSR2)
        sigaddset(&blocked, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        var item = item()
        // awk is run directly, not through a shell, which might clear its own mask.
        let report = try stage(["awk", #"/^SigBlk/ { print ($2 ~ /^0+$/) ? "{}" : "blocked " $2 }"#, "/proc/self/status"])
        #expect(try report.process(&item) == .next)
    }

    @Test("descriptors the daemon left inheritable are closed in the command")
    func descriptorsClosed() throws {
        let fd = open("/dev/null", O_RDONLY)
        #expect(dup2(fd, 250) == 250)
        close(fd)
        defer { close(250) }
        var item = item()
        #expect(try sh("[ -e /proc/$$/fd/250 ] && exit 9; exec cat").process(&item) == .next)
    }

    @Test("an exec stage in YAML runs between normalize and compress")
    func inPipeline() throws {
        let yaml = """
            name: p
            stages:
              - type: parse
              - type: normalize
              - type: exec
                name: section
                command: ["/bin/sh", "-c", "sed 's/\\"type\\":\\"text\\"/\\"type\\":\\"text\\",\\"slugline\\":\\"Harbour\\"/'"]
                timeout_ms: 2000
                env: {LANG: C}
              - type: compress
            """
        let pipeline = try PipelineTestSupport.pipeline(yaml)
        var item = PipelineTestSupport.item(PipelineTestSupport.story)
        #expect(try PipelineTestSupport.run(pipeline, &item) == .next)
        let payload = try PipelineTestSupport.decode(try #require(item.encoded))
        #expect(try Article(jsonData: Data(payload)).slugline == "Harbour")
    }

    @Test("exec configs are checked when the pipeline loads", arguments: [
        ("command: []", "key 'command': needs at least the program"),
        ("command: [no-such-tool-copydesk]", "'no-such-tool-copydesk' is not an executable in PATH"),
        ("command: [/nonexistent/tool]", "'/nonexistent/tool' does not exist or is not executable"),
        ("command: [cat]\n    timeout_ms: 0", "key 'timeout_ms': must be between 1 and 600000"),
        ("timeout_ms: 10", "missing required key 'command'"),
        ("command: [cat]\n    env: {'A=B': c}", "key 'env': 'A=B' is not a valid variable name"),
    ])
    func badConfig(keys: String, expected: String) {
        let yaml = "name: p\nstages:\n  - type: parse\n  - type: exec\n    \(keys)\n"
        let error = #expect(throws: StageError.self) { try PipelineDefinition(yaml: yaml, file: "p.yaml") }
        #expect(error?.message.hasPrefix("p.yaml: stage 2 (exec): ") == true)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "no error")")
    }

    /// Whether `pid` is gone (or a zombie waiting for init) within two seconds.
    static func waitUntilGone(_ pid: Int32) -> Bool {
        for _ in 0..<200 {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            if let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)] == "Z" { return true }
            usleep(10_000)
        }
        return false
    }
}
