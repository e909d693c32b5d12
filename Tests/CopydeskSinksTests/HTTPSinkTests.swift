import CopydeskLog
import Foundation
import Synchronization
import Testing
@testable import CopydeskSinks

/// A local HTTP/1.1 server for the tests: answers each request with the next
/// status of `script` (the last one repeats), one request per connection, and
/// keeps the bodies it received.
final class ScriptedServer: @unchecked Sendable {
    let port: UInt16
    private let fd: Int32
    private let state: Mutex<(script: [Int], bodies: [String], paths: [String])>

    init(script: [Int]) throws {
        state = Mutex((script, [], []))
        let sock = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(sock, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(sock, 16)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(sock, $0, &len) } }
        port = UInt16(bigEndian: addr.sin_port)
        fd = sock
        let listener = sock
        Thread.detachNewThread { [self] in
            while true {
                let c = accept(listener, nil, nil)
                if c < 0 { return }
                serve(c)
            }
        }
    }

    var bodies: [String] { state.withLock { $0.bodies } }
    var paths: [String] { state.withLock { $0.paths } }

    private func serve(_ c: Int32) {
        defer { close(c) }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        var expected: Int?
        var headerEnd = 0
        while true {
            let n = read(c, &buffer, buffer.count)
            if n <= 0 { return }
            data += buffer[0..<n]
            if expected == nil, let r = String(decoding: data, as: UTF8.self).range(of: "\r\n\r\n") {
                let head = String(decoding: data, as: UTF8.self)[..<r.lowerBound]
                headerEnd = String(decoding: data, as: UTF8.self)[..<r.upperBound].utf8.count
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                expected = headerEnd + length
                let path = head.split(separator: " ").dropFirst().first.map(String.init) ?? ""
                state.withLock { $0.paths.append(path) }
            }
            if let expected, data.count >= expected { break }
        }
        let body = String(decoding: data[headerEnd...], as: UTF8.self)
        let status: Int = state.withLock { s in
            s.bodies.append(body)
            return s.script.count > 1 ? s.script.removeFirst() : s.script[0]
        }
        let answer = status == 200 ? #"{"took":1,"errors":false}"# : #"{"error":"scripted \#(status)"}"#
        let response = "HTTP/1.1 \(status) X\r\nContent-Type: application/json\r\nContent-Length: \(answer.utf8.count)\r\nConnection: close\r\n\r\n\(answer)"
        _ = response.withCString { write(c, $0, strlen($0)) }
    }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}

@Suite("Replay over HTTP (a local server)")
struct HTTPSinkTests {
    @Test("NDJSON batches, one line a record with its offset")
    func success() throws {
        let server = try ScriptedServer(script: [200])
        let log = try TestLog(count: 250)
        var options = ReplayOptions()
        options.batch = 100
        let sink = HTTPSink(url: URL(string: "http://127.0.0.1:\(server.port)/ingest")!)
        #expect(try ReplayDriver(directory: log.directory, sink: sink, options: options).run().sent == 250)
        #expect(server.bodies.count == 3)
        let lines = server.bodies.flatMap { $0.split(separator: "\n") }
        #expect(lines.count == 250)
        #expect(lines.first?.hasPrefix("{\"offset\":0,") == true)
        #expect(server.paths.allSatisfy { $0 == "/ingest" })
    }

    @Test("a 5xx is retried with backoff and the batch then goes through; elasticsearch-bulk sets _id to the article id")
    func retryThenSuccess() throws {
        let server = try ScriptedServer(script: [503, 502, 200])
        let log = try TestLog(count: 10)
        let sink = HTTPSink(url: URL(string: "http://127.0.0.1:\(server.port)/_bulk")!, format: .elasticsearchBulk)
        var options = ReplayOptions()
        options.consumer = "search"
        #expect(try ReplayDriver(directory: log.directory, sink: sink, options: options).run().sent == 10)
        #expect(server.bodies.count == 3)
        let lines = try #require(server.bodies.last).split(separator: "\n")
        #expect(lines.count == 20)
        #expect(lines[0] == #"{"index":{"_id":"story-0"}}"#)
        #expect(lines[1].hasPrefix(#"{"offset":0,"#))
        #expect(try ConsumerCheckpoints(log.directory).load("search")?.nextOffset == 10)
    }

    @Test("a 4xx stops the replay with an error naming the offset; the checkpoint stays before it")
    func clientError() throws {
        let server = try ScriptedServer(script: [200, 400])
        let log = try TestLog(count: 30)
        var options = ReplayOptions()
        options.batch = 10
        options.consumer = "strict"
        let sink = HTTPSink(url: URL(string: "http://127.0.0.1:\(server.port)/x")!)
        do {
            try ReplayDriver(directory: log.directory, sink: sink, options: options).run()
            Issue.record("a 400 did not stop the replay")
        } catch let e as SinkError {
            #expect(e.offset == 10)
            #expect(e.permanent)
            #expect(e.description.contains("answered 400"))
        }
        #expect(try ConsumerCheckpoints(log.directory).load("strict")?.nextOffset == 10)
    }
}
