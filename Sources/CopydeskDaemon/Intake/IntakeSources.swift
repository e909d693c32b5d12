import Synchronization

/// Several sources as one (the drop directories, a Kafka topic, …): each
/// delivery is claimed from and acknowledged by the source that offered it,
/// known by its origin. The runtime holds one of these and never asks which
/// kind of source a delivery came from.
package final class IntakeSources: IntakeSource {
    private let sources: [any IntakeSource]
    private let owners = OwnerTable()

    /// The sources, in the order they start and rescan.
    package init(_ sources: [any IntakeSource]) {
        self.sources = sources
    }

    package func start(_ configuration: DaemonConfiguration, sink: any DeliverySink) throws {
        for (i, source) in sources.enumerated() {
            try source.start(configuration, sink: OwnedSink(sink: sink, owner: i, owners: owners))
        }
    }

    package func rescan(origins: Set<String>?) {
        for source in sources { source.rescan(origins: origins) }
    }

    package func stop() {
        for source in sources { source.stop() }
    }

    private func owner(_ d: Delivery) -> (any IntakeSource)? {
        owners.map.withLock { $0[d.origin] }.map { sources[$0] }
    }

    package func claim(_ delivery: Delivery) -> DeliveryClaim {
        owner(delivery)?.claim(delivery) ?? .gone
    }

    package func acknowledge(_ delivery: Delivery, _ settlement: Settlement) throws {
        try owner(delivery)?.acknowledge(delivery, settlement)
    }
}

/// A sink that notes which source offered each origin.
private struct OwnedSink: DeliverySink {
    let sink: any DeliverySink
    let owner: Int
    let owners: OwnerTable

    func offer(_ delivery: Delivery) {
        note(delivery.origin)
        sink.offer(delivery)
    }

    func unknown(_ candidates: [Delivery]) -> [Delivery] {
        for origin in Set(candidates.map(\.origin)) { note(origin) }
        return sink.unknown(candidates)
    }

    func noted(_ event: SourceEvent) { sink.noted(event) }

    private func note(_ origin: String) {
        owners.map.withLock { if $0[origin] == nil { $0[origin] = owner } }
    }
}

/// Which source offered each origin.
private final class OwnerTable: Sendable {
    let map = Mutex<[String: Int]>([:])
}
