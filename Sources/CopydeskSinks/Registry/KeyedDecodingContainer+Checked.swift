extension KeyedDecodingContainer {
    /// Decodes `key` if present and passes it through `check`, whose
    /// ``SinkError`` becomes a `dataCorrupted` error naming the key.
    func decodeChecked<Value: Decodable>(_ type: Value.Type, forKey key: Key,
                                         _ check: (Value) throws(SinkError) -> Value) throws -> Value? {
        guard let value = try decodeIfPresent(type, forKey: key) else { return nil }
        do {
            return try check(value)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: error.message)
        }
    }
}
