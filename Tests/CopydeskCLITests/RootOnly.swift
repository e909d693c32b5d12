import Foundation

/// Runs a system command quietly; true when it exits 0.
@discardableResult
func system(_ arguments: [String]) -> Bool {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = arguments
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return false }
    p.waitUntilExit()
    return p.terminationStatus == 0
}

/// Whether this process may mount a tmpfs (root in a VM or container that allows it).
let canMountTmpfs: Bool = {
    guard getuid() == 0 else { return false }
    let probe = "/tmp/copydesk-mount-probe-\(getpid())"
    try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: probe) }
    guard system(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]) else { return false }
    system(["umount", probe])
    return true
}()

/// Whether this process may change fs.inotify.max_queued_events.
let canTuneInotify: Bool = getuid() == 0 && access("/proc/sys/fs/inotify/max_queued_events", W_OK) == 0

/// Whether `chattr +i` works here (root on ext4 and similar): makes a folder unwritable even for root.
let canMakeImmutable: Bool = {
    guard getuid() == 0 else { return false }
    let probe = "/tmp/copydesk-chattr-probe-\(getpid())"
    try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
    defer { system(["chattr", "-i", probe]); try? FileManager.default.removeItem(atPath: probe) }
    guard system(["chattr", "+i", probe]) else { return false }
    return !FileManager.default.createFile(atPath: probe + "/x", contents: Data())
}()
