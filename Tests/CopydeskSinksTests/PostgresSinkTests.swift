import CLibPQ
import CopydeskLog
import Foundation
import CopydeskBench
import Testing
@testable import CopydeskSinks

@Suite("Replay into PostgreSQL (a throwaway server)", .enabled(if: ThrowawayPostgres.bin != nil, "PostgreSQL is not installed (Deploy/install-deps.sh installs it)"))
struct PostgresSinkTests {
    @Test("every record once in the table with its convenience columns; the checkpoint sits in the same database")
    func replay() throws {
        let pg = try ThrowawayPostgres()
        let log = try TestLog(count: 2_500)
        var options = ReplayOptions()
        options.consumer = "warehouse"
        options.batch = 400
        let p = try ReplayDriver(directory: log.directory, sink: try PostgresSink(url: pg.url), options: options).run()
        #expect(p.sent == 2_500)
        #expect(pg.rows("SELECT count(*), count(DISTINCT id), min(\"offset\"), max(\"offset\") FROM articles") == [["2500", "2500", "0", "2499"]])
        #expect(pg.rows("SELECT headline, pipeline, dedup_status, cluster, record->'bodies'->0->>'value' FROM articles WHERE id = 'story-7'")
                == [["Story 7", "news", "near_duplicate", "c-2", "Body 7 with a \"quote\", a back\\slash and a tab\t."]])
        // One checkpoint row per connection (partition of ids), all at the end.
        #expect(pg.rows("SELECT part, next_offset FROM copydesk_consumers WHERE name = 'warehouse' ORDER BY part") == [["0", "2500"], ["1", "2500"]])
        #expect(try ConsumerCheckpoints(log.directory).load("warehouse")?.nextOffset == 2_500)
        // A rerun of the consumer finds nothing new; a deliberate re-feed overwrites by id.
        #expect(try ReplayDriver(directory: log.directory, sink: try PostgresSink(url: pg.url), options: options).run().sent == 0)
        var refeed = options
        refeed.from = 0
        #expect(try ReplayDriver(directory: log.directory, sink: try PostgresSink(url: pg.url), options: refeed).run().sent == 2_500)
        #expect(pg.rows("SELECT count(*) FROM articles") == [["2500"]])
    }

    @Test("another writer inserting one of the batch's ids meanwhile: the batch is upserted instead, every record once")
    func concurrentWriter() throws {
        let pg = try ThrowawayPostgres()
        let log = try TestLog(count: 300)
        _ = try PostgresSink(url: pg.url)  // creates the table
        // After each (even empty) DELETE, "someone else" inserts story-7 — as a
        // concurrent writer could between copydesk's DELETE and its COPY.
        _ = pg.rows("""
            CREATE FUNCTION sneak() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN INSERT INTO articles (id, "offset", record) VALUES ('story-7', -1, '{}') ON CONFLICT DO NOTHING; RETURN NULL; END $$;
            CREATE TRIGGER sneak AFTER DELETE ON articles FOR EACH STATEMENT EXECUTE FUNCTION sneak();
            """)
        var options = ReplayOptions()
        options.consumer = "wh"
        options.batch = 100
        #expect(try ReplayDriver(directory: log.directory, sink: try PostgresSink(url: pg.url), options: options).run().sent == 300)
        #expect(pg.rows("SELECT count(*), count(DISTINCT id), min(\"offset\") FROM articles") == [["300", "300", "0"]])
        #expect(pg.rows("SELECT \"offset\", headline FROM articles WHERE id = 'story-7'") == [["7", "Story 7"]])
        #expect(pg.rows("SELECT min(next_offset) FROM copydesk_consumers WHERE name = 'wh'") == [["300"]])
    }

    @Test("one id twice in a batch: one row, the later record")
    func sameIDTwice() throws {
        let rows = PostgresSink.latestPerID([
            ReplayRecord(offset: 4, timestamp: 0, payload: Array(#"{"id":"a","v":1}"#.utf8)),
            ReplayRecord(offset: 5, timestamp: 0, payload: Array(#"{"id":"b"}"#.utf8)),
            ReplayRecord(offset: 6, timestamp: 0, payload: Array(#"{"id":"a","v":2}"#.utf8)),
            ReplayRecord(offset: 7, timestamp: 0, payload: Array(#"{"no":"id"}"#.utf8)),
        ])
        #expect(rows.map(\.id) == ["a", "b", "offset-7"])
        #expect(rows.map(\.record.offset) == [6, 5, 7])
        #expect(PostgresSink.arrayLiteral(["a", #"b"c\d"#]) == #"{"a","b\"c\\d"}"#)
        #expect(PostgresSink.timestamptz(microseconds: 1_795_939_200_000_001) == "2026-11-29 08:00:00.000001+00")
        #expect(PostgresSink.timestamptz(microseconds: -1) == "1969-12-31 23:59:59.999999+00")
    }

    @Test("a bad table name and an unreachable server are clear errors")
    func errors() throws {
        #expect(throws: SinkError.self) { try PostgresSink(url: "postgresql:///x?host=/nonexistent", table: "articles; drop table x") }
        do {
            _ = try PostgresSink(url: "postgresql:///x?host=/nonexistent&port=1")
            Issue.record("connected to nothing")
        } catch let e as SinkError {
            #expect(e.message.contains("cannot connect"))
        }
    }
}

/// The `copydesk` binary built beside the test bundle.
let copydeskBinary: String = {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("copydesk").path
}()

extension PostgresSinkTests {
    @Test("copydesk replay killed with SIGKILL mid-replay, then rerun: every record exactly once, the checkpoint at the end")
    func killAndResume() throws {
        let pg = try ThrowawayPostgres()
        let log = try TestLog(count: 6_000)
        let arguments = ["replay", "--log", log.directory.path, "--to", pg.url, "--consumer", "wh", "--batch", "200"]
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = ([copydeskBinary] + arguments + ["--rate", "3000"]).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        #expect(posix_spawn(&pid, copydeskBinary, &actions, nil, argv, environ) == 0)
        posix_spawn_file_actions_destroy(&actions)
        // Let it get part of the way, then kill it without warning.
        let deadline = Date().addingTimeInterval(20)
        while (Int(pg.rows("SELECT count(*) FROM articles").first?.first ?? "0") ?? 0) < 600 && Date() < deadline { usleep(50_000) }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let partial = Int(pg.rows("SELECT count(*) FROM articles").first?.first ?? "0") ?? 0
        #expect(partial > 0 && partial < 6_000, "the kill should land mid-replay (\(partial) rows)")
        // Each partition commits its rows with its own checkpoint; the consumer resumes at the smallest.
        let checkpoint = Int(pg.rows("SELECT min(next_offset) FROM copydesk_consumers WHERE name = 'wh'").first?.first ?? "0") ?? 0
        #expect(checkpoint > 0 && checkpoint <= partial)
        #expect(Int(pg.rows("SELECT count(*) FROM articles WHERE \"offset\" < \(checkpoint)").first?.first ?? "") == checkpoint, "no gap below the checkpoint")

        let rerun = try shell(copydeskBinary, arguments)
        #expect(rerun.status == 0, "\(rerun.output)")
        #expect(rerun.output.contains("consumer wh resumes at offset \(checkpoint)"))
        #expect(pg.rows("SELECT count(*), count(DISTINCT id), min(\"offset\"), max(\"offset\") FROM articles") == [["6000", "6000", "0", "5999"]])
        #expect(pg.rows("SELECT min(next_offset), max(next_offset) FROM copydesk_consumers WHERE name = 'wh'") == [["6000", "6000"]])
    }
}
