import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// What the control API can reach: the runtime once recovery made it, and
/// the daemon's reload (which also tells systemd RELOADING=1 and READY=1).
public struct ControlAPI: Sendable {
    /// The running daemon; nil while the log is still being recovered.
    public let runtime: @Sendable () -> Runtime?
    /// Loads, validates and applies the configuration again.
    public let reload: @Sendable () -> Result<Void, any Error>

    /// Makes the API.
    public init(runtime: @escaping @Sendable () -> Runtime?, reload: @escaping @Sendable () -> Result<Void, any Error>) {
        self.runtime = runtime
        self.reload = reload
    }
}

/// The control API: HTTP/1.1 (SwiftNIO's NIOHTTP1) on a unix socket, and
/// optionally `/metrics` and `/health` alone on a TCP listener.
///
/// | request | answer |
/// | --- | --- |
/// | `GET /status` | the JSON of `copydesk status --json` |
/// | `GET /health` | 200 `{"healthy":true,…}` while running; 503 with the reason while starting, draining or stalled |
/// | `GET /metrics` | Prometheus text |
/// | `GET /events` | a stream of NDJSON events; `?backlog=1` first sends the recent ones, `?follow=0` stops after them |
/// | `POST /pause`, `POST /resume`, `POST /reload` | `{"ok":…,"message":…}` |
public final class ControlServer: Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let channels = Mutex<[any Channel]>([])
    private let api: ControlAPI
    private let logger: Logger

    /// A server on one event-loop thread.
    public init(api: ControlAPI, logger: Logger) {
        self.api = api
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    /// Binds the unix socket at `socketPath` (mode 0660; a stale socket file
    /// is replaced — the log's lock already proves no other daemon owns it)
    /// and, when given, a TCP listener serving only `/metrics` and `/health`.
    public func start(socketPath: String, metricsListen: (host: String, port: Int)?) throws {
        guard socketPath.utf8.count < 108 else {
            throw DaemonError(.config, "the control socket path \(socketPath) is \(socketPath.utf8.count) bytes; a unix socket path must be under 108 (set control.socket)")
        }
        let unix = try bootstrap(metricsOnly: false)
            .bind(unixDomainSocketPath: socketPath, cleanupExistingSocketFile: true).wait()
        chmod(socketPath, 0o660)
        channels.withLock { $0.append(unix) }
        logger.info("control API listening", metadata: ["socket": "\(socketPath)"])
        if let tcp = metricsListen {
            let channel = try bootstrap(metricsOnly: true)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .bind(host: tcp.host, port: tcp.port).wait()
            channels.withLock { $0.append(channel) }
            logger.info("metrics listening", metadata: ["address": "\(tcp.host):\(tcp.port)"])
        }
    }

    private func bootstrap(metricsOnly: Bool) -> ServerBootstrap {
        let api = api
        return ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 64)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(ControlHandler(api: api, metricsOnly: metricsOnly))
                }
            }
    }

    /// Closes the listeners and every open connection.
    public func stop() {
        let open = channels.withLock { c -> [any Channel] in
            defer { c = [] }
            return c
        }
        for c in open { try? c.close().wait() }
        try? group.syncShutdownGracefully()
    }
}

