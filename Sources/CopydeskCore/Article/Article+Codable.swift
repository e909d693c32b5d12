import FoundationEssentials

// Hand-written coding so that empty lists and absent values are left out of the
// record: consumers see only what an article has, and records stay small.

extension Article: Codable {
    enum CodingKeys: String, CodingKey {
        case uri, id, type, language, versionCreated, contentCreated, headlines, descriptions, bodies
        case by, located, slugline, people, organisations, places, infoSources, subjects, altIds, copydesk
    }

    /// Decodes a record; missing lists become empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            uri: try c.decodeIfPresent(String.self, forKey: .uri) ?? "",
            id: try c.decodeIfPresent(String.self, forKey: .id) ?? "",
            type: try c.decodeIfPresent(String.self, forKey: .type) ?? "text",
            language: try c.decodeIfPresent(String.self, forKey: .language),
            versionCreated: try c.decodeIfPresent(String.self, forKey: .versionCreated),
            contentCreated: try c.decodeIfPresent(String.self, forKey: .contentCreated),
            headlines: try c.decodeIfPresent([Headline].self, forKey: .headlines) ?? [],
            descriptions: try c.decodeIfPresent([Description].self, forKey: .descriptions) ?? [],
            bodies: try c.decodeIfPresent([Body].self, forKey: .bodies) ?? [],
            by: try c.decodeIfPresent(String.self, forKey: .by),
            located: try c.decodeIfPresent(String.self, forKey: .located),
            slugline: try c.decodeIfPresent(String.self, forKey: .slugline),
            people: try c.decodeIfPresent([Entity].self, forKey: .people) ?? [],
            organisations: try c.decodeIfPresent([Entity].self, forKey: .organisations) ?? [],
            places: try c.decodeIfPresent([Entity].self, forKey: .places) ?? [],
            infoSources: try c.decodeIfPresent([InfoSource].self, forKey: .infoSources) ?? [],
            altIds: try c.decodeIfPresent([AltID].self, forKey: .altIds) ?? [],
            copydesk: try c.decodeIfPresent(Copydesk.self, forKey: .copydesk) ?? Copydesk())
        subjects = try c.decodeIfPresent([Subject].self, forKey: .subjects) ?? []
    }

    /// Encodes the record, leaving out absent values and empty lists.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(uri, forKey: .uri)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encodeIfPresent(language, forKey: .language)
        try c.encodeIfPresent(versionCreated, forKey: .versionCreated)
        try c.encodeIfPresent(contentCreated, forKey: .contentCreated)
        try c.encodeUnlessEmpty(headlines, forKey: .headlines)
        try c.encodeUnlessEmpty(descriptions, forKey: .descriptions)
        try c.encodeUnlessEmpty(bodies, forKey: .bodies)
        try c.encodeIfPresent(by, forKey: .by)
        try c.encodeIfPresent(located, forKey: .located)
        try c.encodeIfPresent(slugline, forKey: .slugline)
        try c.encodeUnlessEmpty(people, forKey: .people)
        try c.encodeUnlessEmpty(organisations, forKey: .organisations)
        try c.encodeUnlessEmpty(places, forKey: .places)
        try c.encodeUnlessEmpty(infoSources, forKey: .infoSources)
        try c.encodeUnlessEmpty(subjects, forKey: .subjects)
        try c.encodeUnlessEmpty(altIds, forKey: .altIds)
        try c.encode(copydesk, forKey: .copydesk)
    }
}

extension Article.Copydesk: Codable {
    enum CodingKeys: String, CodingKey {
        case source, pipeline, dedup, quotes, money, dates, percentages, misc, flags
        case timingsMicroseconds = "timings_us"
    }

    /// Decodes the section; missing lists become empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            source: try c.decodeIfPresent(Source.self, forKey: .source),
            pipeline: try c.decodeIfPresent(String.self, forKey: .pipeline),
            dedup: try c.decodeIfPresent(Dedup.self, forKey: .dedup),
            quotes: try c.decodeIfPresent([Quote].self, forKey: .quotes) ?? [],
            money: try c.decodeIfPresent([Money].self, forKey: .money) ?? [],
            dates: try c.decodeIfPresent([DateMention].self, forKey: .dates) ?? [],
            percentages: try c.decodeIfPresent([Percentage].self, forKey: .percentages) ?? [],
            misc: try c.decodeIfPresent([Article.Entity].self, forKey: .misc) ?? [],
            timingsMicroseconds: try c.decodeIfPresent([String: Int].self, forKey: .timingsMicroseconds) ?? [:],
            flags: try c.decodeIfPresent([String].self, forKey: .flags) ?? [])
    }

    /// Encodes the section, leaving out absent values and empty lists.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encodeIfPresent(pipeline, forKey: .pipeline)
        try c.encodeIfPresent(dedup, forKey: .dedup)
        try c.encodeUnlessEmpty(quotes, forKey: .quotes)
        try c.encodeUnlessEmpty(money, forKey: .money)
        try c.encodeUnlessEmpty(dates, forKey: .dates)
        try c.encodeUnlessEmpty(percentages, forKey: .percentages)
        try c.encodeUnlessEmpty(misc, forKey: .misc)
        if !timingsMicroseconds.isEmpty { try c.encode(timingsMicroseconds, forKey: .timingsMicroseconds) }
        try c.encodeUnlessEmpty(flags, forKey: .flags)
    }
}

extension KeyedEncodingContainer {
    fileprivate mutating func encodeUnlessEmpty<T: Encodable>(_ value: [T], forKey key: Key) throws {
        if !value.isEmpty { try encode(value, forKey: key) }
    }
}

extension Article {
    /// The record as deterministic JSON: sorted keys, no escaped slashes, one line.
    ///
    /// Two equal articles always give the same bytes, which the log's
    /// dictionary compression and downstream idempotency both rely on. It never
    /// traps: a number JSON cannot hold (see ``firstNonFiniteNumber``), which the
    /// compress stage quarantines and only a pipeline without one brings this
    /// far, is left out of the record.
    public func jsonData() -> Data {
        Data(jsonBytes())
    }

    /// ``jsonData()`` as bytes, non-finite numbers left out.
    func jsonBytes() -> [UInt8] {
        if let bytes = RecordJSONWriter.encode(self) { return bytes }
        return RecordJSONWriter.encode(droppingNonFiniteNumbers()) ?? []
    }

    /// The record JSON, written by ``RecordJSONWriter`` (the same bytes
    /// `JSONEncoder` writes, several times faster); throws when the article
    /// holds a number JSON cannot express.
    public func recordJSON() throws(NonFiniteNumber) -> [UInt8] {
        if let bytes = RecordJSONWriter.encode(self) { return bytes }
        throw firstNonFiniteNumber ?? NonFiniteNumber(field: "a number", value: .nan)
    }

    /// The record through `JSONEncoder`: the reference ``RecordJSONWriter`` matches.
    /// Throws, as `JSONEncoder` does, on a non-finite number.
    func foundationJSONData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Decodes a record written by ``jsonData()``.
    public init(jsonData: Data) throws {
        self = try JSONDecoder().decode(Article.self, from: jsonData)
    }
}
