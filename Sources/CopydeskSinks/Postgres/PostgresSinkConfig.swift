import Foundation

/// `to: postgres://…` (or `postgresql://`): upserts by article id into
/// `table`, the consumer's checkpoint in the same transaction.
///
/// ```yaml
/// to: postgres://copydesk@db.internal/news
/// table: news.articles   # a plain SQL name, optionally schema.table (default articles)
/// connections: 4         # 1 to 16 writing in parallel (default 2)
/// ```
public struct PostgresSinkConfig: SinkConfig, Equatable {
    /// The keys of a PostgreSQL sink.
    public enum CodingKeys: String, CodingKey, CaseIterable { case to, table, connections }

    /// `postgres` and `postgresql`.
    public static let schemes = ["postgres", "postgresql"]
    /// The documented example.
    public static let example = "to: postgres://copydesk@db.internal/news\ntable: news.articles\nconnections: 4"

    /// The libpq URL, as given.
    public var url: String
    /// The table.
    public var table = "articles"
    /// Connections writing in parallel (each batch split by article id).
    public var connections = 2

    /// The server at `target`.
    public init(target: String) {
        url = target
    }

    /// Decodes `to`, `table` and `connections`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(target: try c.decode(String.self, forKey: .to))
        table = try c.decodeChecked(String.self, forKey: .table, Self.checked(table:)) ?? table
        connections = try c.decodeChecked(Int.self, forKey: .connections, Self.checked(connections:)) ?? connections
    }

    /// Takes `--table` and `--connections`.
    public mutating func apply(_ overrides: SinkOverrides) throws(SinkError) {
        if let t = overrides.table { table = try Self.checked(table: t) }
        if let n = overrides.connections { connections = try Self.checked(connections: n) }
    }

    /// Connects and creates the tables if missing.
    public func build() throws -> any ReplaySink { try PostgresSink(url: url, table: table, connections: connections) }

    static func checked(table: String) throws(SinkError) -> String {
        guard table.range(of: #"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$"#, options: .regularExpression) != nil else {
            throw .config("table '\(table)' must be a plain SQL name (letters, digits, _; optionally schema.table)")
        }
        return table
    }

    static func checked(connections: Int) throws(SinkError) -> Int {
        guard (1...16).contains(connections) else { throw .config("connections must be 1 to 16, not \(connections)") }
        return connections
    }
}
