import Yams

extension SinkDefinition {
    /// Parses the `sinks:` mapping of `file` strictly: every sink's keys are
    /// checked against its kind's, every value while decoding.
    ///
    /// - Throws: `unknown_key`, `unknown_target` or `bad_config`, the message
    ///   naming the file, the sink and the key.
    public static func parseAll(_ node: Node, file: String, registry: SinkRegistry = .builtIn) throws(SinkError) -> [String: SinkDefinition] {
        guard let mapping = node.mapping else { throw .config("\(file): sinks must map names to sink settings") }
        var sinks: [String: SinkDefinition] = [:]
        for (key, value) in mapping {
            guard let name = key.string, isValidName(name) else {
                throw .config("\(file): sink names use letters, digits, '.', '_' and '-'")
            }
            sinks[name] = try parse(value, name: name, at: "\(file): sinks.\(name)", registry: registry)
        }
        return sinks
    }

    private static func parse(_ node: Node, name: String, at place: String, registry: SinkRegistry) throws(SinkError) -> SinkDefinition {
        guard let mapping = node.mapping else { throw .config("\(place): expected a mapping with a 'to' key") }
        guard let to = mapping["to"]?.string else {
            // Without `to` the kind is unknown: a misspelt `to` is named against every sink's keys.
            var known: [String] = []
            for key in registry.all.flatMap(\.keys) where !known.contains(key) { known.append(key) }
            try checkKeys(mapping, known: known, at: place, kind: "sinks")
            throw .config("\(place) needs to: (stdout, file:PATH, http(s)://…, postgres://…, kafka://…)")
        }
        let registration: SinkRegistration
        do { registration = try registry.registration(for: to) } catch { throw .config(error.code, "\(place).to: \(error.message)") }
        try checkKeys(mapping, known: registration.keys, at: place, kind: "\(SinkRegistry.scheme(of: to)) sinks")
        var definition: SinkDefinition
        do {
            definition = SinkDefinition(name: name, config: try registration.decode(node))
        } catch let error as SinkError {
            throw .config(error.code, "\(place).to: \(error.message)")
        } catch let DecodingError.dataCorrupted(context) {
            throw .config("\(place).\(keyPath(context)): \(context.debugDescription)")
        } catch let DecodingError.typeMismatch(type, context) {
            throw .config("\(place).\(keyPath(context)): expected \(type == String.self ? "a string" : type == Int.self ? "a whole number" : "\(type)")")
        } catch {
            throw .config("\(place): \(error)")
        }
        func int(_ key: String) throws(SinkError) -> Int? {
            guard let v = mapping[key] else { return nil }
            guard let n = v.int, n >= 1 else { throw .config("\(place).\(key): a whole number of at least 1, not '\(v.string ?? "\(v)")'") }
            return n
        }
        definition.batch = try int("batch")
        definition.rate = try int("rate")
        if let list = mapping["filter"] {
            guard let items = list.sequence else { throw .config("\(place).filter: a list like [\"dedup!=near_duplicate\"]") }
            var check = ReplayFilter()
            for item in items {
                guard let f = item.string else { throw .config("\(place).filter holds strings like dedup!=near_duplicate") }
                do { try check.add(f) } catch { throw .config("\(place).filter: \(error.message)") }
                definition.filter.append(f)
            }
        }
        return definition
    }

    /// Rejects keys that are not in `known`, and keys with an empty value.
    private static func checkKeys(_ mapping: Node.Mapping, known: [String], at place: String, kind: String) throws(SinkError) {
        for (key, value) in mapping {
            let name = key.string ?? "\(key)"
            guard known.contains(name) else {
                throw .config(.unknownKey, "\(place): unknown key '\(name)'; known keys for \(kind): \(known.joined(separator: ", "))")
            }
            // An empty value would otherwise decode as absent and leave the default in silence.
            if value.null != nil { throw .config("\(place).\(name): no value given") }
        }
    }

    /// `kafka.linger` for a coding path (YAML keys joined by dots).
    private static func keyPath(_ context: DecodingError.Context) -> String {
        context.codingPath.filter { $0.intValue == nil }.map(\.stringValue).joined(separator: ".")
    }
}
