import Testing
@testable import CopydeskCore

@Suite("Text decoding")
struct TextDecodingTests {
    @Test("empty input is refused as empty")
    func empty() {
        #expect(throws: StageError.self) { try TextDecoding.decode([UInt8]()) }
        do {
            _ = try TextDecoding.decode([UInt8]())
        } catch {
            #expect(error.code == .empty)
        }
    }

    @Test("whitespace-only input is refused as empty")
    func whitespaceOnly() {
        #expect(throws: StageError(.empty, stage: "parse", "The file holds only whitespace; nothing to ingest.")) {
            try TextDecoding.decode(Array(" \n\t\r\n ".utf8))
        }
    }

    @Test("binary garbage is refused as not text")
    func binary() {
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]
        for bytes in [noise, png] {
            do {
                _ = try TextDecoding.decode(bytes)
                Issue.record("binary input was accepted")
            } catch {
                #expect(error.code == .notText)
            }
        }
    }

    @Test("control characters without NULs are refused as not text")
    func controlCharacters() throws {
        let bytes = (0..<400).map { UInt8($0 % 2 == 0 ? 0x01 : 0x41) }
        #expect(throws: StageError.self) { try TextDecoding.decode(bytes) }
    }

    @Test("a UTF-8 BOM is removed")
    func utf8BOM() throws {
        let decoded = try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array("Héllo".utf8))
        #expect(decoded.text == "Héllo")
        #expect(decoded.encoding == .utf8BOM)
    }

    @Test("UTF-16 with a BOM is decoded in either byte order", arguments: [false, true])
    func utf16WithBOM(bigEndian: Bool) throws {
        let text = "Grüße – “quoted”\r\nline two"
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in text.utf16 {
            bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let decoded = try TextDecoding.decode(bytes)
        #expect(decoded.text == "Grüße – “quoted”\nline two")
        #expect(decoded.encoding == (bigEndian ? .utf16BE : .utf16LE))
    }

    @Test("UTF-16 without a BOM is recognised by its NUL pattern")
    func utf16WithoutBOM() throws {
        let bytes = "Plain headline\n\nBody text here.".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let decoded = try TextDecoding.decode(bytes)
        #expect(decoded.text == "Plain headline\n\nBody text here.")
        #expect(decoded.encoding == .utf16LE)
    }

    @Test("invalid UTF-8 in mostly-text input is repaired and flagged")
    func repairsInvalidUTF8() throws {
        let bytes = Array("Café owners say “yes” to ".utf8) + [0xC3, 0x28] + Array(" the plan.".utf8)
        let decoded = try TextDecoding.decode(bytes)
        #expect(decoded.flags == [TextDecoding.repairedUTF8Flag])
        #expect(decoded.text.contains("\u{FFFD}"))
        #expect(decoded.text.hasPrefix("Café owners"))
    }

    @Test("Latin-1 text with no UTF-8 sequences is read as Windows-1252")
    func windows1252() throws {
        let bytes = Array("Prices rose to ".utf8) + [0xA3] + Array("5 at the caf".utf8) + [0xE9, 0x93] + Array("ok".utf8) + [0x94]
        let decoded = try TextDecoding.decode(bytes)
        #expect(decoded.text == "Prices rose to £5 at the café“ok”")
        #expect(decoded.encoding == .windows1252)
        #expect(decoded.flags == [TextDecoding.windows1252Flag])
    }

    @Test("CRLF and lone CR become LF")
    func lineEnds() throws {
        #expect(try TextDecoding.decode(Array("a\r\nb\rc\n".utf8)).text == "a\nb\nc\n")
    }
}
