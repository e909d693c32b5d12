import Foundation
import CZlib

/// The extraction benchmark's layout: `html/<id>.html.gz` pages and a
/// `ground-truth.json` of `{id: {articleBody, url}}`. Read at run time; its
/// text never goes into the repository.
public enum HTMLCorpus {
    /// A page and its expected article text.
    public struct Page: Sendable {
        public var id: String
        public var html: [UInt8]
        public var url: String?
        public var truth: String
    }

    /// The pages of `dir` (`.html` or `.html.gz`) that `truth` has, in id order.
    public static func load(dir: String, truth: String) throws -> [Page] {
        guard let data = FileManager.default.contents(atPath: truth),
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw HTMLCorpusError(message: "cannot read the ground truth \(truth)") }
        var pages: [Page] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() {
            let id: String
            if name.hasSuffix(".html.gz") { id = String(name.dropLast(8)) } else if name.hasSuffix(".html") { id = String(name.dropLast(5)) } else { continue }
            guard let entry = json[id] as? [String: Any] else { continue }
            let path = dir + "/" + name
            guard let bytes = name.hasSuffix(".gz") ? gunzip(path) : FileManager.default.contents(atPath: path).map({ [UInt8]($0) }) else {
                throw HTMLCorpusError(message: "cannot read \(path)")
            }
            pages.append(Page(id: id, html: bytes, url: entry["url"] as? String, truth: entry["articleBody"] as? String ?? ""))
        }
        return pages
    }

    /// The decompressed bytes of a gzip file.
    public static func gunzip(_ path: String) -> [UInt8]? {
        guard let file = gzopen(path, "rb") else { return nil }
        defer { gzclose(file) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if n < 0 { return nil }
            if n == 0 { return out }
            out.append(contentsOf: chunk[0..<Int(n)])
        }
    }
}

/// Why the benchmark could not be read.
public struct HTMLCorpusError: Error, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}
