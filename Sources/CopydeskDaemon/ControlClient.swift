import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The CLI's side of the control API: one request over the unix socket, or a
/// stream of event lines, through NIOHTTP1's client codec.
public enum ControlClient {
    /// A finished answer.
    public struct Response: Sendable {
        /// The HTTP status code.
        public var status: Int
        /// The body.
        public var body: String
    }

    /// Why a request got no answer.
    public struct Unreachable: Error, CustomStringConvertible {
        /// The socket asked.
        public var socket: String
        /// What went wrong.
        public var reason: String
        /// `no copydesk daemon answers on SOCKET (reason)`.
        public var description: String { "no copydesk daemon answers on \(socket) (\(reason))" }
    }

    /// Sends `method path` and waits for the whole answer (at most `timeout` seconds).
    public static func request(socket: String, method: HTTPMethod, path: String, timeout: Int64 = 10) throws -> Response {
        let collected = Mutex<(status: Int, body: [UInt8])>((0, []))
        try exchange(socket: socket, method: method, path: path, timeout: timeout,
                     onHead: { status in collected.withLock { $0.status = status } },
                     onBody: { bytes in collected.withLock { $0.body += bytes } })
        return collected.withLock { Response(status: $0.status, body: String(decoding: $0.body, as: UTF8.self)) }
    }

    /// Sends `GET path` and calls `onLine` with every line of the body until the
    /// daemon closes the stream. Returns the HTTP status.
    @discardableResult
    public static func lines(socket: String, path: String, onLine: @escaping @Sendable (String) -> Void) throws -> Int {
        let status = Mutex(0)
        let partial = Mutex<[UInt8]>([])
        try exchange(socket: socket, method: .GET, path: path, timeout: nil,
                     onHead: { s in status.withLock { $0 = s } },
                     onBody: { bytes in
                         let lines: [String] = partial.withLock { p in
                             p += bytes
                             var out: [String] = []
                             while let nl = p.firstIndex(of: 0x0A) {
                                 out.append(String(decoding: p[..<nl], as: UTF8.self))
                                 p.removeSubrange(...nl)
                             }
                             return out
                         }
                         for l in lines { onLine(l) }
                     })
        return status.withLock { $0 }
    }

    private static func exchange(socket: String, method: HTTPMethod, path: String, timeout: Int64?,
                                 onHead: @escaping @Sendable (Int) -> Void, onBody: @escaping @Sendable ([UInt8]) -> Void) throws {
        guard FileManager.default.fileExists(atPath: socket) else { throw Unreachable(socket: socket, reason: "no socket file") }
        let group = MultiThreadedEventLoopGroup.singleton
        let done = group.next().makePromise(of: Void.self)
        let channel: any Channel
        do {
            channel = try ClientBootstrap(group: group)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(ResponseHandler(onHead: onHead, onBody: onBody, done: done))
                    }
                }
                .connect(unixDomainSocketPath: socket).wait()
        } catch {
            throw Unreachable(socket: socket, reason: "\(error)")
        }
        var headers = HTTPHeaders()
        headers.add(name: "host", value: "copydesk")
        headers.add(name: "content-length", value: "0")
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers)
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        if let timeout {
            let deadline = channel.eventLoop.scheduleTask(in: .seconds(timeout)) {
                done.fail(Unreachable(socket: socket, reason: "no answer within \(timeout) s"))
            }
            done.futureResult.whenComplete { _ in deadline.cancel() }
        }
        defer { channel.close(promise: nil) }
        try done.futureResult.wait()
    }
}

/// Hands the answer's parts to the caller; completes when the answer or the connection ends.
private final class ResponseHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    let onHead: @Sendable (Int) -> Void
    let onBody: @Sendable ([UInt8]) -> Void
    let done: EventLoopPromise<Void>

    init(onHead: @escaping @Sendable (Int) -> Void, onBody: @escaping @Sendable ([UInt8]) -> Void, done: EventLoopPromise<Void>) {
        self.onHead = onHead
        self.onBody = onBody
        self.done = done
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h): onHead(Int(h.status.code))
        case .body(let buffer): onBody(Array(buffer.readableBytesView))
        case .end: done.succeed(())
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        done.succeed(())
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        done.fail(error)
        context.close(promise: nil)
    }
}