/// One connection: answers requests, or streams events until the reader goes.
final class ControlHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let api: ControlAPI
    private let metricsOnly: Bool
    private var head: HTTPRequestHead?
    private var subscription: Int?
    private var lost = 0

    init(api: ControlAPI, metricsOnly: Bool) {
        self.api = api
        self.metricsOnly = metricsOnly
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
        case .body:
            break
        case .end:
            guard let h = head else { return }
            head = nil
            route(context: context, head: h)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let subscription { api.runtime()?.events.unsubscribe(subscription) }
        subscription = nil
        context.fireChannelInactive()
    }

    private func route(context: ChannelHandlerContext, head: HTTPRequestHead) {
        let parts = head.uri.split(separator: "?", maxSplits: 1)
        let path = parts.first.map(String.init) ?? "/"
        let query = Set((parts.count > 1 ? parts[1] : "").split(separator: "&").map(String.init))
        guard let runtime = api.runtime() else {
            // Recovering the log: only /health and /metrics say so; the rest wait for the runtime.
            switch path {
            case "/health":
                respond(context, head, .serviceUnavailable, json: Self.object(["healthy": "false", "state": Self.quoted("starting"),
                                                                                 "reason": Self.quoted("recovering the log")]))
            case "/metrics":
                respond(context, head, .ok, contentType: "text/plain; version=0.0.4; charset=utf-8",
                        body: "# HELP copydesk_up 1 while the daemon runs.\n# TYPE copydesk_up gauge\ncopydesk_up 1\n# HELP copydesk_starting 1 while the log is recovered.\n# TYPE copydesk_starting gauge\ncopydesk_starting 1")
            default:
                respond(context, head, .serviceUnavailable, json: Self.message(false, "copydesk is starting (recovering the log); try again shortly"))
            }
            return
        }
        switch (head.method, path) {
        case (.GET, "/health"):
            let h = runtime.health()
            var body = ["healthy": h.healthy ? "true" : "false", "state": Self.quoted(h.state)]
            if let r = h.reason { body["reason"] = Self.quoted(r) }
            respond(context, head, h.healthy ? .ok : .serviceUnavailable, json: Self.object(body))
        case (.GET, "/metrics"):
            respond(context, head, .ok, contentType: "text/plain; version=0.0.4; charset=utf-8", body: runtime.metricsText())
        case (_, "/health"), (_, "/metrics"):
            respond(context, head, .methodNotAllowed, json: Self.message(false, "use GET"))
        case _ where metricsOnly:
            respond(context, head, .notFound, json: Self.message(false, "this listener serves /metrics and /health only"))
        case (.GET, "/status"):
            respond(context, head, .ok, json: runtime.status().json(pretty: false))
        case (.GET, "/events"):
            stream(context, head, runtime, backlog: query.contains("backlog=1"), follow: !query.contains("follow=0"))
        case (.POST, "/pause"):
            let changed = runtime.pause()
            respond(context, head, .ok, json: Self.message(true, changed ? "intake paused; articles in flight finish" : "intake was already paused"))
        case (.POST, "/resume"):
            let changed = runtime.resume()
            respond(context, head, .ok, json: Self.message(true, changed ? "intake resumed" : "intake was not paused by the operator"))
        case (.POST, "/reload"):
            switch api.reload() {
            case .success: respond(context, head, .ok, json: Self.message(true, "configuration reloaded"))
            case .failure(let error): respond(context, head, .unprocessableEntity, json: Self.message(false, "reload failed, the running configuration stays: \(error)"))
            }
        case (_, "/status"), (_, "/events"), (_, "/pause"), (_, "/resume"), (_, "/reload"):
            respond(context, head, .methodNotAllowed, json: Self.message(false, "wrong method for \(path)"))
        default:
            respond(context, head, .notFound, json: Self.message(false, "no such endpoint: \(path); try /status /health /metrics /events /pause /resume /reload"))
        }
    }

    private func respond(_ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ status: HTTPResponseStatus,
                         contentType: String = "application/json", json: String? = nil, body: String? = nil) {
        let text = (json ?? body ?? "") + "\n"
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: contentType)
        headers.add(name: "content-length", value: String(text.utf8.count))
        headers.add(name: "connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))), promise: nil)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
    }

    private func stream(_ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ runtime: Runtime, backlog: Bool, follow: Bool) {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/x-ndjson")
        headers.add(name: "cache-control", value: "no-store")
        if !follow { headers.add(name: "connection", value: "close") }
        // No content-length: NIOHTTP1 sends the body chunked.
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: .ok, headers: headers))), promise: nil)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let me = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        var pending: [DaemonEvent] = []
        if follow {
            let (token, recent) = runtime.events.subscribe { event in
                loop.execute { me.value.deliver(event, bound.value) }
            }
            subscription = token
            if backlog { pending = recent }
        } else {
            pending = backlog ? runtime.events.recent : []
        }
        for e in pending { context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: e.jsonLine + "\n")))), promise: nil) }
        if follow {
            context.flush()
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
        }
    }

    /// Writes one event, or counts it as lost while the reader is not keeping up.
    private func deliver(_ event: DaemonEvent, _ context: ChannelHandlerContext) {
        guard subscription != nil, context.channel.isActive else { return }
        guard context.channel.isWritable else {
            lost += 1
            return
        }
        if lost > 0 {
            let note = DaemonEvent("lost", reason: "the reader was too slow", count: lost)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: note.jsonLine + "\n")))), promise: nil)
            lost = 0
        }
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: event.jsonLine + "\n")))), promise: nil)
    }

    static func quoted(_ s: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = (try? encoder.encode(s)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func object(_ fields: [String: String]) -> String {
        "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
    }

    static func message(_ ok: Bool, _ text: String) -> String {
        object(["ok": ok ? "true" : "false", "message": quoted(text)])
    }
}

extension DaemonStatus {
    /// The status as JSON (sorted keys).
    public func json(pretty: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }
}
