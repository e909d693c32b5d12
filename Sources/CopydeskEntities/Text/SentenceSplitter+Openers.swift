extension SentenceSplitter {
    /// Capitalised words that open news sentences far more often than they
    /// continue a name or title after an abbreviation. Only closed-class words
    /// and sentence adverbs: a noun such as `Secretary` or `President` after
    /// `U.S.` is nearly always part of the same sentence.
    static let openers: Set<String> = [
        "The", "A", "An", "This", "That", "These", "Those", "There", "Here",
        "It", "Its", "He", "His", "She", "Her", "They", "Their", "We", "Our", "I", "You", "Your",
        "But", "And", "Or", "So", "Yet", "Nor", "If", "When", "While", "Whereas", "Although",
        "Though", "Because", "Since", "After", "Before", "As", "At", "In", "On", "Of", "For",
        "From", "By", "With", "Without", "To", "Under", "Over", "During", "Despite", "According",
        "However", "Meanwhile", "Moreover", "Furthermore", "Still", "Also", "Then", "Now",
        "Later", "Earlier", "Instead", "Indeed", "Thus", "Overall", "Some", "Many", "Most",
        "All", "Both", "Each", "Every", "Several", "Such", "Another",
        "What", "Why", "How", "Who", "Where", "Which",
    ]
}
