/// The stage types a pipeline definition may use, keyed by their `type:`
/// name (Vector's transform registry).
///
/// ``builtIn`` lists every stage that ships with copydesk once; a stage
/// added later is added there, and tests or embedders may
/// extend a registry with ``registering(_:)``.
public struct StageRegistry: Sendable {
    private var registrations: [String: StageRegistration]

    /// The stages that ship with copydesk.
    public static let builtIn = StageRegistry([
        ParseStageConfig.self,
        NormalizeStageConfig.self,
        DeduplicateStageConfig.self,
        EntitiesStageConfig.self,
        CompressStageConfig.self,
        ExecStageConfig.self,
    ])

    /// A registry of `configs`; two with the same `type` are a programmer error.
    public init(_ configs: [any StageConfig.Type]) {
        registrations = [:]
        for config in configs { add(StageRegistration(config)) }
    }

    /// This registry plus `config`.
    public func registering(_ config: any StageConfig.Type) -> StageRegistry {
        var copy = self
        copy.add(StageRegistration(config))
        return copy
    }

    /// The known `type:` names, sorted.
    public var types: [String] { registrations.keys.sorted() }

    /// The registration of `type`, if known.
    public subscript(type: String) -> StageRegistration? { registrations[type] }

    private mutating func add(_ registration: StageRegistration) {
        precondition(registrations[registration.type] == nil, "stage type '\(registration.type)' registered twice")
        registrations[registration.type] = registration
    }
}
