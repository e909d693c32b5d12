import CopydeskLog

/// What the runtime lends to the stages it builds.
public struct StageContext: Sendable {
    /// The pipeline's name.
    public var pipeline: String
    /// The file the pipeline came from (or "built-in"), for error messages.
    public var file: String
    /// The log's compressor (shared prepared dictionary, trained in the background).
    public var compressor: RecordCompressor
    /// The content-hash index shared by every pipeline of the daemon.
    public var contentIndex: ContentIndex

    /// Makes a context.
    public init(pipeline: String, file: String, compressor: RecordCompressor, contentIndex: ContentIndex) {
        self.pipeline = pipeline
        self.file = file
        self.compressor = compressor
        self.contentIndex = contentIndex
    }
}
