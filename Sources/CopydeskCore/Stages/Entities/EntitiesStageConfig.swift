#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CopydeskEntities

/// `type: entities`: names (people, organisations, places), the sources the
/// article credits, quotes with speakers, money, percentages and dates.
///
/// ```yaml
/// - type: entities
///   model: /etc/copydesk/entities.model   # optional: a model from `copydesk train-entities`;
///                                         # default: the model built into copydesk
/// ```
public struct EntitiesStageConfig: StageConfig, Hashable {
    /// The stage's YAML keys.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case model
    }

    /// `entities`.
    public static let type = "entities"

    /// A model file to use instead of the built-in one.
    public var model: String?

    /// A config using `model`, or the built-in model.
    public init(model: String? = nil) {
        self.model = model
    }

    /// Decodes `model`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decodeIfPresent(String.self, forKey: .model)
    }

    /// Loads the model (the file's, or the built-in one) and makes an ``EntitiesStage``.
    public func build(name: String, context: StageContext) throws(StageError) -> any Stage {
        EntitiesStage(name: name, analyzer: EntityAnalyzer(model: try loadModel(stage: name)))
    }

    /// The model this configuration names.
    public func loadModel(stage: String = "entities") throws(StageError) -> EntityModel {
        guard let path = model else {
            guard let embedded = EntityModel.embedded else {
                throw StageError(.badConfig, stage: stage, "This copydesk was built without an entity model: run `copydesk train-entities` and rebuild, or set `model:` to a model file.")
            }
            return embedded
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StageError(.badConfig, stage: stage, "Cannot read the entity model '\(path)' (set in `model:`): check the path and its permissions.")
        }
        do {
            return try data.withUnsafeBytes { bytes throws(EntityModelError) in try EntityModel(serialized: bytes) }
        } catch {
            throw StageError(.badConfig, stage: stage, "The entity model '\(path)' cannot be used: \(error).")
        }
    }
}
