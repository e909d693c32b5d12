import CopydeskCore
import CopydeskDaemon
import CopydeskLog
import CopydeskLog
import Foundation
import Logging

/// `copydesk bench restart`: builds a log of N records (with the content-index
/// snapshot a running daemon keeps), then times opening it as the daemon does
/// after a crash: recovery of the active segment, the index snapshot and its
/// catch-up, pipelines, the first rescan — up to the moment READY=1 is sent.
package struct RestartBenchmark: Sendable {
    /// The figures.
    package struct Result: Sendable, Codable {
        package var records = 0
        package var logBytes: Int64 = 0
        package var buildSeconds = 0.0
        package var readySeconds = 0.0
        package var recoveredScanBytes: Int64 = 0
        package var catchUpRecords = 0

        enum CodingKeys: String, CodingKey {
            case records, logBytes = "log_bytes", buildSeconds = "build_seconds", readySeconds = "restart_to_ready_seconds"
            case recoveredScanBytes = "recovery_scanned_bytes", catchUpRecords = "index_catch_up_records"
        }
    }

    package var records: Int
    package var catchUp: Int
    package var scratch: String

    /// A benchmark of `records` records, the last `catchUp` of them newer than the snapshot.
    package init(records: Int, catchUp: Int, scratch: String) {
        self.records = records
        self.catchUp = catchUp
        self.scratch = scratch
    }

    package func run(builder: @escaping PipelineBuilder, progress: (String) -> Void) throws -> Result {
        try? FileManager.default.removeItem(atPath: scratch)
        var config = DaemonConfiguration.embedded(stateDirectory: scratch)
        config.log.fsync = .never
        try DropFolders.ensureDirectory(scratch)
        var result = Result()
        result.records = records
        progress("writing \(records) records")
        let start = PipelineRunner.nanos()
        do {
            let writer = try LogWriter(directory: LogDirectory(config.logDirectory), configuration: config.log)
            let compressor = Compressor()
            let index = ContentIndex()
            var batch: [EncodedRecord] = []
            for n in 0..<records {
                let id = SHA256.hash("article \(n)").hex
                let raw = SHA256.hash("raw \(n)").hex
                let json = "{\"copydesk\":{\"source\":{\"path\":\"/drop/a\(n).txt\",\"sha256\":\"\(raw)\"}},\"headlines\":[{\"role\":\"main\",\"value\":\"Story \(n)\"}],\"id\":\"\(String(id.prefix(32)))\",\"type\":\"text\"}"
                batch.append(try compressor.compress(Array(json.utf8), dictionary: nil))
                if n < records - catchUp { index.commit(contentID: String(id.prefix(32)), rawHash: raw, offset: UInt64(n)) }
                if batch.count == 4096 || n == records - 1 {
                    try writer.appendAndWait(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            try writer.flush()
            try index.save(to: config.indexSnapshot)
            // No close(): the active segment stays unsealed, as after SIGKILL.
            result.logBytes = try LogStats.compute(writer.directory).storedBytes
            writer.close()
        }
        result.buildSeconds = Double(PipelineRunner.nanos() - start) / 1e9
        progress("restarting")
        var logger = Logger(label: "copydesk.bench")
        logger.logLevel = .warning
        let t = PipelineRunner.nanos()
        let runtime = try Runtime(configuration: config, builder: builder, logger: logger)
        try runtime.start()
        result.readySeconds = Double(PipelineRunner.nanos() - t) / 1e9
        result.recoveredScanBytes = runtime.logWriter?.recovery.scannedBytes ?? 0
        result.catchUpRecords = catchUp
        runtime.drain()
        try? FileManager.default.removeItem(atPath: scratch)
        return result
    }
}
