import Synchronization

/// Decides whether the daemon deserves a `WATCHDOG=1`: it is idle, or it made
/// progress since the last check, or it is knowingly paused (a full disk is
/// reported through `status`, not fixed by a restart). A writer or stage that
/// is stuck with work in flight stops the pings, and systemd restarts it.
final class WatchdogGate: Sendable {
    private let last = Mutex<UInt64?>(nil)

    /// `progress` must grow whenever an article or file is finished.
    func healthy(inFlight: Int, progress: UInt64, paused: Bool) -> Bool {
        last.withLock { previous in
            defer { previous = progress }
            if inFlight == 0 || paused { return true }
            guard let p = previous else { return true }
            return progress > p
        }
    }
}
