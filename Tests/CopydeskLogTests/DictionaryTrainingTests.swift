import Foundation
import Testing
@testable import CopydeskLog

@Suite("When the record compressor trains a dictionary")
struct DictionaryTrainingTests {
    private func policy() -> DictionaryTrainingPolicy {
        var p = DictionaryTrainingPolicy()
        p.samples = 50
        p.retrainAfter = 1_000
        return p
    }

    @Test("a new log collects samples from the first record")
    func newLogCollects() throws {
        let rc = RecordCompressor(dictionaries: DictionaryRegistry(directory: nil), training: policy())
        for n in 0..<49 { _ = try rc.compress(sampleRecord(n)) }
        #expect(rc.trainingState.samples == 49)
        #expect(!rc.trainingState.running)
    }

    @Test("a restart on a log with a dictionary does not train again until retrainAfter records have passed")
    func restartWithDictionary() throws {
        let dict = try LogDictionary.train(samples: (0..<300).map { sampleRecord($0) }, capacity: 8 * 1024)
        let rc = RecordCompressor(dictionaries: DictionaryRegistry(directory: nil), training: policy(), initial: dict)
        for n in 0..<999 { _ = try rc.compress(sampleRecord(n)) }
        #expect(rc.trainingState.samples == 0)
        #expect(!rc.trainingState.running)
        for n in 999..<1_010 { _ = try rc.compress(sampleRecord(n)) }
        #expect(rc.trainingState.samples == 10)
        #expect(rc.trainingRounds == 0)
    }

    @Test("installing a dictionary drops the samples held and waits retrainAfter records")
    func installResets() throws {
        let dir = TemporaryDirectory()
        let rc = RecordCompressor(dictionaries: DictionaryRegistry(directory: dir.log.dictionaries), training: policy())
        for n in 0..<20 { _ = try rc.compress(sampleRecord(n)) }
        #expect(rc.trainingState.samples == 20)
        try FileManager.default.createDirectory(atPath: dir.log.dictionaries, withIntermediateDirectories: true)
        try rc.install(try LogDictionary.train(samples: (0..<300).map { sampleRecord($0) }, capacity: 8 * 1024))
        #expect(rc.trainingState.samples == 0)
        for n in 0..<100 { _ = try rc.compress(sampleRecord(n)) }
        #expect(rc.trainingState.samples == 0)
    }
}
