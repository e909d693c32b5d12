import CLibPQ
import Dispatch
import Foundation
import Synchronization

/// `postgres://…`: rows in a table (default `articles`), upserted by article id
/// from a COPY into a temporary table, with the consumer's checkpoint written
/// in the same transaction, so a crash leaves neither a gap nor a duplicate.
///
/// The table: `id text primary key`, `"offset" bigint`, `record jsonb`, and
/// convenience columns `headline`, `pipeline`, `dedup_status`, `cluster`,
/// `version_created` (as the record has it) and `appended_at` (the log's time).
///
/// Parallel: the server's JSON parsing is the limit and one connection uses one
/// core, so each batch is split by article id over `connections` connections
/// (the same id always goes to the same one, so no two transactions touch one
/// row) and written by all at once. Each partition's transaction stores its own
/// checkpoint row in `copydesk_consumers (name, part, next_offset, updated)`;
/// a consumer resumes at the smallest, so a crash between the partitions'
/// commits re-sends records that are already there — an upsert of the same
/// row — and never leaves a gap.
// @unchecked: every property is a let set in init; write() hands each libpq connection to one thread only.
public final class PostgresSink: ReplaySink, @unchecked Sendable {
    public let description: String
    private let connections: [OpaquePointer]
    private var connection: OpaquePointer { connections[0] }
    private let table: String

    /// Connects (libpq takes the URL as it is) and creates the tables if missing.
    public init(url: String, table: String = "articles", connections count: Int = 2) throws {
        guard table.range(of: #"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$"#, options: .regularExpression) != nil else {
            throw SinkError("--table '\(table)' must be a plain SQL name (letters, digits, _; optionally schema.table)", permanent: true)
        }
        self.table = table.split(separator: ".").map { "\"\($0)\"" }.joined(separator: ".")
        description = Self.redacted(url)
        var opened: [OpaquePointer] = []
        for _ in 0..<max(1, count) {
            guard let c = PQconnectdb(url) else {
                opened.forEach { PQfinish($0) }
                throw SinkError("libpq could not allocate a connection")
            }
            guard PQstatus(c) == CONNECTION_OK else {
                let message = String(cString: PQerrorMessage(c)).trimmingCharacters(in: .whitespacesAndNewlines)
                PQfinish(c)
                opened.forEach { PQfinish($0) }
                throw SinkError("cannot connect to \(Self.redacted(url)): \(message)")
            }
            opened.append(c)
        }
        connections = opened
        try exec("""
            CREATE TABLE IF NOT EXISTS \(self.table) (
                id text PRIMARY KEY,
                "offset" bigint NOT NULL,
                headline text,
                pipeline text,
                dedup_status text,
                cluster text,
                version_created text,
                appended_at timestamptz,
                record jsonb NOT NULL
            )
            """)
        // lz4 (PostgreSQL 14+) compresses the 2-4 KB records several times faster than the default pglz.
        _ = try? exec("ALTER TABLE \(self.table) ALTER COLUMN record SET COMPRESSION lz4")
        try exec("""
            CREATE TABLE IF NOT EXISTS copydesk_consumers (
                name text NOT NULL,
                part int NOT NULL DEFAULT 0,
                next_offset bigint NOT NULL,
                updated timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (name, part)
            )
            """)
        for c in connections {
            try exec("""
                CREATE TEMP TABLE IF NOT EXISTS copydesk_batch ("offset" bigint, appended_us bigint, record text) ON COMMIT DELETE ROWS
                """, on: c)
            // The staging copy lives for one transaction: not worth compressing.
            try exec("ALTER TABLE copydesk_batch ALTER COLUMN record SET STORAGE EXTERNAL", on: c)
        }
    }

    public var keepsCheckpoints: Bool { true }

    public func storedCheckpoint(consumer: String) throws -> UInt64? {
        // The smallest partition: everything below it is committed in every partition.
        let r = try query("SELECT min(next_offset) FROM copydesk_consumers WHERE name = $1", [consumer])
        defer { PQclear(r) }
        guard PQntuples(r) == 1, PQgetisnull(r, 0, 0) == 0, let v = PQgetvalue(r, 0, 0) else { return nil }
        return UInt64(String(cString: v))
    }

