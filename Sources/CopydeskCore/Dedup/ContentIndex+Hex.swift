extension ContentIndex.Key {
    /// The 32 lower-case hex digits (the article id this key was made from).
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<16 {
            out[i] = digits[Int((hi >> UInt64(60 - 4 * i)) & 0xF)]
            out[16 + i] = digits[Int((lo >> UInt64(60 - 4 * i)) & 0xF)]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
