import CLibPQ
import CopydeskRecord
import Dispatch
import Foundation
import Synchronization

/// `postgres://…`: rows in a table (default `articles`), one per article id
/// (the batch's ids deleted, then the rows COPYed in), with the consumer's
/// checkpoint written in the same transaction, so a crash leaves neither a gap
/// nor a duplicate.
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
        // Each id read once; one row per id, split by id so no two transactions touch one row.
        var parts = [[Row]](repeating: [], count: n)
        for row in Self.latestPerID(batch) {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for b in row.id.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
            parts[Int(h % UInt64(n))].append(row)
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
    ///
    /// The fast way: delete the batch's ids, then COPY the rows straight into the
    /// table (the server parses each record's JSON once, in COPY; no staging
    /// table, no ON CONFLICT). Should another writer insert one of the ids
    /// between the two (a unique violation), the batch is rolled back and
    /// written again the careful way: COPY into a temporary table and upsert.
    private func transaction(_ rows: [Row], part: Int, checkpoint: (consumer: String, nextOffset: UInt64)?, on c: OpaquePointer) throws {
        do {
            try exec("BEGIN", on: c)
            if !rows.isEmpty {
                PQclear(try query("DELETE FROM \(table) WHERE id = ANY($1::text[])", [Self.arrayLiteral(rows.map(\.id))], on: c))
                try copy(rows.count, into: "\(table) (id, \"offset\", headline, pipeline, dedup_status, cluster, version_created, appended_at, record)", on: c) { range, data in
                    Self.tableRows(rows[range], to: &data)
                }
            }
            try storeCheckpoint(checkpoint, part: part, on: c)
            try exec("COMMIT", on: c)
        } catch let e as SinkError where e.sqlState == "23505" {
            _ = try? exec("ROLLBACK", on: c)
            try upsertTransaction(rows.map(\.record), part: part, checkpoint: checkpoint, on: c)
        } catch let e as SinkError {
            _ = try? exec("ROLLBACK", on: c)
            throw e
        }
    }

    /// The careful way: COPY into the temporary table, then upsert by id.
    private func upsertTransaction(_ records: [ReplayRecord], part: Int, checkpoint: (consumer: String, nextOffset: UInt64)?, on c: OpaquePointer) throws {
        do {
            try exec("BEGIN", on: c)
            if !records.isEmpty {
                try copy(records.count, into: "copydesk_batch (\"offset\", appended_us, record)", on: c) { range, data in
                    Self.stagingRows(records[range], to: &data)
                }
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
            try storeCheckpoint(checkpoint, part: part, on: c)
            try exec("COMMIT", on: c)
        } catch let e as SinkError {
            _ = try? exec("ROLLBACK", on: c)
            throw e
        }
    }

    private func storeCheckpoint(_ checkpoint: (consumer: String, nextOffset: UInt64)?, part: Int, on c: OpaquePointer) throws {
        guard let checkpoint else { return }
        PQclear(try query("""
            INSERT INTO copydesk_consumers (name, part, next_offset, updated) VALUES ($1, $2, $3, now())
            ON CONFLICT (name, part) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated = now()
            """, [checkpoint.consumer, String(part), String(checkpoint.nextOffset)], on: c))
    }

    /// A record with its id, as one row of the table.
    struct Row: Sendable {
        var id: String
        var record: ReplayRecord
    }

    /// The batch's records with their ids; of several with one id, the latest (as the upsert's DISTINCT ON keeps).
    static func latestPerID(_ records: [ReplayRecord]) -> [Row] {
        var rows: [Row] = []
        rows.reserveCapacity(records.count)
        var at: [String: Int] = [:]
        for r in records {
            let id = RecordField.string("id", in: r.payload) ?? "offset-\(r.offset)"
            if let k = at[id] {
                if r.offset > rows[k].record.offset { rows[k].record = r }
            } else {
                at[id] = rows.count
                rows.append(Row(id: id, record: r))
            }
        }
        return rows
    }

    /// `{"a","b\"c"}`: a text[] literal.
    static func arrayLiteral(_ values: [String]) -> String {
        var s = "{"
        for (n, v) in values.enumerated() {
            if n > 0 { s += "," }
            s += "\""
            for ch in v.unicodeScalars {
                if ch == "\"" || ch == "\\" { s += "\\" }
                s.unicodeScalars.append(ch)
            }
            s += "\""
        }
        return s + "}"
    }

    /// COPY text rows for the table: id, offset, convenience columns (read from the JSON here), appended_at, record.
    static func tableRows(_ rows: ArraySlice<Row>, to data: inout [UInt8]) {
        for row in rows {
            let p = row.record.payload
            copyField(Array(row.id.utf8), to: &data); data.append(0x09)
            data += Array(String(row.record.offset).utf8); data.append(0x09)
            for value in RecordField.strings(at: convenienceColumns, in: p) {
                if let value { copyField(Array(value.utf8), to: &data) } else { data += [0x5C, UInt8(ascii: "N")] }
                data.append(0x09)
            }
            data += Array(timestamptz(microseconds: row.record.timestamp).utf8); data.append(0x09)
            copyField(p, to: &data)
            data.append(0x0A)
        }
    }

    /// Where headline, pipeline, dedup_status, cluster and version_created come from.
    static let convenienceColumns: [RecordField.Path] = [
        RecordSchema.headline, RecordSchema.pipeline, RecordSchema.dedupStatus, RecordSchema.dedupCluster, RecordSchema.versionCreated,
    ]

    /// COPY text rows for the temporary table: offset, appended_us, record.
    static func stagingRows(_ records: ArraySlice<ReplayRecord>, to data: inout [UInt8]) {
        for r in records {
            data += Array("\(r.offset)\t\(r.timestamp)\t".utf8)
            copyField(r.payload, to: &data)
            data.append(0x0A)
        }
    }

    /// One COPY text field: backslash, tab, newline and carriage return escaped.
    static func copyField(_ bytes: [UInt8], to data: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { p in
            var run = 0
            for (n, b) in p.enumerated() where b == 0x5C || b == 0x09 || b == 0x0A || b == 0x0D {
                data.append(contentsOf: UnsafeBufferPointer(rebasing: p[run..<n]))
                data.append(0x5C)
                data.append(b == 0x5C ? 0x5C : b == 0x09 ? UInt8(ascii: "t") : b == 0x0A ? UInt8(ascii: "n") : UInt8(ascii: "r"))
                run = n + 1
            }
            data.append(contentsOf: UnsafeBufferPointer(rebasing: p[run...]))
        }
    }

    /// `2026-11-29 08:00:00.123456+00` for microseconds since 1970.
    static func timestamptz(microseconds us: Int64) -> String {
        var seconds = time_t(us >= 0 ? us / 1_000_000 : (us - 999_999) / 1_000_000)
        let fraction = us - Int64(seconds) * 1_000_000
        var t = tm()
        gmtime_r(&seconds, &t)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        let f = String(fraction)
        return "\(pad(t.tm_year + 1900, 4))-\(pad(t.tm_mon + 1, 2))-\(pad(t.tm_mday, 2)) \(pad(t.tm_hour, 2)):\(pad(t.tm_min, 2)):\(pad(t.tm_sec, 2))."
            + String(repeating: "0", count: 6 - f.count) + f + "+00"
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
            let state = Self.sqlState(r)
            PQclear(r)
            throw SinkError("PostgreSQL: \(message)", sqlState: state)
        }
        return r
    }

    /// COPY `count` rows into `target` ("table (columns)"); `build` writes rows
    /// `range` as COPY text. Rows go out in chunks as they are built, so the
    /// server parses the first while the next are made.
    private func copy(_ count: Int, into target: String, on connection: OpaquePointer, build: (Range<Int>, inout [UInt8]) -> Void) throws {
        guard let start = PQexec(connection, "COPY \(target) FROM STDIN") else {
            throw SinkError("PostgreSQL COPY: \(Self.lastError(connection))")
        }
        let started = PQresultStatus(start) == PGRES_COPY_IN
        let startError = String(cString: PQresultErrorMessage(start)).trimmingCharacters(in: .whitespacesAndNewlines)
        PQclear(start)
        guard started else { throw SinkError("PostgreSQL COPY: \(startError)") }
        var data: [UInt8] = []
        data.reserveCapacity(1 << 20)
        var sent: Int32 = 1
        var at = 0
        while at < count, sent == 1 {
            let range = at..<min(count, at + 64)
            data.removeAll(keepingCapacity: true)
            build(range, &data)
            sent = data.withUnsafeBufferPointer { p in
                p.withMemoryRebound(to: CChar.self) { PQputCopyData(connection, $0.baseAddress, Int32($0.count)) }
            }
            at = range.upperBound
        }
        guard sent == 1, PQputCopyEnd(connection, nil) == 1 else { throw SinkError("PostgreSQL COPY: \(Self.lastError(connection))") }
        var failure: SinkError?
        while let r = PQgetResult(connection) {
            if PQresultStatus(r) != PGRES_COMMAND_OK, failure == nil {
                failure = SinkError("PostgreSQL COPY: \(String(cString: PQresultErrorMessage(r)).trimmingCharacters(in: .whitespacesAndNewlines))",
                                    permanent: true, sqlState: Self.sqlState(r))
            }
            PQclear(r)
        }
        if let failure { throw failure }
    }

    /// The five-character SQLSTATE of a failed result.
    private static func sqlState(_ r: OpaquePointer) -> String? {
        PQresultErrorField(r, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
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
