/// The configuration of one kind of sink — a `sinks.NAME` mapping in
/// copydesk.yaml, or `replay --to TARGET` with its flags — and the factory of
/// its runtime ``ReplaySink`` (Vector's sink config).
///
/// Contract:
/// - ``SinkDefinition`` rejects every key of a sink's mapping that is neither a
///   case of ``CodingKeys`` nor one of replay's own keys (`filter`, `batch`,
///   `rate`) *before* decoding, so an implementation only lists its keys, `to`
///   included.
/// - `init(from:)` reads `to` through ``init(target:)`` and checks every other
///   value while decoding (a `DecodingError` naming the key), so a
///   configuration that loads is valid and `copydesk validate` finds every
///   mistake without connecting anywhere.
/// - ``build()`` is called once per replay, on the replay's thread; it may
///   connect (PostgreSQL does) and throws a ``SinkError``.
/// - Register every implementation once in ``SinkRegistry/builtIn``.
public protocol SinkConfig: Decodable, Sendable {
    /// The keys a sink mapping of this kind may hold besides replay's own; the
    /// names of its cases are the YAML keys.
    associatedtype CodingKeys: CodingKey & CaseIterable

    /// The target schemes this sink serves (`http`, `https`; `stdout` stands
    /// for the whole target `stdout`).
    static var schemes: [String] { get }

    /// A sink mapping that uses every key, as README shows it; the conformance
    /// test loads it.
    static var example: String { get }

    /// The configuration for `target` with every other setting at its default.
    ///
    /// - Throws: `bad_config` when the target is malformed (`file:` with no path).
    init(target: String) throws(SinkError)

    /// Takes the settings given on the command line, which win over the
    /// configuration's; a sink ignores the ones it has no use for.
    ///
    /// - Throws: `bad_config` for a value the sink cannot use.
    mutating func apply(_ overrides: SinkOverrides) throws(SinkError)

    /// Makes the runtime sink (opens the file, connects).
    ///
    /// - Throws: a ``SinkError``.
    func build() throws -> any ReplaySink
}

extension SinkConfig {
    /// The sink-specific YAML keys, in declaration order.
    public static var configKeys: [String] { CodingKeys.allCases.map(\.stringValue) }
}
