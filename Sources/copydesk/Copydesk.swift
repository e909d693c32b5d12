import ArgumentParser
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The `copydesk` command: argument parsing and output only; the work is in the libraries.
@main
struct Copydesk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copydesk",
        abstract: "A news-article ingest daemon: drop directories in, an append-only zstd log out.",
        discussion: """
        `run` watches drop directories and appends every article to the log, the source \
        of truth; `status`, `events`, `pause`, `resume` and `reload` talk to it over its \
        control socket; `replay` sends the log downstream (stdout, files, HTTP, PostgreSQL, \
        Kafka) with consumer checkpoints; `verify`, `tail` and `log stats` read the log; \
        `dedup eval` and `bench` measure.
        """,
        subcommands: [RunCommand.self, StatusCommand.self, EventsCommand.self, PauseCommand.self, ResumeCommand.self, ReloadCommand.self,
                      RetryCommand.self, ReplayCommand.self, ConsumersCommand.self, IngestCommand.self, ValidateCommand.self,
                      VerifyCommand.self, TailCommand.self, LogCommand.self, DedupCommand.self, EntitiesCommand.self, TrainEntitiesCommand.self, ExtractCommand.self, BenchCommand.self]
    )

    /// Parses and runs; usage errors exit 2, as `verify`'s contract says for every command.
    static func main() {
        // A parent may have started us with signals blocked (a thread's mask is
        // inherited across exec); SIGTERM and SIGINT must work.
        var none = sigset_t()
        sigemptyset(&none)
        sigprocmask(SIG_SETMASK, &none, nil)
        // glibc gives every thread that allocates its own arena (up to 8 per
        // core); with Dispatch's pool that fragments the heap. Two arenas keep
        // the daemon's peak RSS down (146 → 118 MiB in `bench pipeline
        // --articles 20000`) and measured no slower. MALLOC_ARENA_MAX still wins.
        if getenv("MALLOC_ARENA_MAX") == nil { _ = glibcMallopt(-8 /* M_ARENA_MAX */, 2) }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandleOutput.stderr(fullMessage(for: error))
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// glibc's `mallopt` (in <malloc.h>, which the Glibc module does not bring in).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
