// The parse stage under libFuzzer. Built only for fuzzing (README "Fuzzing"):
//   swift build --scratch-path .build-fuzz --product copydesk-fuzz \
//     -Xswiftc -DFUZZING -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
//   .build-fuzz/debug/copydesk-fuzz -max_total_time=600 -rss_limit_mb=2048 CORPUS_DIR Tests/Fuzz/corpus
// Every input goes through the parse stage's parser in auto mode (text, JSON,
// JSONL, NewsML-G2, HTML by sniffing), as a page named .html, and through the
// HTML extractor and NewsML-G2 reader directly; a throw is fine, a crash, a hang
// or a sanitizer report is a finding.
import CopydeskCore
import CopydeskHTML

/// One input.
func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? ArticleParser().parseAll(bytes)
    _ = try? ArticleParser().parseAll(bytes, fileName: "page.html")
    _ = HTMLExtractor().extract(bytes)
    _ = NewsMLReader().read(bytes)
    return 0
}

#if FUZZING
/// libFuzzer's entry point (its own `main` calls it when it is the one linked).
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzOne(data, size)
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt
#endif

@main
enum FuzzEntry {
    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        _ = LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOne(data, size) }
        #else
        print("copydesk-fuzz is built for libFuzzer only: see README, Fuzzing.")
        #endif
    }
}
