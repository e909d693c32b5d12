/// Why a model file could not be read.
public struct EntityModelError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// A readable explanation.
    public var description: String { message }
}

extension EntityModel {
    /// The file's first bytes.
    static let magic: [UInt8] = Array("CPDKNER1".utf8)
    /// Changes whenever feature templates change, so an old model is refused
    /// instead of silently tagging with features it was not trained on.
    static let featureVersion: UInt32 = 1

    /// The model as bytes: magic, feature version, label count, row count,
    /// keys (u64 LE), weights (f32 LE).
    public func serialized() -> [UInt8] {
        var out = Self.magic
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        u32(Self.featureVersion)
        u32(UInt32(EntityLabel.count))
        let entries = table.entries.sorted { $0.row < $1.row }
        u32(UInt32(entries.count))
        for (key, _) in entries { withUnsafeBytes(of: key.littleEndian) { out.append(contentsOf: $0) } }
        for v in weights { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        return out
    }

    /// Reads a model written by ``serialized()``.
    public convenience init(serialized bytes: UnsafeRawBufferPointer) throws(EntityModelError) {
        let header = Self.magic.count + 12
        guard bytes.count >= header, Array(bytes[0..<Self.magic.count]) == Self.magic else {
            throw EntityModelError(message: "not a copydesk entity model (bad magic)")
        }
        func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        let version = u32(8), labels = Int(u32(12)), rows = Int(u32(16))
        guard version == Self.featureVersion else {
            throw EntityModelError(message: "entity model has feature version \(version), this build reads \(Self.featureVersion): retrain with `copydesk train-entities`")
        }
        guard labels == EntityLabel.count else {
            throw EntityModelError(message: "entity model has \(labels) labels, expected \(EntityLabel.count)")
        }
        guard bytes.count == header + rows * 8 + rows * labels * 4 else {
            throw EntityModelError(message: "entity model is truncated or has trailing bytes")
        }
        var pairs: [(key: UInt64, row: Int32)] = []
        pairs.reserveCapacity(rows)
        for r in 0..<rows {
            pairs.append((UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: header + r * 8, as: UInt64.self)), Int32(r)))
        }
        let base = header + rows * 8
        var weights = [Float](repeating: 0, count: rows * labels)
        for k in weights.indices {
            weights[k] = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: base + k * 4, as: UInt32.self)))
        }
        self.init(table: FeatureTable(pairs: pairs), weights: weights, pruneBelow: -1)
    }
}
