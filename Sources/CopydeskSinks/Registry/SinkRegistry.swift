/// The kinds of sink a target may name, keyed by the target's scheme
/// (`stdout`, `file`, `http`, `https`, `postgres`, `postgresql`, `kafka`).
///
/// ``builtIn`` lists every sink that ships with copydesk once; tests or
/// embedders may extend a registry with ``registering(_:)``.
public struct SinkRegistry: Sendable {
    private var registrations: [String: SinkRegistration]

    /// The sinks that ship with copydesk.
    public static let builtIn = SinkRegistry([
        StdoutSinkConfig.self,
        FileSinkConfig.self,
        HTTPSinkConfig.self,
        PostgresSinkConfig.self,
        KafkaSinkConfig.self,
    ])

    /// A registry of `configs`; two serving one scheme are a programmer error.
    public init(_ configs: [any SinkConfig.Type]) {
        registrations = [:]
        for config in configs { add(SinkRegistration(config)) }
    }

    /// This registry plus `config`.
    public func registering(_ config: any SinkConfig.Type) -> SinkRegistry {
        var copy = self
        copy.add(SinkRegistration(config))
        return copy
    }

    /// Every registration once, in the order of their first scheme.
    public var all: [SinkRegistration] {
        var seen = Set<String>()
        return registrations.keys.sorted().compactMap { scheme in
            guard let r = registrations[scheme], seen.insert(r.schemes[0]).inserted else { return nil }
            return r
        }
    }

    /// The scheme of `target`: `stdout` for `stdout` and `-`, else what comes before its first `:`.
    public static func scheme(of target: String) -> String {
        if target == "-" { return "stdout" }
        return target.firstIndex(of: ":").map { String(target[..<$0]) } ?? target
    }

    /// The registration serving `target`'s scheme.
    ///
    /// - Throws: `unknown_target`, listing the targets there are.
    public func registration(for target: String) throws(SinkError) -> SinkRegistration {
        guard let r = registrations[Self.scheme(of: target)] else {
            throw .config(.unknownTarget, "unknown target '\(target)': use stdout, file:PATH, http(s)://…, postgres://… or kafka://BROKERS/TOPIC")
        }
        return r
    }

    /// The configuration for `target`, its other settings at their defaults.
    public func config(target: String) throws(SinkError) -> any SinkConfig {
        try registration(for: target).config(target: target)
    }

    private mutating func add(_ registration: SinkRegistration) {
        for scheme in registration.schemes {
            precondition(registrations[scheme] == nil, "sink scheme '\(scheme)' registered twice")
            registrations[scheme] = registration
        }
    }
}
