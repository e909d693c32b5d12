import CopydeskRecord
import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `http://…` and `https://…`: POSTs each batch as NDJSON (or as an
/// Elasticsearch `_bulk` body whose `_id` is the article id, so a re-send
/// overwrites). 5xx answers and connection errors are retried with backoff
/// (0.5 s doubling to 30 s, eight tries); a 4xx stops the replay, naming the
/// batch's first offset.
public final class HTTPSink: ReplaySink {
    /// The body format.
    public enum Format: String, Sendable, CaseIterable {
        case ndjson
        case elasticsearchBulk = "elasticsearch-bulk"
    }

    public let description: String
    private let url: URL
    private let format: Format
    private let session: URLSession
    private let attempts: Int

    /// A sink posting to `url`.
    public init(url: URL, format: Format = .ndjson, attempts: Int = 8) {
        self.url = url
        self.format = format
        self.attempts = attempts
        description = url.absoluteString
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = 60
        session = URLSession(configuration: config)
    }

    public func write(_ batch: [ReplayRecord], checkpoint: (consumer: String, nextOffset: UInt64)?) throws {
        guard !batch.isEmpty else { return }
        var body: [UInt8] = []
        for r in batch {
            if format == .elasticsearchBulk {
                let id = RecordField.string("id", in: r.payload) ?? "offset-\(r.offset)"
                body += Array("{\"index\":{\"_id\":".utf8) + JSONString.quoted(id) + Array("}}\n".utf8)
            }
            body += r.jsonLine
            body.append(0x0A)
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/x-ndjson", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body)
        var delay = 0.5
        var lastProblem = ""
        for attempt in 1...attempts {
            let (status, answer, error) = send(request)
            if let status, (200..<300).contains(status) {
                if format == .elasticsearchBulk, answer.contains("\"errors\":true") {
                    throw SinkError("Elasticsearch refused some documents: \(answer.prefix(300))", offset: batch.first?.offset, permanent: true)
                }
                return
            }
            if let status, (400..<500).contains(status), status != 408, status != 429 {
                throw SinkError("\(url.absoluteString) answered \(status): \(answer.prefix(300))", offset: batch.first?.offset, permanent: true)
            }
            lastProblem = status.map { "HTTP \($0): \(answer.prefix(200))" } ?? (error ?? "no answer")
            if attempt < attempts {
                Thread.sleep(forTimeInterval: delay)
                delay = min(delay * 2, 30)
            }
        }
        throw SinkError("\(url.absoluteString) failed \(attempts) times; last: \(lastProblem)", offset: batch.first?.offset)
    }

    private func send(_ request: URLRequest) -> (Int?, String, String?) {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<(Int?, String, String?)>((nil, "", nil))
        session.dataTask(with: request) { data, response, error in
            let answer = ((response as? HTTPURLResponse)?.statusCode, data.map { String(decoding: $0, as: UTF8.self) } ?? "", error.map { "\($0.localizedDescription)" })
            result.withLock { $0 = answer }
            done.signal()
        }.resume()
        done.wait()
        return result.withLock { $0 }
    }

    public func close() throws {
        session.finishTasksAndInvalidate()
    }
}
