extension StageError.Code {
    /// A pipeline file or stage mapping holds a key the definition does not know.
    public static let unknownKey = StageError.Code(rawValue: "unknown_key")
    /// A stage's `type:` is not in the registry.
    public static let unknownStageType = StageError.Code(rawValue: "unknown_stage_type")
    /// The pipeline is well-formed YAML but not a usable pipeline (order, names, missing stages).
    public static let invalidPipeline = StageError.Code(rawValue: "invalid_pipeline")
    /// A stage ran on an item that an earlier stage should have filled (a misordered pipeline).
    public static let noArticle = StageError.Code(rawValue: "no_article")
    /// One input held several articles where the pipeline takes one.
    public static let multipleArticles = StageError.Code(rawValue: "multiple_articles")
    /// The log's compressor refused the record.
    public static let compressFailed = StageError.Code(rawValue: "compress_failed")
    /// An exec stage's command could not start, or exited non-zero, or was killed.
    public static let execFailed = StageError.Code(rawValue: "exec_failed")
    /// An exec stage's command wrote something that is not an article's JSON.
    public static let execBadJSON = StageError.Code(rawValue: "exec_bad_json")
    /// An exec stage's command ran past its timeout and was killed.
    public static let execTimeout = StageError.Code(rawValue: "exec_timeout")
}

extension StageError {
    /// The `stage` that definition errors (loading, validating, building a pipeline) are reported under.
    public static let definitionStage = "pipeline"

    /// A definition error: `file: message`.
    static func definition(_ code: Code, file: String, _ message: String) -> StageError {
        StageError(code, stage: definitionStage, "\(file): \(message)")
    }
}
