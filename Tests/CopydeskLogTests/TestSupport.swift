import Foundation
@testable import CopydeskLog

/// A fresh directory under /tmp, removed when the value is released.
final class TemporaryDirectory: @unchecked Sendable {
    let path: String

    init(_ name: String = "copydesk-test") {
        var template = Array("/tmp/\(name).XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = String(cString: p!)
    }

    var log: LogDirectory { LogDirectory(path + "/log") }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A deterministic JSON-ish article payload, different for every `n`.
func sampleRecord(_ n: Int, words: Int = 60) -> [UInt8] {
    let vocabulary = ["minister", "said", "market", "rose", "percent", "government", "on", "the", "in", "a", "talks",
                      "election", "reported", "company", "shares", "week", "president", "agreed", "deal", "year"]
    var state = UInt64(n) &* 6364136223846793005 &+ 1442695040888963407
    var text = "{\"id\":\"\(n)\",\"headline\":\"Story number \(n)\",\"body\":\""
    for i in 0..<words {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        text += vocabulary[Int(state >> 33) % vocabulary.count]
        text += i % 12 == 11 ? ". " : " "
    }
    text += "\"}"
    return Array(text.utf8)
}

extension LogConfiguration {
    static func testing(segmentBytes: Int64 = 128 << 20, fsync: FsyncPolicy = .always) -> LogConfiguration {
        var c = LogConfiguration()
        c.maxSegmentBytes = segmentBytes
        c.fsync = fsync
        c.retryMilliseconds = 50
        return c
    }
}

/// Reads every data record from the start up to the bound and decodes it.
func readAll(_ directory: LogDirectory, writer: LogWriter? = nil, bound: LogReader.Bound = .durable) throws -> [(offset: UInt64, payload: [UInt8])] {
    let reader = try LogReader(directory: directory, writer: writer)
    var out: [(UInt64, [UInt8])] = []
    while let r = try reader.next(bound: bound) {
        out.append((r.offset, try reader.decode(r)))
    }
    return out
}

func fileBytes(_ path: String) -> [UInt8] {
    Array(FileManager.default.contents(atPath: path) ?? Data())
}

func writeFileBytes(_ path: String, _ bytes: [UInt8]) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
}

func copyDirectory(_ from: String, to: String) throws {
    try? FileManager.default.removeItem(atPath: to)
    try FileManager.default.copyItem(atPath: from, toPath: to)
}
