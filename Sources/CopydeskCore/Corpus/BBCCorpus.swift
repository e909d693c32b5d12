#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The BBC News set beside the repository (`../shared/corpus/bbc`): section
/// folders of `NNN.txt` files. Benchmarks and evaluations read it at run time;
/// its text never goes into the repository.
public enum BBCCorpus {
    /// Every article file under `root` as (`section/NNN.txt`, bytes), in path order; empty when the folder is absent.
    public static func files(_ root: String) -> [(name: String, bytes: [UInt8])] {
        let fm = FileManager.default
        var out: [(name: String, bytes: [UInt8])] = []
        for section in ((try? fm.contentsOfDirectory(atPath: root)) ?? []).sorted() {
            for name in ((try? fm.contentsOfDirectory(atPath: root + "/" + section)) ?? []).sorted() where name.hasSuffix(".txt") {
                if let data = fm.contents(atPath: root + "/" + section + "/" + name) { out.append((section + "/" + name, [UInt8](data))) }
            }
        }
        return out
    }

    /// The articles' text (UTF-8, leniently decoded), in path order.
    public static func texts(_ root: String) -> [String] {
        files(root).map { String(decoding: $0.bytes, as: UTF8.self) }
    }
}
