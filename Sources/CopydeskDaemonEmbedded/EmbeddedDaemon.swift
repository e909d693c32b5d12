import CopydeskCore
import CopydeskDaemon
import CopydeskLog
import Foundation
import Logging

/// A daemon runtime in the test's process and on its thread (swift-nio's
/// EmbeddedChannel lesson): the real intake, ledger, pipelines and
/// acknowledger, over an ``EmbeddedSource``, an ``EmbeddedLog`` and an
/// ``EmbeddedLoop`` that the test steps.
///
/// ```swift
/// let daemon = try EmbeddedDaemon()
/// daemon.source.drop("a.txt", story)
/// daemon.loop.run()
/// #expect(daemon.source.done == ["a.txt"])
/// ```
package final class EmbeddedDaemon {
    /// Every lane and the clock.
    package let loop: EmbeddedLoop
    /// The log.
    package let log: EmbeddedLog
    /// The drop directories.
    package let source: EmbeddedSource
    /// Every source, `source` first (more than one: the runtime reads them as `IntakeSources`).
    package let sources: [EmbeddedSource]
    /// The runtime under test.
    package let runtime: Runtime
    /// The configuration it started with (its state directory is a fresh temporary folder).
    package let configuration: DaemonConfiguration

    /// A started runtime on `configure(embedded default)`, with the catalog's pipelines.
    package init(sources count: Int = 1, configure: (inout DaemonConfiguration) -> Void = { _ in },
                 builder: @escaping PipelineBuilder = Runtime.catalogBuilder) throws {
        let state = NSTemporaryDirectory() + "copydesk-embedded-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        var config = DaemonConfiguration.embedded(stateDirectory: state)
        config.drops = [DropSpec(path: "/drop", pipeline: "news")]
        configure(&config)
        configuration = config
        loop = EmbeddedLoop()
        var logger = Logger(label: "copydesk.embedded")
        logger.logLevel = .critical
        let dictionaries = DictionaryRegistry(directory: nil)
        let compressor = RecordCompressor(dictionaries: dictionaries, training: nil, logger: logger)
        log = EmbeddedLog(loop: loop, dictionaries: dictionaries)
        let loop = self.loop
        sources = (0..<max(1, count)).map { _ in EmbeddedSource(loop: loop) }
        source = sources[0]
        let parts = RuntimeParts(intake: loop, ack: loop, utility: loop, work: loop, clock: loop, log: log)
        runtime = try Runtime(configuration: config, builder: builder, parts: parts,
                              source: sources.count == 1 ? source : IntakeSources(sources), compressor: compressor,
                              contentIndex: ContentIndex(near: config.nearDuplicates), logger: logger)
        try runtime.start()
    }

    deinit {
        try? FileManager.default.removeItem(atPath: configuration.stateDirectory)
    }

    /// The durable records, decoded.
    package func records() throws -> [Article] {
        try log.recordJSON().map { try JSONDecoder().decode(Article.self, from: Data($0)) }
    }
}
