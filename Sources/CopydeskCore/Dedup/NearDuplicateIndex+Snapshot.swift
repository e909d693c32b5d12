// The snapshot format: magic, shape, then each epoch's committed entries.

extension NearDuplicateIndex.State {
    static let magic = Array("CPDKNDX1".utf8)

    /// The committed entries of `epochs`, handed to `emit` a piece at a time (the header, then each epoch).
    static func serialise(_ epochs: [NearDuplicateIndex.Epoch], settings: NearDuplicateSettings, _ emit: ([UInt8]) throws -> Void) rethrows {
        var b = Self.magic
        func put32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { b.append(contentsOf: $0) } }
        func put64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { b.append(contentsOf: $0) } }
        let k = settings.sketchSize
        put32(UInt32(settings.shingleWords))
        put32(UInt32(k))
        put32(UInt32(epochs.count))
        try emit(b)
        for epoch in epochs {
            b.removeAll(keepingCapacity: true)
            let keep = epoch.states.indices.filter { epoch.states[$0] == NearDuplicateIndex.Epoch.committed }
            put64(UInt64(keep.count))
            put64(UInt64(bitPattern: epoch.oldest))
            put64(UInt64(bitPattern: epoch.newest))
            b.reserveCapacity(24 + keep.count * (32 + 4 * k))
            for i in keep {
                put64(epoch.ids[i].hi); put64(epoch.ids[i].lo)
                put64(epoch.clusters[i].hi); put64(epoch.clusters[i].lo)
                for j in 0..<k { put32(epoch.sketches[i * k + j]) }
            }
            try emit(b)
        }
    }

    init?(deserialising bytes: ArraySlice<UInt8>, settings: NearDuplicateSettings) {
        self.init(settings: settings)
        var at = bytes.startIndex
        func need(_ n: Int) -> Bool { bytes.endIndex - at >= n }
        func get32() -> UInt32 {
            defer { at += 4 }
            return bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: at - bytes.startIndex, as: UInt32.self)) }
        }
        func get64() -> UInt64 {
            defer { at += 8 }
            return bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: at - bytes.startIndex, as: UInt64.self)) }
        }
        guard need(20), Array(bytes[at..<(at + 8)]) == Self.magic else { return nil }
        at += 8
        let k = settings.sketchSize
        guard get32() == UInt32(settings.shingleWords), get32() == UInt32(k) else { return nil }
        let epochCount = Int(get32())
        for _ in 0..<epochCount {
            guard need(24) else { return nil }
            let n = get64(), oldest = Int64(bitPattern: get64()), newest = Int64(bitPattern: get64())
            let entry = 32 + 4 * k
            guard n <= UInt64(Int.max / entry), need(Int(n) * entry) else { return nil }
            var added = 0
            for _ in 0..<Int(n) {
                let id = ContentIndex.Key(hi: get64(), lo: get64())
                let cluster = ContentIndex.Key(hi: get64(), lo: get64())
                var hashes: [UInt32] = []
                hashes.reserveCapacity(k)
                for _ in 0..<k {
                    let h = get32()
                    if h != UInt32.max { hashes.append(h) }
                }
                guard hashes == hashes.sorted() else { return nil }
                insert(id: id, cluster: cluster, sketch: ShingleSketch(hashes: hashes, size: k, shingles: hashes.count), state: NearDuplicateIndex.Epoch.committed, time: oldest)
                added += 1
            }
            if added > 0, let last = epochs.indices.last {
                epochs[last].newest = max(epochs[last].newest, newest)
            }
        }
        guard at == bytes.endIndex else { return nil }
    }
}
