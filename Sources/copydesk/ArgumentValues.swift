import ArgumentParser
import CopydeskLog
import CopydeskSinks
import Logging

// Options with a fixed set of values are typed: a typo is a usage error
// (exit 2) that lists the valid values, never a silent default.

extension HTTPSink.Format: ExpressibleByArgument {}
extension KafkaSink.Key: ExpressibleByArgument {}
extension StreamSink.Compression: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}

extension FsyncPolicy: ExpressibleByArgument {
    /// `always`, `never`, `interval` or `interval:NNms`.
    public init?(argument: String) { self.init(parsing: argument) }

    /// The forms `--fsync` takes.
    public static var allValueStrings: [String] { ["always", "never", "interval", "interval:MSms"] }
}
