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
    static let featureVersion: UInt32 = 4

    /// The model as bytes: magic, feature version, label count, row count,
    /// keys (u64 LE), weights (f32 LE), gazetteer count and (hash u64, types u8) pairs.
    public func serialized() -> [UInt8] {
        var out = Self.magic
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        u32(Self.featureVersion)
        u32(UInt32(EntityLabel.count))
        let entries = table.entries.sorted { $0.row < $1.row }
        u32(UInt32(entries.count))
        for (key, _) in entries { withUnsafeBytes(of: key.littleEndian) { out.append(contentsOf: $0) } }
        for v in weights { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        let names = gazetteer.entries.sorted { $0.key < $1.key }
        u32(UInt32(names.count))
        for (hash, types) in names {
            withUnsafeBytes(of: hash.littleEndian) { out.append(contentsOf: $0) }
            out.append(types)
        }
        let classes = clusters.classes.sorted { $0.key < $1.key }
        u32(UInt32(classes.count))
        for (hash, c) in classes {
            withUnsafeBytes(of: hash.littleEndian) { out.append(contentsOf: $0) }
            withUnsafeBytes(of: c.littleEndian) { out.append(contentsOf: $0) }
        }
        if let first {
            let nested = first.serialized()
            u32(1)
            withUnsafeBytes(of: UInt64(nested.count).littleEndian) { out.append(contentsOf: $0) }
            out.append(contentsOf: nested)
        } else {
            u32(0)
        }
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
        let gazetteerAt = header + rows * 8 + rows * labels * 4
        guard bytes.count >= gazetteerAt + 4 else {
            throw EntityModelError(message: "entity model is truncated")
        }
        let names = Int(u32(gazetteerAt))
        let clustersAt = gazetteerAt + 4 + names * 9
        guard bytes.count >= clustersAt + 4 else { throw EntityModelError(message: "entity model is truncated") }
        let classCount = Int(u32(clustersAt))
        let stageAt = clustersAt + 4 + classCount * 10
        guard bytes.count >= stageAt + 4 else {
            throw EntityModelError(message: "entity model is truncated")
        }
        var entries: [UInt64: UInt8] = [:]
        entries.reserveCapacity(names)
        for n in 0..<names {
            let at = gazetteerAt + 4 + n * 9
            entries[UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))] = bytes[at + 8]
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
        var classes: [UInt64: UInt16] = [:]
        classes.reserveCapacity(classCount)
        for n in 0..<classCount {
            let at = clustersAt + 4 + n * 10
            classes[UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))] =
                UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 8, as: UInt16.self))
        }
        var first: EntityModel?
        if u32(stageAt) == 1 {
            guard bytes.count >= stageAt + 12 else { throw EntityModelError(message: "entity model is truncated") }
            let length = Int(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: stageAt + 4, as: UInt64.self)))
            guard bytes.count == stageAt + 12 + length else {
                throw EntityModelError(message: "entity model is truncated or has trailing bytes")
            }
            first = try EntityModel(serialized: UnsafeRawBufferPointer(rebasing: bytes[(stageAt + 12)...]))
        } else if bytes.count != stageAt + 4 {
            throw EntityModelError(message: "entity model has trailing bytes")
        }
        self.init(table: FeatureTable(pairs: pairs), weights: weights, gazetteer: Gazetteer(entries: entries), clusters: WordClusters(classes: classes), first: first, pruneBelow: -1)
    }
}
