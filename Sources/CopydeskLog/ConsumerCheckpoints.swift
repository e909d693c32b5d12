#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A named consumer's position: the next offset it wants.
public struct ConsumerCheckpoint: Sendable, Codable, Equatable {
    /// The consumer's name (letters, digits, `.`, `_`, `-`).
    public var name: String
    /// The next offset to deliver; everything below it was acknowledged.
    public var nextOffset: UInt64
    /// When the checkpoint was written (ISO 8601).
    public var updated: String
    /// Whether retention must keep every record this consumer has not passed.
    public var required: Bool

    enum CodingKeys: String, CodingKey {
        case name, nextOffset = "next_offset", updated, required
    }

    /// Makes a checkpoint stamped now.
    public init(name: String, nextOffset: UInt64, required: Bool = false) {
        self.name = name
        self.nextOffset = nextOffset
        self.required = required
        self.updated = Date().formatted(.iso8601)
    }
}

/// The `consumers/` folder: one JSON file per named consumer, replaced atomically.
public struct ConsumerCheckpoints: Sendable {
    /// The folder.
    public let path: String

    /// The checkpoints of a log.
    public init(_ directory: LogDirectory) {
        path = directory.consumers
    }

    static func validate(_ name: String) throws(LogError) {
        let ok = !name.isEmpty && name.count <= 128 && name.first != "." &&
            name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "." || $0 == "_" || $0 == "-" }
        if !ok {
            throw LogError(.invalidArgument, "consumer name '\(name)' must be 1-128 letters, digits, '.', '_' or '-', not starting with '.'")
        }
    }

    /// The checkpoint of `name`, or nil when it has none yet.
    public func load(_ name: String) throws(LogError) -> ConsumerCheckpoint? {
        try Self.validate(name)
        let file = "\(path)/\(name).json"
        guard Posix.exists(file) else { return nil }
        let bytes = try Posix.readFile(file)
        do {
            return try JSONDecoder().decode(ConsumerCheckpoint.self, from: Data(bytes))
        } catch {
            throw LogError(.corrupt, "consumer checkpoint is not valid JSON: \(error)", path: file)
        }
    }

    /// Stores a checkpoint: temp file, fsync, rename, fsync of the folder.
    public func store(_ checkpoint: ConsumerCheckpoint) throws(LogError) {
        try Self.validate(checkpoint.name)
        try Posix.makeDirectory(path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(checkpoint) else {
            throw LogError(.invalidArgument, "cannot encode checkpoint \(checkpoint.name)")
        }
        try Posix.atomicWrite("\(path)/\(checkpoint.name).json", Array(data) + [0x0A])
    }

    /// Every stored checkpoint, by name.
    public func all() throws(LogError) -> [ConsumerCheckpoint] {
        guard Posix.exists(path) else { return [] }
        var out: [ConsumerCheckpoint] = []
        for name in try Posix.list(path).filter({ $0.hasSuffix(".json") }).sorted() {
            if let c = try load(String(name.dropLast(5))) { out.append(c) }
        }
        return out
    }

    /// Removes a consumer.
    public func remove(_ name: String) throws(LogError) {
        try Self.validate(name)
        try Posix.remove("\(path)/\(name).json")
        try Posix.fsyncDirectory(path)
    }
}

extension ConsumerCheckpoint {
    /// Whether `name` may name a consumer: 1-128 letters, digits, '.', '_' or '-', not starting with '.'.
    public static func isValidName(_ name: String) -> Bool {
        (try? ConsumerCheckpoints.validate(name)) != nil
    }
}
