import CCrypto

extension SHA256 {
    /// One-shot SHA-256 through OpenSSL's EVP API.
    ///
    /// `EVP_Digest` with the built-in SHA-256 fails only when it cannot allocate
    /// its context; there is no digest to fall back on then, so that stops the process.
    static func libcrypto(_ bytes: UnsafeRawBufferPointer) -> Digest {
        var out = [UInt8](repeating: 0, count: 32)
        var size: UInt32 = 0
        let ok = out.withUnsafeMutableBufferPointer { md in
            EVP_Digest(bytes.baseAddress ?? UnsafeRawPointer(md.baseAddress!), bytes.count, md.baseAddress, &size, EVP_sha256(), nil)
        }
        guard ok == 1, size == 32 else { fatalError("libcrypto's EVP_Digest(SHA-256) failed (out of memory?)") }
        return Digest(bytes: out)
    }
}
