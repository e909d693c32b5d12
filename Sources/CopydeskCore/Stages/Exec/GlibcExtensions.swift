#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// glibc functions that Swift's Glibc module does not import (they are
/// declared only under `_GNU_SOURCE`), looked up once at run time.
enum GlibcExtensions {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    /// `pipe2(2)` (glibc 2.9+), for pipes that are close-on-exec from birth.
    static let pipe2: Pipe2? = symbol("pipe2")

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+; Debian 12 ships 2.36).
    static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")

    private static func symbol<F>(_ name: String) -> F? {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(address, to: F.self)
    }
}
