import AnnoCheck

/// Reads notes and summarises them (`NoteSummary`) on every core: the language server's
/// background index of a workspace and `anno timeline` both go through here.
public enum NoteIndexer {
    public struct Item: Sendable {
        public var path: String
        /// Size and modification time before the note was read: a later stamp that differs
        /// means the summary is stale.
        public var stamp: FileStamp?
        /// The anno.json the note was checked under ("" for none).
        public var configKey: String
        /// nil when the note could not be read or had no usable configuration.
        public var summary: NoteSummary?
        public var error: FileReadError?
    }

    /// Summarises each note with the context `context` gives for it (nil: leave it out, as
    /// notes under an unusable configuration are). Results keep the order of `paths`.
    public static func summarize(_ paths: [String], context: @escaping @Sendable (String) -> ProjectContext?) -> [Item] {
        Parallel.map(paths) { path in summarize(path, context: context) }
    }

    public static func summarize(_ path: String, context: (String) -> ProjectContext?) -> Item {
        let stamp = Paths.stamp(of: path)
        guard let ctx = context(path) else {
            return Item(path: path, stamp: stamp, configKey: "", summary: nil, error: nil)
        }
        do {
            let bytes = try FileReader.read(path)
            return Item(path: path, stamp: stamp, configKey: ctx.config.path ?? "", summary: NoteSummary(bytes: bytes, checker: ctx.checker), error: nil)
        } catch {
            return Item(path: path, stamp: stamp, configKey: ctx.config.path ?? "", summary: nil, error: error)
        }
    }
}
