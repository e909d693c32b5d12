import Testing
@testable import CopydeskHTML

@Suite("Before libxml2: scripts, styles, drawings and comments are dropped")
struct HTMLPrefilterTests {
    func strip(_ s: String) -> String { String(decoding: HTMLPrefilter.strip(Array(s.utf8)), as: UTF8.self) }

    @Test("script, style, svg, noscript bodies and comments go; the text around them stays", arguments: [
        ("<p>a</p><script>var x = '<p>no</p>';</script><p>b</p>", "<p>a</p><p>b</p>"),
        ("<p>a</p><SCRIPT type=\"text/javascript\">x()</SCRIPT ><p>b</p>", "<p>a</p><p>b</p>"),
        ("<style>.p{}</style><p>a</p><!-- <p>no</p> --><p>b</p>", "<p>a</p><p>b</p>"),
        ("<svg viewBox=\"0 0 1 1\"><text>no</text></svg><p>a</p><noscript><img src=x></noscript>", "<p>a</p>"),
        ("<p>a < b and <scripted> stays</p>", "<p>a < b and <scripted> stays</p>"),
    ])
    func drops(input: String, expected: String) {
        #expect(strip(input) == expected)
    }

    @Test("JSON-LD scripts are kept for the metadata")
    func keepsJSONLD() {
        let page = "<script type=\"application/ld+json\">{\"headline\":\"H\"}</script><p>a</p>"
        #expect(strip(page) == page)
    }

    @Test("an unterminated script or comment drops the rest, as a browser would read it")
    func unterminated() {
        #expect(strip("<p>a</p><script>for(;;){") == "<p>a</p>")
        #expect(strip("<p>a</p><!-- never closed <p>b</p>") == "<p>a</p>")
    }
}
