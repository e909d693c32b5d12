#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The bytes moving through a ``ChildProcess``'s pipes: what is left to
/// write to stdin, and what came back on stdout and stderr.
struct PipeTraffic {
    /// Which output a read is for.
    enum Stream { case stdout, stderr }

    private let input: [UInt8]
    private var written = 0
    private let outputLimit: Int
    private let errorLimit: Int
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    /// stdout so far.
    private(set) var stdout: [UInt8] = []
    /// The first `errorLimit` bytes of stderr.
    private(set) var stderr: [UInt8] = []
    /// Whether stderr held more than was kept.
    private(set) var stderrTruncated = false
    /// Whether stdout went past its limit.
    private(set) var outputOverflowed = false

    init(input: [UInt8], outputLimit: Int, errorLimit: Int) {
        self.input = input
        self.outputLimit = outputLimit
        self.errorLimit = errorLimit
    }

    /// Writes what the pipe takes; false once stdin is done (all written, or the child stopped reading).
    mutating func write(to fd: Int32) -> Bool {
        let count = input.withUnsafeBytes { bytes in
            Glibc.write(fd, bytes.baseAddress! + written, bytes.count - written)
        }
        if count < 0 { return errno == EAGAIN || errno == EINTR }
        written += count
        return written < input.count
    }

    /// Reads what is there; false at end of file or on an error.
    mutating func read(from fd: Int32, into stream: Stream) -> Bool {
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if count < 0 { return errno == EAGAIN || errno == EINTR }
        if count == 0 { return false }
        switch stream {
        case .stdout:
            stdout.append(contentsOf: buffer[0..<count])
            if stdout.count > outputLimit { outputOverflowed = true }
        case .stderr:
            let room = max(0, errorLimit - stderr.count)
            stderr.append(contentsOf: buffer[0..<min(room, count)])
            if count > room { stderrTruncated = true }
        }
        return true
    }
}
