import CopydeskCore
import CopydeskLog
import Foundation
import Logging

/// `copydesk ingest`: runs files through a pipeline once, like the daemon
/// would, and appends the records (or, dry, prints them). Files are read, never moved.
public final class Ingestor {
    /// What happened to one input.
    public enum Outcome: Sendable {
        case appended(path: String, line: Int?, offset: UInt64, record: [UInt8])
        case printed(path: String, line: Int?, record: [UInt8])
        case duplicate(path: String, line: Int?)
        case quarantined(path: String, line: Int?, error: StageError)
    }

    let runner: PipelineRunner
    let writer: LogWriter?
    let contentIndex: ContentIndex

    /// Prepares an ingest into `configuration`'s log (nil writer when dry).
    public init(configuration: DaemonConfiguration, pipeline name: String, dryRun: Bool, builder: PipelineBuilder, logger: Logger) throws {
        let compressor: RecordCompressor
        contentIndex = ContentIndex(near: configuration.nearDuplicates)
        if dryRun {
            writer = nil
            compressor = RecordCompressor(dictionaries: DictionaryRegistry(directory: nil), training: nil, logger: logger)
        } else {
            let w = try Runtime.openLog(configuration, logger: logger)
            writer = w
            compressor = RecordCompressor(dictionaries: w.dictionaries, initial: Runtime.currentDictionary(w), logger: logger)
            try Runtime.rebuildIndex(contentIndex, snapshot: configuration.indexSnapshot, writer: w, logger: logger)
        }
        let context = StageContext(pipeline: name, file: configuration.file ?? "built-in", compressor: compressor, contentIndex: contentIndex)
        let pipelines = try builder(configuration, context)
        guard let p = pipelines[name] else {
            throw DaemonError(.config, "no pipeline named '\(name)'; known: \(pipelines.keys.sorted().joined(separator: ", "))")
        }
        runner = PipelineRunner(pipeline: p, queue: DispatchQueue(label: "copydesk.ingest"), metrics: StageMetrics())
    }

    /// Ingests one file (a directory: its regular files, not recursively).
    public func ingest(path: String, maxBytes: Int = 16 << 20, report: (Outcome) -> Void) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { !DropSpec.isTemporary($0) }.sorted()
            for name in names { try ingest(path: path + "/" + name, maxBytes: maxBytes, report: report) }
            return
        }
        switch FileClaim.read(path: path, maxBytes: maxBytes) {
        case .gone:
            report(.quarantined(path: path, line: nil, error: StageError(StageError.Code(rawValue: "missing"), stage: "intake", "no such file")))
        case .changing:
            report(.quarantined(path: path, line: nil, error: StageError(StageError.Code(rawValue: "changing"), stage: "intake", "the file changed while it was read; try again once it is complete")))
        case .refuse(let code, let message):
            report(.quarantined(path: path, line: nil, error: StageError(code, stage: "intake", message)))
        case .read(let bytes, let size, let mtime):
            let source = ItemSource(path: path, drop: nil, bytes: size, mtime: Date(timeIntervalSince1970: mtime))
            for item in Runtime.split(bytes, path: path, source: source, received: Date()) {
                if writer != nil && contentIndex.containsRaw(item.rawHash) {
                    report(.duplicate(path: path, line: item.source.line))
                    continue
                }
                let result = runner.run(item)
                switch result.verdict(releasingIn: contentIndex) {
                case .dropped:
                    report(.duplicate(path: path, line: item.source.line))
                case .quarantined(let error, _):
                    report(.quarantined(path: path, line: item.source.line, error: error))
                case .append(let encoded, let summary):
                    let json = Array(result.item.article?.jsonData() ?? Data())
                    if let writer {
                        let range = try writer.appendAndWait([encoded])
                        contentIndex.settle(summary, durableAt: range.upperBound)
                        report(.appended(path: path, line: item.source.line, offset: range.upperBound, record: json))
                    } else {
                        report(.printed(path: path, line: item.source.line, record: json))
                    }
                }
            }
        }
    }

    /// Makes the appended records durable and releases the log.
    public func finish(snapshot: String?) {
        writer?.close()
        if let snapshot, writer != nil { try? contentIndex.save(to: snapshot) }
    }
}
