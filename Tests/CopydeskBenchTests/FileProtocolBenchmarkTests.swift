import Foundation
import Testing
@testable import CopydeskBench

@Suite("bench files: the drop-directory protocol alone")
struct FileProtocolBenchmarkTests {
    @Test("every file is renamed in, seen by inotify, read and moved to .done; the scratch folder is removed")
    func handlesEveryFile() throws {
        let scratch = NSTemporaryDirectory() + "copydesk-bench-files-\(UUID().uuidString)"
        let r = try FileProtocolBenchmark(files: 300, bytesPerFile: 1000, scratch: scratch).run { _ in }
        #expect(r.files == 300)
        #expect(r.bytesPerFile == 1000)
        #expect(r.seconds > 0 && r.filesPerSecond > 0)
        #expect(r.cpuMicrosecondsPerFile >= r.systemMicrosecondsPerFile)
        #expect(r.cores >= 1)
        #expect(!FileManager.default.fileExists(atPath: scratch))
    }
}
