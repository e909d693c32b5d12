import CopydeskCore
import Foundation
import Testing
@testable import CopydeskDaemon

@Suite("Moving handled files out of a drop directory: never overwriting")
struct DropFoldersTests {
    /// A drop directory in a fresh temporary folder, with `.done`/`.failed` not yet made.
    private func makeDrop() throws -> (root: String, spec: DropSpec) {
        let root = NSTemporaryDirectory() + "copydesk-folders-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/drop", withIntermediateDirectories: true)
        return (root, DropSpec(path: root + "/drop", pipeline: "news"))
    }

    private func put(_ path: String, _ text: String) {
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }

    private func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("a file's name is its path's last component, as NSString gives it")
    func fileNames() {
        for path in ["/srv/drop/a.txt", "drop/.b.json.tmp", "/srv/drop/ünï cödé.txt", "name", "/srv/drop/", "/srv//drop//c"] {
            #expect(DropFolders.fileName(path) == (path as NSString).lastPathComponent, "\(path)")
        }
    }

    @Test("the first acknowledgement makes .done; a name already there gets .1, .2 before its extension")
    func numbering() throws {
        let (root, spec) = try makeDrop()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folders = DropFolders(spec: spec)
        var targets: [String] = []
        for n in 0..<3 {
            put(spec.path + "/a.txt", "copy \(n)")
            targets.append(try #require(try folders.acknowledge(spec.path + "/a.txt")))
        }
        #expect(targets == [spec.done + "/a.txt", spec.done + "/a.1.txt", spec.done + "/a.2.txt"])
        #expect(targets.map { read($0) } == ["copy 0", "copy 1", "copy 2"])
        #expect(!FileManager.default.fileExists(atPath: spec.path + "/a.txt"))
    }

    @Test("names without an extension, and with several dots, are numbered at the last dot")
    func numberedNames() {
        #expect(DropFolders.numbered("story", 1) == "story.1")
        #expect(DropFolders.numbered("feed.2026.jsonl", 3) == "feed.2026.3.jsonl")
        #expect(DropFolders.numbered(".hidden", 2) == ".hidden.2")
    }

    @Test("a rename that never replaces: an existing target is refused with EEXIST and left as it was")
    func noReplace() throws {
        let (root, spec) = try makeDrop()
        defer { try? FileManager.default.removeItem(atPath: root) }
        put(spec.path + "/x", "new")
        put(spec.path + "/y", "old")
        #expect(DropFolders.renameNoReplace(spec.path + "/x", spec.path + "/y") == EEXIST)
        #expect(read(spec.path + "/y") == "old")
        #expect(read(spec.path + "/x") == "new")
        #expect(DropFolders.renameNoReplace(spec.path + "/x", spec.path + "/z") == 0)
        #expect(read(spec.path + "/z") == "new")
    }

    @Test("a dangling symbolic link in .failed takes its name: the quarantined file gets the next one, the link stays")
    func danglingLink() throws {
        let (root, spec) = try makeDrop()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: spec.failed, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: spec.failed + "/bad.txt", withDestinationPath: root + "/nowhere")
        put(spec.path + "/bad.txt", "x")
        let target = try DropFolders(spec: spec).quarantine(spec.path + "/bad.txt", error: StageError(.empty, stage: "parse", "empty"))
        #expect(target == spec.failed + "/bad.1.txt")
        #expect(read(target) == "x")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: spec.failed + "/bad.txt")) == root + "/nowhere")
    }

    @Test("a file gone before its acknowledgement is not an error")
    func gone() throws {
        let (root, spec) = try makeDrop()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: spec.done, withIntermediateDirectories: true)
        #expect(throws: Never.self) { _ = try DropFolders(spec: spec).acknowledge(spec.path + "/missing.txt") }
    }

    @Test("a done folder that cannot take the file is an error naming it, and the file stays in the drop")
    func unusableDone() throws {
        let (root, spec) = try makeDrop()
        defer { try? FileManager.default.removeItem(atPath: root) }
        put(spec.done, "a file where the folder should be")  // ENOTDIR, for root too
        put(spec.path + "/a.txt", "x")
        let error = #expect(throws: DropFolders.MoveError.self) { _ = try DropFolders(spec: spec).acknowledge(spec.path + "/a.txt") }
        #expect(error?.message.contains(spec.path + "/a.txt") == true)
        #expect(read(spec.path + "/a.txt") == "x")
    }

    @Test("quarantine writes NAME.error.json beside the file and never overwrites an earlier one")
    func quarantine() throws {
        let (root, spec) = try makeDrop()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folders = DropFolders(spec: spec)
        let error = StageError(.empty, stage: "parse", "the file holds no article")
        put(spec.path + "/bad.txt", "first")
        let first = try folders.quarantine(spec.path + "/bad.txt", error: error)
        put(spec.path + "/bad.txt", "second")
        let second = try folders.quarantine(spec.path + "/bad.txt", error: error)
        #expect(first == spec.failed + "/bad.txt")
        #expect(second == spec.failed + "/bad.1.txt")
        #expect(read(first) == "first")
        #expect(read(second) == "second")
        let report = try #require(read(second + ".error.json"))
        #expect(report.contains("\"stage\" : \"parse\""))
        #expect(report.contains("\"code\" : \"empty\""))
    }
}
