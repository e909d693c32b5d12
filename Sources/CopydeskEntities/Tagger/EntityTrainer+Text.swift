extension EntityTrainer {
    /// Splits a line of running text into CoNLL-like tokens, roughly: enough for
    /// counting word neighbours when learning word classes.
    public static func roughTokens(_ line: String) -> [String] {
        let opening: Set<Character> = ["\"", "'", "(", "[", "“", "‘", "«"]
        let closing: Set<Character> = [".", ",", ";", ":", "!", "?", "\"", "'", ")", "]", "”", "’", "»"]
        var out: [String] = []
        for piece in line.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            var word = Substring(piece)
            while let c = word.first, opening.contains(c), word.count > 1 {
                out.append(String(c))
                word = word.dropFirst()
            }
            var tail: [String] = []
            while let c = word.last, closing.contains(c), word.count > 1 {
                tail.append(String(c))
                word = word.dropLast()
            }
            if word.hasSuffix("'s") || word.hasSuffix("’s"), word.count > 2 {
                out.append(String(word.dropLast(2)))
                out.append("'s")
            } else {
                out.append(String(word))
            }
            out.append(contentsOf: tail.reversed())
        }
        return out
    }
}
