/// Splits English news text into tokens the way CoNLL-2003 / Penn Treebank
/// tokenised Reuters copy, so a tagger trained on that corpus sees familiar input.
///
/// In short: words split on whitespace and punctuation; each punctuation mark
/// and quote is its own token; possessives and clitics split off (`Putin` `'s`,
/// `do` `n't`); abbreviations, dotted acronyms and initials keep their period
/// (`Feb.`, `U.S.`, `J.`); hyphenated words, numbers (`2,225`, `3.5`, `10:30`,
/// `24/7`), URLs, e-mail addresses, `#hashtags` and `@handles` stay whole;
/// currency symbols and `%` are separate. Letters and marks of every script
/// count as letters. Every character that is not whitespace ends up in exactly
/// one token, and each token's offsets are its UTF-8 byte span in the input.
///
/// The scanner walks UTF-8 bytes directly (no regex, no Foundation) and only
/// decodes scalars outside ASCII.
public struct Tokenizer: Sendable {
    /// Makes a tokenizer; it has no configuration and keeps no state.
    public init() {}

    /// The tokens of `text`, in order.
    public func tokens(in text: String) -> [Token] {
        // withUTF8 needs a mutable string because it may first make the storage
        // contiguous; the copy is a reference-counted share, not a byte copy.
        var text = text
        return text.withUTF8 { bytes in
            var scanner = TokenScanner(bytes: bytes)
            scanner.run()
            return scanner.tokens
        }
    }
}
