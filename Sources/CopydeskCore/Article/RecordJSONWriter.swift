import CopydeskRecord

/// Writes an ``Article`` as its record JSON by hand, byte for byte what
/// `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` writes for the
/// `Codable` conformance in `Article+Codable.swift`.
///
/// The compress stage encodes every article; `JSONEncoder` builds a boxed tree
/// of the record and sorts every object's keys, which cost ~20 µs an article.
/// Here the keys are written in their sorted order directly into one buffer.
/// Keep the two in step: when a field is added to the record, add it to both,
/// in sorted position; `RecordJSONWriterTests` compares them on fixtures.
struct RecordJSONWriter {
    private(set) var bytes: [UInt8] = []

    /// The record JSON of `article`, or nil when it holds a value JSON cannot
    /// express (a non-finite number), which `JSONEncoder` refuses too.
    static func encode(_ article: Article) -> [UInt8]? {
        var writer = RecordJSONWriter()
        let textBytes = article.bodies.reduce(0) { $0 + $1.value.utf8.count }
            + article.headlines.reduce(0) { $0 + $1.value.utf8.count }
            + article.descriptions.reduce(0) { $0 + $1.value.utf8.count }
        writer.bytes.reserveCapacity(textBytes + textBytes / 16 + 1024)
        return writer.write(article) ? writer.bytes : nil
    }

    // MARK: The record, keys in sorted (UTF-8 byte) order

    private mutating func write(_ a: Article) -> Bool {
        open()
        list("altIds", a.altIds) { w, id in
            w.open()
            w.field("role", id.role)
            w.field("value", id.value)
            w.close()
        }
        list("bodies", a.bodies) { w, body in
            w.open()
            w.field("charCount", body.charCount)
            w.field("contentType", body.contentType)
            w.field("role", body.role)
            w.field("value", body.value)
            w.field("wordCount", body.wordCount)
            w.close()
        }
        field("by", a.by)
        field("contentCreated", a.contentCreated)
        key("copydesk")
        guard write(a.copydesk) else { return false }
        list("descriptions", a.descriptions) { w, d in w.roleValue(d.role, d.value) }
        list("headlines", a.headlines) { w, h in w.roleValue(h.role, h.value) }
        field("id", a.id)
        list("infoSources", a.infoSources) { w, source in
            w.open()
            w.field("name", source.name)
            w.field("role", source.role)
            w.field("uri", source.uri)
            w.close()
        }
        field("language", a.language)
        field("located", a.located)
        list("organisations", a.organisations) { w, e in w.entity(e) }
        list("people", a.people) { w, e in w.entity(e) }
        list("places", a.places) { w, e in w.entity(e) }
        field("slugline", a.slugline)
        list("subjects", a.subjects) { w, subject in
            w.open()
            w.field("name", subject.name)
            w.field("uri", subject.uri)
            w.close()
        }
        field("type", a.type)
        field("uri", a.uri)
        field("versionCreated", a.versionCreated)
        close()
        return true
    }

    private mutating func write(_ c: Article.Copydesk) -> Bool {
        open()
        list("dates", c.dates) { w, date in
            w.open()
            w.field("role", date.role)
            w.field("text", date.text)
            w.field("value", date.value)
            w.close()
        }
        if let dedup = c.dedup {
            key("dedup")
            open()
            field("cluster", dedup.cluster)
            if let containment = dedup.containment {
                guard containment.isFinite else { return false }
                key("containment")
                number(containment)
            }
            field("of", dedup.of)
            if let similarity = dedup.similarity {
                guard similarity.isFinite else { return false }
                key("similarity")
                number(similarity)
            }
            field("status", dedup.status.rawValue)
            close()
        }
        list("flags", c.flags) { w, flag in w.string(flag) }
        list("misc", c.misc) { w, e in w.entity(e) }
        var finite = true
        list("money", c.money) { w, money in
            w.open()
            if let amount = money.amount {
                finite = finite && amount.isFinite
                w.key("amount")
                w.number(amount)
            }
            w.field("currency", money.currency)
            w.field("text", money.text)
            w.close()
        }
        list("percentages", c.percentages) { w, percentage in
            w.open()
            w.field("text", percentage.text)
            if let value = percentage.value {
                finite = finite && value.isFinite
                w.key("value")
                w.number(value)
            }
            w.close()
        }
        guard finite else { return false }
        field("pipeline", c.pipeline)
        list("quotes", c.quotes) { w, quote in
            w.open()
            w.field("speaker", quote.speaker)
            w.field("text", quote.text)
            w.close()
        }
        if let source = c.source {
            key("source")
            open()
            field("bytes", source.bytes)
            field("drop", source.drop)
            field("line", source.line)
            field("mtime", source.mtime)
            field("path", source.path)
            field("sha256", source.sha256)
            close()
        }
        if !c.timingsMicroseconds.isEmpty {
            key("timings_us")
            open()
            let names = c.timingsMicroseconds.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for name in names {
                separate()
                string(name)
                bytes.append(UInt8(ascii: ":"))
                number(c.timingsMicroseconds[name]!)
            }
            close()
        }
        close()
        return true
    }

    private mutating func roleValue(_ role: String, _ value: String) {
        open()
        field("role", role)
        field("value", value)
        close()
    }

    private mutating func entity(_ e: Article.Entity) {
        open()
        field("literal", e.literal)
        field("mentions", e.mentions)
        field("name", e.name)
        field("rel", e.rel)
        field("role", e.role)
        field("uri", e.uri)
        close()
    }

    // MARK: Structure

    private mutating func open() {
        bytes.append(UInt8(ascii: "{"))
    }

    private mutating func close() {
        bytes.append(UInt8(ascii: "}"))
    }

    /// A comma unless this is the first member or element: after a value the
    /// buffer never ends in `{` or `[`.
    private mutating func separate() {
        if let last = bytes.last, last != UInt8(ascii: "{") && last != UInt8(ascii: "[") {
            bytes.append(UInt8(ascii: ","))
        }
    }

    /// `"name":`, after a comma when needed. Keys are plain ASCII: no escaping.
    private mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// A list member, left out when empty (the `encodeUnlessEmpty` rule).
    private mutating func list<Element>(_ name: StaticString, _ elements: [Element], _ element: (inout RecordJSONWriter, Element) -> Void) {
        guard !elements.isEmpty else { return }
        key(name)
        bytes.append(UInt8(ascii: "["))
        for value in elements {
            separate()
            element(&self, value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    /// Left out when nil (the `encodeIfPresent` rule).
    private mutating func field(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        field(name, value)
    }

    private mutating func field(_ name: StaticString, _ value: Int?) {
        guard let value else { return }
        key(name)
        number(value)
    }

    // MARK: Values

    private mutating func number(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// `JSONEncoder`'s form: Swift's shortest round-trip `description`, without a trailing `.0`.
    private mutating func number(_ value: Double) {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// A JSON string, escaped as `JSONEncoder` escapes it (``JSONString``).
    private mutating func string(_ value: String) {
        JSONString.append(value, to: &bytes)
    }
}
