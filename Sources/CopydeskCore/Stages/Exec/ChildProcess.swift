#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// One external command, run to completion with bytes on stdin and its
/// stdout and stderr collected, under a timeout.
///
/// Started with `posix_spawn`, not a shell, in a process group of its own (so
/// a timeout kills its children too), with an empty signal mask and default
/// dispositions for the signals a daemon blocks or ignores, and with no file
/// descriptors but 0, 1 and 2 (our pipes are close-on-exec and everything
/// else is closed with `closefrom`). stdin, stdout and stderr are served by
/// one `poll` loop, so neither side can deadlock on a full pipe.
struct ChildProcess: Sendable {
    /// The program's path.
    let executable: String
    /// The argument vector, `argv[0]` included.
    let arguments: [String]
    /// The environment, as `KEY=value`.
    let environment: [String]

    /// Signals set back to their default action in the child: a daemon ignores or handles these.
    private static let defaultedSignals: [Int32] = [SIGPIPE, SIGHUP, SIGINT, SIGTERM, SIGQUIT, SIGUSR1, SIGUSR2, SIGCHLD, SIGALRM, SIGXFSZ]

    /// Runs the command once.
    ///
    /// - Parameters:
    ///   - input: written to its stdin, which is then closed.
    ///   - timeout: from start to exit; past it the process group gets SIGKILL.
    ///   - outputLimit: most stdout bytes accepted; past it the process group gets SIGKILL.
    ///   - errorLimit: stderr bytes kept (the rest is read and discarded).
    /// - Throws: when pipes cannot be made or the program cannot be started.
    func run(input: [UInt8], timeout: Duration, outputLimit: Int, errorLimit: Int) throws(ChildProcessError) -> ChildProcessResult {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var open = OpenDescriptors()
        defer { open.closeAll() }

        let (stdinRead, stdinWrite) = try Self.makePipe(&open)
        let (stdoutRead, stdoutWrite) = try Self.makePipe(&open)
        let (stderrRead, stderrWrite) = try Self.makePipe(&open)
        let pid = try spawn(stdin: stdinRead, stdout: stdoutWrite, stderr: stderrWrite)
        for fd in [stdinRead, stdoutWrite, stderrWrite] { open.close(fd) }
        for fd in [stdinWrite, stdoutRead, stderrRead] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }

        // A write to a pipe whose reader is gone raises SIGPIPE, which would end
        // the daemon; block it on this thread and swallow what the loop caused.
        let restoreSIGPIPE = Self.blockSIGPIPE()
        defer { restoreSIGPIPE() }

        var io = PipeTraffic(input: input, outputLimit: outputLimit, errorLimit: errorLimit)
        var stdinFD = input.isEmpty ? open.close(stdinWrite) : stdinWrite
        var stdoutFD = stdoutRead, stderrFD = stderrRead
        var ending: ChildProcessResult.Termination?

