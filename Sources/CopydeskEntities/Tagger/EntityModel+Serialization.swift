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
    /// Changes whenever feature templates or the layout change, so an old model
    /// is refused instead of silently tagging with features it was not trained on.
    static let featureVersion: UInt32 = 7

    /// The model as bytes (little-endian): magic, feature version, label count,
    /// feature count N, N keys (u64), N × 16 quantised weights (i16), the gazetteer
    /// (count, then hash u64 + type bits u8 each) and the word classes
    /// (count, then hash u64 + class u16 each). Sorted, so equal models give equal bytes.
    public func serialized() -> [UInt8] {
        var out = Self.magic
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        u32(Self.featureVersion)
        u32(UInt32(EntityLabel.count))
        let features = sortedFeatures
        u32(UInt32(features.count))
        for f in features { u64(f.key) }
        for f in features {
            for l in 0..<16 { withUnsafeBytes(of: f.weights[l].littleEndian) { out.append(contentsOf: $0) } }
        }
        let names = gazetteer.entries.entries.sorted { $0.key < $1.key }
        u32(UInt32(names.count))
        for (hash, types) in names {
            u64(hash)
            out.append(types)
        }
        let classes = clusters.classes.entries.sorted { $0.key < $1.key }
        u32(UInt32(classes.count))
        for (hash, c) in classes {
            u64(hash)
            withUnsafeBytes(of: c.littleEndian) { out.append(contentsOf: $0) }
        }
        return out
    }

    /// Reads a model written by ``serialized()``.
    public convenience init(serialized bytes: UnsafeRawBufferPointer) throws(EntityModelError) {
        var at = 0
        func need(_ n: Int) throws(EntityModelError) {
            guard bytes.count - at >= n else { throw EntityModelError(message: "entity model is truncated") }
        }
        func u32() throws(EntityModelError) -> UInt32 {
            try need(4)
            defer { at += 4 }
            return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))
        }
        func u64() throws(EntityModelError) -> UInt64 {
            try need(8)
            defer { at += 8 }
            return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        }
        try need(Self.magic.count)
        guard Array(bytes[0..<Self.magic.count]) == Self.magic else {
            throw EntityModelError(message: "not a copydesk entity model (bad magic)")
        }
        at = Self.magic.count
        let version = try u32()
        guard version == Self.featureVersion else {
            throw EntityModelError(message: "entity model has feature version \(version), this build reads \(Self.featureVersion): retrain with `copydesk train-entities`")
        }
        let labels = Int(try u32())
        guard labels == EntityLabel.count else {
            throw EntityModelError(message: "entity model has \(labels) labels, expected \(EntityLabel.count)")
        }
        let count = Int(try u32())
        try need(count * (8 + 32))
        var keys = [UInt64]()
        keys.reserveCapacity(count)
        for _ in 0..<count { keys.append(try u64()) }
        var features: [(key: UInt64, weights: SIMD16<Int16>)] = []
        features.reserveCapacity(count)
        for key in keys {
            var w = SIMD16<Int16>.zero
            for l in 0..<16 {
                w[l] = Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int16.self))
                at += 2
            }
            features.append((key, w))
        }
        let names = Int(try u32())
        try need(names * 9)
        var gazetteer = U64Map<UInt8>(capacity: names, empty: 0)
        for _ in 0..<names {
            let hash = try u64()
            gazetteer.set(hash, bytes[at])
            at += 1
        }
        let classCount = Int(try u32())
        try need(classCount * 10)
        var classes = U64Map<UInt16>(capacity: classCount, empty: 0)
        for _ in 0..<classCount {
            let hash = try u64()
            classes.set(hash, UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt16.self)))
            at += 2
        }
        guard at == bytes.count else { throw EntityModelError(message: "entity model has \(bytes.count - at) trailing bytes") }
        self.init(quantized: features, gazetteer: Gazetteer(entries: gazetteer), clusters: WordClusters(classes: classes))
    }
}
