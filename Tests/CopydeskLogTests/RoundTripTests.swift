import Foundation
import Testing
@testable import CopydeskLog

@Suite("Records round-trip through the log")
struct RoundTripTests {
    @Test("uncompressed and dictionary-less zstd records read back byte for byte")
    func roundTripWithoutDictionary() throws {
        let dir = TemporaryDirectory()
        let writer = try LogWriter(directory: dir.log, configuration: .testing())
        let compressor = Compressor()
        var expected: [[UInt8]] = []
        for n in 0..<500 {
            let raw = sampleRecord(n)
            expected.append(raw)
            let rec = n % 2 == 0 ? EncodedRecord(raw: raw) : try compressor.compress(raw, dictionary: nil)
            let range = try writer.appendAndWait([rec])
            #expect(range == UInt64(n)...UInt64(n))
        }
        let got = try readAll(dir.log, writer: writer)
        #expect(got.map(\.offset) == (0..<500).map(UInt64.init))
        #expect(got.map(\.payload) == expected)
        writer.close()
    }

    @Test("dictionary records read back in a new process view, from dicts/ or from the segment alone")
    func roundTripWithDictionary() throws {
        let dir = TemporaryDirectory()
        let writer = try LogWriter(directory: dir.log, configuration: .testing())
        let rc = RecordCompressor(dictionaries: writer.dictionaries, training: nil)
        #expect(rc.trainNow(samples: (1000..<1400).map { sampleRecord($0) }))
        let dict = try #require(rc.dictionary)
        #expect(FileManager.default.fileExists(atPath: DictionaryRegistry.path(in: dir.log.dictionaries, id: dict.id)))
        let raws = (0..<300).map { sampleRecord($0) }
        var records: [EncodedRecord] = []
        for raw in raws { records.append(try rc.compress(raw)) }
        #expect(records.allSatisfy { $0.dictionaryID == dict.id && $0.codec == .zstd })
        try writer.appendAndWait(records)
        writer.close()

        #expect(try readAll(dir.log).map(\.payload) == raws)
        // Without dicts/, the DICT record embedded in the segment suffices.
        try FileManager.default.removeItem(atPath: dir.log.dictionaries)
        #expect(try readAll(dir.log).map(\.payload) == raws)
    }

    @Test("a record whose dictionary is nowhere is an error naming the dictionary id")
    func missingDictionaryIsNamed() throws {
        let registry = DictionaryRegistry(directory: nil)
        let dict = try LogDictionary.train(samples: (0..<300).map { sampleRecord($0) }, capacity: 8 * 1024)
        let encoded = try Compressor().compress(sampleRecord(7), dictionary: dict)
        let record = LogRecord(offset: 42, timestamp: 0, codec: encoded.codec, dictionaryID: encoded.dictionaryID,
                               rawLength: encoded.rawLength, body: encoded.body)
        #expect {
            _ = try Decompressor().decode(record, dictionaries: registry)
        } throws: { error in
            guard let e = error as? LogError else { return false }
            return e.code == .dictionaryMissing && e.message.contains(LogDictionary.hex(dict.id)) && e.offset == 42
        }
    }

    @Test("appending a record with a dictionary the log never stored fails that submission only")
    func unknownDictionaryIsRefused() throws {
        let dir = TemporaryDirectory()
        let writer = try LogWriter(directory: dir.log, configuration: .testing())
        let dict = try LogDictionary.train(samples: (0..<300).map { sampleRecord($0) }, capacity: 8 * 1024)
        let bad = try Compressor().compress(sampleRecord(1), dictionary: dict)
        #expect(throws: LogError.self) { try writer.appendAndWait([bad]) }
        #expect(try writer.appendAndWait([EncodedRecord(raw: sampleRecord(2))]) == 0...0)
        writer.close()
    }

    @Test("CRC32C matches the published check value")
    func crcCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        let split = CRC32C.checksum(Array("56789".utf8), extending: CRC32C.checksum(Array("1234".utf8)))
        #expect(split == 0xE306_9283)
    }

    @Test("a group commit of many submissions gives each its own contiguous range")
    func groupCommitRanges() throws {
        let dir = TemporaryDirectory()
        let writer = try LogWriter(directory: dir.log, configuration: .testing())
        let ranges = Mutex<[ClosedRange<UInt64>]>([])
        let group = DispatchGroup()
        DispatchQueue.concurrentPerform(iterations: 200) { n in
            group.enter()
            writer.append([EncodedRecord(raw: sampleRecord(n)), EncodedRecord(raw: sampleRecord(n + 1000))]) { r in
                if case .success(let range) = r { ranges.withLock { $0.append(range) } }
                group.leave()
            }
        }
        group.wait()
        let all = ranges.withLock { $0 }.sorted { $0.lowerBound < $1.lowerBound }
        #expect(all.count == 200)
        #expect(all.allSatisfy { $0.count == 2 })
        #expect(all.flatMap { Array($0) } == (0..<400).map(UInt64.init))
        #expect(writer.ends == LogEndOffsets(visible: 400, durable: 400))
        writer.close()
    }
}

import Synchronization
