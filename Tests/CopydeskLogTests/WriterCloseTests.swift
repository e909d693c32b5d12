import Dispatch
import Synchronization
import Testing
@testable import CopydeskLog

@Suite("The writer closing under concurrent appends")
struct WriterCloseTests {
    /// Appends from several threads while another closes the writer; counts
    /// how often each submission's completion ran.
    static func completionCounts(threads: Int, appendsPerThread: Int) throws -> [Int] {
        let dir = TemporaryDirectory()
        var configuration = LogConfiguration.testing(fsync: .never)
        configuration.lingerMilliseconds = 0
        let writer = try LogWriter(directory: dir.log, configuration: configuration)
        let counts = Mutex([Int](repeating: 0, count: threads * appendsPerThread))
        let started = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for t in 0..<threads {
            DispatchQueue.global().async(group: group) {
                started.signal()
                for n in 0..<appendsPerThread {
                    let slot = t * appendsPerThread + n
                    writer.append([EncodedRecord(raw: sampleRecord(slot, words: 4))]) { _ in
                        counts.withLock { $0[slot] += 1 }
                    }
                }
            }
        }
        for _ in 0..<threads { started.wait() }
        writer.close()
        group.wait()
        return counts.withLock { $0 }
    }

    @Test("every submission's completion runs exactly once when close() races append()")
    func completionRunsOnceAcrossClose() throws {
        for _ in 0..<40 {
            let counts = try Self.completionCounts(threads: 4, appendsPerThread: 300)
            #expect(counts.filter { $0 != 1 }.isEmpty, "completions that ran other than once: \(counts.enumerated().filter { $0.element != 1 }.prefix(5))")
        }
    }

    @Test("an append after close fails at once with .closed")
    func appendAfterCloseFails() throws {
        let dir = TemporaryDirectory()
        let writer = try LogWriter(directory: dir.log, configuration: .testing())
        writer.close()
        let result = Mutex<Result<ClosedRange<UInt64>, LogError>?>(nil)
        writer.append([EncodedRecord(raw: sampleRecord(1))]) { r in result.withLock { $0 = r } }
        let code: LogError.Code? = result.withLock { r in
            if case .failure(let e)? = r { return e.code }
            return nil
        }
        #expect(code == .closed)
    }
}
