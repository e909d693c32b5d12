import CopydeskLog
import Foundation
import Testing
@testable import CopydeskSinks

/// A log of `count` small article records (ids `story-N`, every third in cluster `c-N/3`) in a fresh directory.
final class TestLog: @unchecked Sendable {
    let root: String
    let directory: LogDirectory

    init(count: Int) throws {
        var template = Array("/tmp/copydesk-sinks.XXXXXX".utf8CString)
        root = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        directory = LogDirectory(root + "/log")
        var config = LogConfiguration()
        config.fsync = .never
        let writer = try LogWriter(directory: directory, configuration: config, owner: "sink tests")
        var records: [EncodedRecord] = []
        for n in 0..<count {
            records.append(EncodedRecord(raw: Array(Self.record(n).utf8)))
            if records.count == 500 { _ = try writer.appendAndWait(records); records = [] }
        }
        if !records.isEmpty { _ = try writer.appendAndWait(records) }
        writer.close()
    }

    static func record(_ n: Int) -> String {
        #"{"bodies":[{"role":"main","value":"Body \#(n) with a \"quote\", a back\\slash and a tab\t."}],"copydesk":{"dedup":{"cluster":"c-\#(n / 3)","status":"\#(n % 3 == 0 ? "unique" : "near_duplicate")"},"pipeline":"news"},"headlines":[{"role":"main","value":"Story \#(n)"}],"id":"story-\#(n)","versionCreated":"2026-11-29T08:00:00Z"}"#
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }
}