    public func write(_ batch: [ReplayRecord], checkpoint: (consumer: String, nextOffset: UInt64)?) throws {
        let n = connections.count
        var parts = [[ReplayRecord]](repeating: [], count: n)
        for r in batch {
            let id = RecordField.string("id", in: r.payload) ?? "offset-\(r.offset)"
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for b in id.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
            parts[Int(h % UInt64(n))].append(r)
        }
        let failures = Mutex<[SinkError]>([])
        let partitions = parts
        let work: @Sendable (Int) -> Void = { p in
            do {
                try self.transaction(partitions[p], part: p, checkpoint: checkpoint, on: self.connections[p])
            } catch let e as SinkError {
                failures.withLock { $0.append(e) }
            } catch {
                failures.withLock { $0.append(SinkError("\(error)")) }
            }
        }
        if n == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: n, execute: work) }
        if let first = failures.withLock({ $0.first }) {
            throw SinkError(first.message, offset: batch.first?.offset, permanent: first.permanent)
        }
    }

    /// One partition's rows and checkpoint in one transaction.
    private func transaction(_ records: [ReplayRecord], part: Int, checkpoint: (consumer: String, nextOffset: UInt64)?, on c: OpaquePointer) throws {
        do {
            try exec("BEGIN", on: c)
            if !records.isEmpty {
                try copy(records, on: c)
                try exec("""
                    INSERT INTO \(table) (id, "offset", headline, pipeline, dedup_status, cluster, version_created, appended_at, record)
                    SELECT DISTINCT ON (id) id, "offset", record->'headlines'->0->>'value', record#>>'{copydesk,pipeline}',
                           record#>>'{copydesk,dedup,status}', record#>>'{copydesk,dedup,cluster}', record->>'versionCreated',
                           to_timestamp(appended_us / 1000000.0), record
                    FROM (SELECT COALESCE(j->>'id', 'offset-' || "offset") AS id, "offset", appended_us, j AS record
                          FROM (SELECT "offset", appended_us, record::jsonb AS j FROM copydesk_batch) parsed) b
                    ORDER BY id, "offset" DESC
                    ON CONFLICT (id) DO UPDATE SET "offset" = EXCLUDED."offset", headline = EXCLUDED.headline, pipeline = EXCLUDED.pipeline,
                        dedup_status = EXCLUDED.dedup_status, cluster = EXCLUDED.cluster, version_created = EXCLUDED.version_created,
                        appended_at = EXCLUDED.appended_at, record = EXCLUDED.record
                    """, on: c)
            }
            if let checkpoint {
                PQclear(try query("""
                    INSERT INTO copydesk_consumers (name, part, next_offset, updated) VALUES ($1, $2, $3, now())
                    ON CONFLICT (name, part) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated = now()
                    """, [checkpoint.consumer, String(part), String(checkpoint.nextOffset)], on: c))
            }
            try exec("COMMIT", on: c)
        } catch let e as SinkError {
            _ = try? exec("ROLLBACK", on: c)
            throw e
        }
    }

    public func close() throws {
        connections.forEach { PQfinish($0) }
    }

    // MARK: - libpq

    private func exec(_ sql: String, on c: OpaquePointer? = nil) throws {
        let connection = c ?? self.connection
        guard let r = PQexec(connection, sql) else { throw SinkError("PostgreSQL: \(Self.lastError(connection))") }
        defer { PQclear(r) }
        let status = PQresultStatus(r)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw SinkError("PostgreSQL: \(String(cString: PQresultErrorMessage(r)).trimmingCharacters(in: .whitespacesAndNewlines))",
                            permanent: PQstatus(connection) == CONNECTION_OK)
        }
    }

    private func query(_ sql: String, _ parameters: [String], on c: OpaquePointer? = nil) throws -> OpaquePointer {
        let connection = c ?? self.connection
        var cStrings = parameters.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        let r: OpaquePointer? = cStrings.withUnsafeMutableBufferPointer { buf in
            buf.withMemoryRebound(to: UnsafePointer<CChar>?.self) { values in
                PQexecParams(connection, sql, Int32(parameters.count), nil, values.baseAddress, nil, nil, 0)
            }
        }
        guard let r else { throw SinkError("PostgreSQL: \(Self.lastError(connection))") }
        let status = PQresultStatus(r)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let message = String(cString: PQresultErrorMessage(r)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQclear(r)
            throw SinkError("PostgreSQL: \(message)")
        }
        return r
    }

    /// COPY the batch into the temporary table (text format: backslash, tab, newline escaped).
    private func copy(_ batch: [ReplayRecord], on connection: OpaquePointer) throws {
        guard let start = PQexec(connection, "COPY copydesk_batch (\"offset\", appended_us, record) FROM STDIN") else {
            throw SinkError("PostgreSQL COPY: \(Self.lastError(connection))")
        }
        let started = PQresultStatus(start) == PGRES_COPY_IN
        let startError = String(cString: PQresultErrorMessage(start)).trimmingCharacters(in: .whitespacesAndNewlines)
        PQclear(start)
        guard started else { throw SinkError("PostgreSQL COPY: \(startError)") }
        var data: [UInt8] = []
        data.reserveCapacity(batch.reduce(0) { $0 + $1.payload.count + 32 })
        for r in batch {
            data += Array("\(r.offset)\t\(r.timestamp)\t".utf8)
            for b in r.payload {
                switch b {
                case 0x5C: data += [0x5C, 0x5C]
                case 0x09: data += [0x5C, UInt8(ascii: "t")]
                case 0x0A: data += [0x5C, UInt8(ascii: "n")]
                case 0x0D: data += [0x5C, UInt8(ascii: "r")]
                default: data.append(b)
                }
            }
            data.append(0x0A)
        }
        let sent = data.withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { PQputCopyData(connection, $0.baseAddress, Int32($0.count)) }
        }
        guard sent == 1, PQputCopyEnd(connection, nil) == 1 else { throw SinkError("PostgreSQL COPY: \(Self.lastError(connection))") }
        while let r = PQgetResult(connection) {
            defer { PQclear(r) }
            if PQresultStatus(r) != PGRES_COMMAND_OK {
                throw SinkError("PostgreSQL COPY: \(String(cString: PQresultErrorMessage(r)).trimmingCharacters(in: .whitespacesAndNewlines))", permanent: true)
            }
        }
    }

    private static func lastError(_ connection: OpaquePointer) -> String {
        String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The URL without its password.
    static func redacted(_ url: String) -> String {
        guard let at = url.firstIndex(of: "@"), let scheme = url.range(of: "://"), scheme.upperBound < at else { return url }
        let userInfo = url[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}
