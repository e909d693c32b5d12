import Testing
@testable import CopydeskCore

@Suite("SHA-256")
struct SHA256Tests {
    @Test("matches the NIST short-message vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func nistVectors(message: String, expected: String) {
        #expect(SHA256.hash(message).hex == expected)
    }

    @Test("matches the NIST million-'a' vector")
    func millionA() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hash(message).hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("gives the same digest however the input is split")
    func incremental() {
        let message = Array("The quick brown fox jumps over the lazy dog, again and again and again.".utf8)
        for split in [0, 1, 63, 64, 65, message.count] {
            var hasher = SHA256()
            hasher.update(message[..<split])
            hasher.update(message[split...])
            #expect(hasher.finalize() == SHA256.hash(message))
        }
    }

    @Test("article id is the first 32 hex characters of the content hash")
    func articleID() {
        let id = ContentHash.articleID(hashingText: "abc")
        #expect(id == "ba7816bf8f01cfea414140de5dae2223")
        #expect(ContentHash.uri(forID: id) == "urn:copydesk:ba7816bf8f01cfea414140de5dae2223")
        #expect(ContentHash.rawBytes(Array("abc".utf8)).count == 64)
    }
}
