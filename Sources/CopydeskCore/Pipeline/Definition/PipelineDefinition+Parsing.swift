import FoundationEssentials
import Yams

// Reads the YAML tree by hand rather than with one Decodable so that every
// unknown key is found before decoding and named with its file and stage.
extension PipelineDefinition {
    static func parse(yaml: String, file: String, registry: StageRegistry) throws(StageError) -> PipelineDefinition {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw .definition(.badConfig, file: file, "not valid YAML: \(error)")
        }
        guard case .mapping(let top)? = root else {
            throw .definition(.badConfig, file: file, "expected a mapping with the keys \(topLevelKeys.joined(separator: ", "))")
        }
        try checkKeys(of: top, known: topLevelKeys, file: file, at: nil)

        let name = try string(top["name"], key: "name", file: file, at: nil) ?? stem(of: file)
        guard let name else {
            throw .definition(.invalidPipeline, file: file, "missing key 'name'")
        }
        let description = try string(top["description"], key: "description", file: file, at: nil)
        var duplicates = DuplicatePolicy.drop
        if let raw = try string(top["duplicates"], key: "duplicates", file: file, at: nil) {
            guard let policy = DuplicatePolicy(rawValue: raw) else {
                let choices = DuplicatePolicy.allCases.map(\.rawValue).joined(separator: "|")
                throw .definition(.badConfig, file: file, "key 'duplicates': '\(raw)' is not one of \(choices)")
            }
            duplicates = policy
        }
        let defaults = PipelineDefaults(duplicates: duplicates)

        guard let stagesNode = top["stages"], !isNull(stagesNode) else {
            throw .definition(.invalidPipeline, file: file, "missing key 'stages': a pipeline needs at least one stage")
        }
        guard case .sequence(let list) = stagesNode else {
            throw .definition(.badConfig, file: file, "key 'stages' must be a list of stage mappings")
        }
        var stages: [StageDefinition] = []
        for (offset, node) in list.enumerated() {
            stages.append(try stage(node, index: offset + 1, file: file, registry: registry, defaults: defaults))
        }
        var definition = PipelineDefinition(unvalidated: name, description: description, duplicates: duplicates, file: file)
        definition.stages = stages
        return definition
    }

    private init(unvalidated name: String, description: String?, duplicates: DuplicatePolicy, file: String) {
        self.name = name
        self.description = description
        self.duplicates = duplicates
        self.stages = []
        self.file = file
    }

    private static func stage(
        _ node: Node, index: Int, file: String, registry: StageRegistry, defaults: PipelineDefaults
    ) throws(StageError) -> StageDefinition {
        let known = registry.types.joined(separator: ", ")
        guard case .mapping(let mapping) = node else {
            throw .definition(.badConfig, file: file, "stage \(index): expected a mapping with a 'type' key; known types: \(known)")
        }
        let at = "stage \(index)"
        guard let type = try string(mapping["type"], key: "type", file: file, at: at) else {
            throw .definition(.badConfig, file: file, "\(at): missing key 'type'; known types: \(known)")
        }
        guard let registration = registry[type] else {
            throw .definition(.unknownStageType, file: file, "\(at): unknown type '\(type)'; known types: \(known)")
        }
        let typed = "\(at) (\(type))"
        try checkKeys(of: mapping, known: registration.keys, file: file, at: typed)
        let name = try string(mapping["name"], key: "name", file: file, at: typed) ?? type
        guard !name.isEmpty else {
            throw .definition(.badConfig, file: file, "\(typed): key 'name' is empty")
        }
        let rest = mapping.filter { pair in
            let key = pair.key.scalar?.string
            return key != "name" && key != "type"
        }
        let config: any StageConfig
        do {
            config = try registration.decode(.mapping(Node.Mapping(rest.map { ($0.key, $0.value) })), defaults: defaults)
        } catch {
            throw .definition(.badConfig, file: file, "\(typed): \(describe(error))")
        }
        return StageDefinition(index: index, name: name, type: type, config: config)
    }

    /// Rejects keys that are not in `known` (and keys that are not plain strings).
    private static func checkKeys(of mapping: Node.Mapping, known: [String], file: String, at: String?) throws(StageError) {
        let prefix = at.map { "\($0): " } ?? ""
        for key in mapping.keys {
            guard let text = key.scalar?.string, known.contains(text) else {
                let shown = key.scalar?.string ?? "\(key)"
                throw .definition(
                    .unknownKey, file: file,
                    "\(prefix)unknown key '\(shown)'; known keys: \(known.joined(separator: ", "))")
            }
        }
    }

    /// The string value of `node`; nil when absent or null; an error for a list or mapping.
    private static func string(_ node: Node?, key: String, file: String, at: String?) throws(StageError) -> String? {
        guard let node, !isNull(node) else { return nil }
        guard let scalar = node.scalar else {
            let prefix = at.map { "\($0): " } ?? ""
            throw .definition(.badConfig, file: file, "\(prefix)key '\(key)' must be a string")
        }
        return scalar.string
    }

    private static func isNull(_ node: Node) -> Bool {
        node.null != nil
    }

    /// `news` for `Pipelines/news.yaml`; nil for a label such as `built-in`.
    private static func stem(of file: String) -> String? {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        for suffix in [".yaml", ".yml"] where base.hasSuffix(suffix) {
            return String(base.dropLast(suffix.count))
        }
        return nil
    }

    /// A config decoding error as an operator reads it: the key and what is wrong.
    static func describe(_ error: any Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            var text = ""
            for key in context.codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text
        }
        switch error as? DecodingError {
        case .typeMismatch(let type, let context)?:
            return "key '\(path(context))': expected \(expectation(type))"
        case .valueNotFound(let type, let context)?:
            return "key '\(path(context))': missing value, expected \(expectation(type))"
        case .keyNotFound(let key, let context)?:
            let parent = path(context)
            return parent.isEmpty ? "missing required key '\(key.stringValue)'" : "key '\(parent)': missing required key '\(key.stringValue)'"
        case .dataCorrupted(let context)?:
            return "key '\(path(context))': \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }

    private static func expectation(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "an integer"
        case is Bool.Type: return "true or false"
        case is [String].Type: return "a list of strings"
        case is [String: String].Type: return "a mapping of strings"
        default:
            // Yams reports the YAML node kind it wanted.
            let name = "\(type)"
            if name.hasSuffix("Sequence") { return "a list" }
            if name.hasSuffix("Mapping") { return "a mapping" }
            if name.hasSuffix("Scalar") { return "a single value" }
            return name
        }
    }
}
