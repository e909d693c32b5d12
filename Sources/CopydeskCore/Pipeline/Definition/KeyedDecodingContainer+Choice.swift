extension KeyedDecodingContainer {
    /// Decodes one of an enum's raw values, with an error that lists the choices.
    func decodeChoice<Choice>(_ type: Choice.Type, forKey key: Key) throws -> Choice?
    where Choice: RawRepresentable & CaseIterable, Choice.RawValue == String {
        guard let raw = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let value = Choice(rawValue: raw) else {
            let choices = Choice.allCases.map(\.rawValue).joined(separator: "|")
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "'\(raw)' is not one of \(choices)")
        }
        return value
    }
}
