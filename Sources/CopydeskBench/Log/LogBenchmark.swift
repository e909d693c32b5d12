#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CZstd
import CopydeskLog
import Dispatch
import Synchronization

/// Measures the log on given records: dictionary training, compression,
/// append (framing and writing already-compressed records), commit latency
/// under `fsync always`, and reading with decompression. Single-threaded
/// figures are per core.
package struct LogBenchmark: Sendable {
    /// The figures of one run.
    package struct Result: Sendable, Codable {
        package var records = 0
        package var meanRecordBytes = 0.0
        package var dictionaryBytes = 0
        package var trainSeconds = 0.0
        /// Raw / compressed bodies with the dictionary.
        package var payloadRatio = 0.0
        /// Raw / compressed bodies without a dictionary.
        package var payloadRatioNoDictionary = 0.0
        /// Raw / segment file bytes (framing, DICT and SEAL records included).
        package var diskRatio = 0.0
        package var compressRecordsPerSecond = 0.0
        package var compressMBPerSecond = 0.0
        package var appendRecordsPerSecond = 0.0
        package var appendMBPerSecond = 0.0
        package var appendFsync = ""
        package var readRecordsPerSecond = 0.0
        package var readMBPerSecond = 0.0
        package var commitLatencyP50Milliseconds = 0.0
        package var commitLatencyP99Milliseconds = 0.0
        package var commitSamples = 0

        enum CodingKeys: String, CodingKey {
            case records, meanRecordBytes = "mean_record_bytes", dictionaryBytes = "dictionary_bytes", trainSeconds = "train_seconds"
            case payloadRatio = "payload_ratio", payloadRatioNoDictionary = "payload_ratio_no_dictionary", diskRatio = "ratio"
            case compressRecordsPerSecond = "compress_records_per_s", compressMBPerSecond = "compress_mb_per_s"
            case appendRecordsPerSecond = "append_records_per_s", appendMBPerSecond = "append_mb_per_s", appendFsync = "append_fsync"
            case readRecordsPerSecond = "read_records_per_s", readMBPerSecond = "read_mb_per_s"
            case commitLatencyP50Milliseconds = "fsync_commit_p50_ms", commitLatencyP99Milliseconds = "fsync_commit_p99_ms"
            case commitSamples = "fsync_commit_samples"
        }
    }

    /// Records to train the dictionary on (kept apart from the measured ones).
    package var trainingRecords: [[UInt8]]
    /// Records whose compression, append and read are measured; cycled to `count`.
    package var measuredRecords: [[UInt8]]
    /// How many records to append and read.
    package var count: Int
    /// A folder for the benchmark's logs (emptied before use).
    package var scratch: String
    /// fsync policy of the append measurement.
    package var fsync: FsyncPolicy
    /// Records per submission in the append measurement.
    package var batch: Int
    /// Single-record commits timed under `fsync always`.
    package var commitSamples: Int
    /// zstd level.
    package var level: Int32 = 3

    /// A benchmark.
    package init(trainingRecords: [[UInt8]], measuredRecords: [[UInt8]], count: Int, scratch: String,
                fsync: FsyncPolicy = .interval(milliseconds: 100), batch: Int = 256, commitSamples: Int = 500) {
        self.trainingRecords = trainingRecords
        self.measuredRecords = measuredRecords
        self.count = count
        self.scratch = scratch
        self.fsync = fsync
        self.batch = batch
        self.commitSamples = commitSamples
    }

    static func seconds(since start: UInt64) -> Double {
        Double(Posix.monotonicNanos() - start) / 1e9
    }

    /// Runs every measurement; `progress` gets a line per phase.
    package func run(progress: (String) -> Void = { _ in }) throws(LogError) -> Result {
        var result = Result()
        result.records = count
        try? removeTree(scratch)
        try Posix.makeDirectory(scratch)
        let logDir = LogDirectory(scratch + "/log")

        progress("training a dictionary on \(trainingRecords.count) records")
        var t = Posix.monotonicNanos()
        let dict = try LogDictionary.train(samples: trainingRecords, level: level)
        result.trainSeconds = Self.seconds(since: t)
        result.dictionaryBytes = dict.bytes.count

        progress("compressing \(count) records on one core")
        let compressor = Compressor(level: level)
        var encoded: [EncodedRecord] = []
        encoded.reserveCapacity(count)
        var raw = 0, stored = 0
        t = Posix.monotonicNanos()
        for i in 0..<count {
            let r = measuredRecords[i % measuredRecords.count]
            let e = try compressor.compress(r, dictionary: dict)
            raw += r.count
            stored += e.body.count
            encoded.append(e)
        }
        let ct = Self.seconds(since: t)
        result.compressRecordsPerSecond = Double(count) / ct
        result.compressMBPerSecond = Double(raw) / ct / 1e6
        result.payloadRatio = Double(raw) / Double(stored)
        result.meanRecordBytes = Double(raw) / Double(count)
        var plain = 0, plainRaw = 0
        for r in measuredRecords {
            plain += try compressor.compress(r, dictionary: nil).body.count
            plainRaw += r.count
        }
        result.payloadRatioNoDictionary = Double(plainRaw) / Double(plain)

        progress("appending \(count) compressed records (fsync \(fsync), \(batch) per submission)")
        var config = LogConfiguration()
        config.fsync = fsync
        let writer = try LogWriter(directory: logDir, configuration: config, owner: "copydesk bench log")
        try writer.dictionaries.persist(dict)
        let done = DispatchSemaphore(value: 0)
        let failed = Mutex<LogError?>(nil)
        let submissions = (count + batch - 1) / batch
        let left = Atomic(submissions)
        t = Posix.monotonicNanos()
        var i = 0
        while i < count {
            let slice = Array(encoded[i..<min(count, i + batch)])
            writer.append(slice) { r in
                if case .failure(let e) = r { failed.withLock { $0 = e } }
                if left.subtract(1, ordering: .relaxed).newValue == 0 { done.signal() }
            }
            i += batch
        }
        done.wait()
        let at = Self.seconds(since: t)
        if let e = failed.withLock({ $0 }) { throw e }
        result.appendRecordsPerSecond = Double(count) / at
        result.appendMBPerSecond = Double(stored + count * RecordHeader.size) / at / 1e6
        result.appendFsync = fsync.description
        writer.close()
        let stats = try LogStats.compute(logDir)
        result.diskRatio = stats.ratio

        progress("reading and decompressing \(count) records on one core")
        let reader = try LogReader(directory: logDir)
        t = Posix.monotonicNanos()
        var n = 0, bytes = 0
        while let r = try reader.next() {
            bytes += try reader.decode(r).count
            n += 1
        }
        let rt = Self.seconds(since: t)
        if n != count { throw LogError(.corrupt, "read back \(n) records, wrote \(count)") }
        result.readRecordsPerSecond = Double(n) / rt
        result.readMBPerSecond = Double(bytes) / rt / 1e6

        if commitSamples > 0 {
            progress("timing \(commitSamples) single-record commits with fsync always")
            var c2 = LogConfiguration()
            c2.fsync = .always
            let w2 = try LogWriter(directory: LogDirectory(scratch + "/log-always"), configuration: c2, owner: "copydesk bench log")
            try w2.dictionaries.persist(dict)
            var lat: [Double] = []
            for k in 0..<commitSamples {
                let s = Posix.monotonicNanos()
                try w2.appendAndWait([encoded[k % encoded.count]])
                lat.append(Self.seconds(since: s) * 1000)
            }
            w2.close()
            lat.sort()
            result.commitLatencyP50Milliseconds = lat[lat.count / 2]
            result.commitLatencyP99Milliseconds = lat[min(lat.count - 1, Int(Double(lat.count) * 0.99))]
            result.commitSamples = lat.count
        }
        try? removeTree(scratch)
        return result
    }
}

/// Removes a folder tree (the benchmark's scratch space).
func removeTree(_ path: String) throws(LogError) {
    guard Posix.exists(path) else { return }
    for name in try Posix.list(path) {
        let p = path + "/" + name
        var st = stat()
        if lstat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            try removeTree(p)
        } else {
            try Posix.remove(p)
        }
    }
    if rmdir(path) != 0 { throw Posix.error("rmdir", path: path) }
}
