extension Article {
    /// Sets `contentCreated` from a publication date as the source wrote it;
    /// one that cannot be read is kept in `copydesk.dates` (role `published`)
    /// and flagged `unparsed_date`.
    mutating func setPublished(_ text: String) {
        if let iso = NewsDate.parse(text)?.iso {
            contentCreated = iso
        } else {
            copydesk.dates.append(.init(text: text, role: "published"))
            copydesk.addFlag("unparsed_date")
        }
    }
}
