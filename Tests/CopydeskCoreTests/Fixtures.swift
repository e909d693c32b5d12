import FoundationEssentials

/// Small project-written articles and paths for the optional corpus tests.
enum Fixtures {
    /// A scraped wire page in the shape copydesk receives (written for these tests).
    static let wirePage = """
        Business Desk /

        Harbour Town Opens ‘Floating’ Market

        Mayor: “We wanted the water to work for us again”


        Harbour Town Opens ‘Floating’ Market

        HARBOUR TOWN (Copydesk Wire) - The town opened a market built on pontoons on Tuesday, with forty stalls moored along the old quay.

        Traders said footfall on the first morning was three times that of the square market it replaces.

        “The tide sets the hours now,” said one fishmonger, who has traded in the town for thirty years.

        *For corrections please email [email\u{A0}protected]*
        """

    /// The BBC shape: headline, blank line, paragraphs.
    static let bbcShape = """
        Village bakery wins national prize

        A village bakery has been named the best in the country by a panel of judges.

        The bakery, run by two sisters, was praised for its rye loaf.

        "We never expected this," one of the owners said.
        """

    /// The package root, found from this file's path.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `../shared/<relative>` beside the package, when it exists.
    static func shared(_ relative: String) -> URL? {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared").appendingPathComponent(relative)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
}