        while stdinFD >= 0 || stdoutFD >= 0 || stderrFD >= 0 {
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { ending = .timedOut; break }
            var fds: [pollfd] = []
            if stdinFD >= 0 { fds.append(pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0)) }
            if stdoutFD >= 0 { fds.append(pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)) }
            if stderrFD >= 0 { fds.append(pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), Self.milliseconds(remaining))
            if ready < 0 {
                if errno == EINTR { continue }
                Self.kill(pid)
                throw ChildProcessError(operation: "poll", errno: errno)
            }
            for entry in fds where entry.revents != 0 {
                switch entry.fd {
                case stdinFD:
                    if !io.write(to: stdinFD) { stdinFD = open.close(stdinFD) }
                case stdoutFD:
                    if !io.read(from: stdoutFD, into: .stdout) { stdoutFD = open.close(stdoutFD) }
                default:
                    if !io.read(from: stderrFD, into: .stderr) { stderrFD = open.close(stderrFD) }
                }
            }
            if io.outputOverflowed { ending = .outputTooLarge; break }
        }

        if ending == nil {
            ending = Self.waitForExit(pid, until: deadline, clock: clock)
        }
        if let ending, ending == .timedOut || ending == .outputTooLarge {
            Self.kill(pid)
            _ = Self.reap(pid)
        }
        return ChildProcessResult(termination: ending ?? .timedOut, stdout: io.stdout, stderr: io.stderr, stderrTruncated: io.stderrTruncated)
    }

    // MARK: - Spawning

    private func spawn(stdin: Int32, stdout: Int32, stderr: Int32) throws(ChildProcessError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        // Descriptors the daemon opened without O_CLOEXEC (or a library did) stay out of the child.
        if let addCloseFrom = GlibcExtensions.addCloseFrom { _ = addCloseFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaulted = sigset_t()
        sigemptyset(&defaulted)
        for signal in Self.defaultedSignals { sigaddset(&defaulted, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaulted)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else { throw ChildProcessError(operation: "posix_spawn \(executable)", errno: status) }
        return pid
    }

    /// A close-on-exec pipe whose ends are above 2, so the child's `dup2` onto 0, 1, 2 cannot clobber one.
    private static func makePipe(_ open: inout OpenDescriptors) throws(ChildProcessError) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        if let pipe2 = GlibcExtensions.pipe2 {
            guard pipe2(&ends, O_CLOEXEC) == 0 else { throw ChildProcessError(operation: "pipe2", errno: errno) }
        } else {
            // No pipe2: a spawn on another thread may briefly see these ends; closefrom still keeps them out of its child.
            guard pipe(&ends) == 0 else { throw ChildProcessError(operation: "pipe", errno: errno) }
            for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        }
        for i in 0..<2 where ends[i] < 3 {
            let moved = fcntl(ends[i], F_DUPFD_CLOEXEC, 3)
            let error = errno
            Glibc.close(ends[i])
            ends[i] = moved
            guard moved >= 0 else {
                for fd in ends where fd >= 0 { Glibc.close(fd) }
                throw ChildProcessError(operation: "fcntl(F_DUPFD_CLOEXEC)", errno: error)
            }
        }
        open.add(ends[0])
        open.add(ends[1])
        return (ends[0], ends[1])
    }

    // MARK: - Waiting

    /// Waits for the process to exit, polling so the deadline holds even when it
    /// closed its pipes early; nil when the deadline passes first.
    private static func waitForExit(_ pid: pid_t, until deadline: ContinuousClock.Instant, clock: ContinuousClock) -> ChildProcessResult.Termination? {
        var pause: UInt32 = 50
        while true {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { return termination(status) }
            if reaped < 0 && errno != EINTR {
                // ECHILD: it was reaped elsewhere (SIGCHLD ignored), so its status is unknown.
                return .statusLost
            }
            if clock.now >= deadline { return .timedOut }
            usleep(pause)
            pause = min(pause * 2, 5_000)
        }
    }

    /// Waits (blocking) for a killed process.
    private static func reap(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }

    /// SIGKILL to the process group the child leads (and so to its children).
    private static func kill(_ pid: pid_t) {
        if Glibc.kill(-pid, SIGKILL) != 0 { _ = Glibc.kill(pid, SIGKILL) }
    }

    private static func termination(_ status: Int32) -> ChildProcessResult.Termination {
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
        status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signaled(status & 0x7F)
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let ms = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: max(1, ms))
    }

    /// Blocks SIGPIPE on this thread; the returned function discards a SIGPIPE
    /// raised meanwhile and restores the mask.
    private static func blockSIGPIPE() -> () -> Void {
        var pipeOnly = sigset_t()
        sigemptyset(&pipeOnly)
        sigaddset(&pipeOnly, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeOnly, &previous)
        let wasBlocked = sigismember(&previous, SIGPIPE) == 1
        return {
            if !wasBlocked {
                var pending = sigset_t()
                sigpending(&pending)
                if sigismember(&pending, SIGPIPE) == 1 {
                    var now = timespec()
                    _ = sigtimedwait(&pipeOnly, nil, &now)
                }
            }
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
    }
}
