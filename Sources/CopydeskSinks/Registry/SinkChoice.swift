/// A sink setting with a fixed set of values (`format`, `key`, `compress`):
/// decoding a value that is not one of them fails naming the choices.
public protocol SinkChoice: RawRepresentable<String>, CaseIterable, Decodable, Sendable {}

extension SinkChoice {
    /// The values, `a, b or c`, for messages.
    public static var choices: String {
        let all = allCases.map(\.rawValue)
        return all.count < 2 ? all.joined() : all.dropLast().joined(separator: ", ") + " or " + all[all.count - 1]
    }

    /// Decodes one of the raw values; anything else is a `dataCorrupted` error listing them.
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(raw)' is not \(Self.choices)"))
        }
        self = value
    }
}

extension HTTPSink.Format: SinkChoice {}
extension KafkaSink.Key: SinkChoice {}
extension StreamSink.Compression: SinkChoice {}
