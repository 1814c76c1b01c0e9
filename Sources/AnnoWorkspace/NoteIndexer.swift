import AnnoCheck
import AnnoSyntax
import Foundation

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
    ///
    /// Both cores take notes as they finish one, each with a cache of the citations it resolved
    /// (notes cite the same documents over and over). `context` is asked once per directory: a
    /// note's context depends on its directory alone. `progress` gets the number of notes done
    /// so far, in increasing order, about every `progressEvery` notes and at the end.
    ///
    /// `keepText`: false leaves the citations' text as written out of the summaries (what the
    /// language server's index does; its timeline reads notes again).
    public static func summarize(_ paths: [String], keepText: Bool = true, context: @escaping @Sendable (String) -> ProjectContext?,
                                 progressEvery: Int = 0, progress: (@Sendable (Int) -> Void)? = nil) -> [Item] {
        let contexts = DirectoryContexts(context)
        let done = ProgressCounter(total: paths.count, every: progressEvery, report: progress)
        // A modest cache per core: notes repeat a few hundred documents' citations, so this keeps
        // nearly every hit while a note with 100,000 distinct citations cannot grow it past ~4 MB.
        let items = Parallel.map(paths, state: { ResolutionCache(entries: 20_000, keyBytes: 2 << 20) }) { cache, path in
            let item = summarize(path, keepText: keepText, context: contexts.context, cache: cache)
            done.advance()
            return item
        }
        return items
    }

    public static func summarize(_ path: String, keepText: Bool = true, context: (String) -> ProjectContext?,
                                 cache: ResolutionCache? = nil) -> Item {
        let stamp = Paths.stamp(of: path)
        guard let ctx = context(path) else {
            return Item(path: path, stamp: stamp, configKey: "", summary: nil, error: nil)
        }
        do {
            let summary = try summarizeFile(path, size: stamp.map { Int($0.size) }, checker: ctx.checker, cache: cache, keepText: keepText)
            return Item(path: path, stamp: stamp, configKey: ctx.config.path ?? "", summary: summary, error: nil)
        } catch {
            return Item(path: path, stamp: stamp, configKey: ctx.config.path ?? "", summary: nil, error: error)
        }
    }
}

extension NoteIndexer {
    /// Notes up to this size are read whole; larger ones in pieces of this size.
    public static let pieceBytes = 1 << 20

    /// The summary of the note at `path`. A large note is read a piece at a time, each cut at
    /// its last clean point (`NoteParser.lastCleanPoint`) and summarised before the next is read,
    /// so that indexing a 10 MB note holds about a megabyte of it, not all of it with its line
    /// table and citations beside. Same summary as reading the whole note (`NoteSummary(bytes:)`).
    public static func summarizeFile(_ path: String, size: Int?, checker: Checker, cache: ResolutionCache?, keepText: Bool = true,
                                     pieceBytes: Int = NoteIndexer.pieceBytes) throws(FileReadError) -> NoteSummary {
        if let size, size <= 2 * pieceBytes {
            return NoteSummary(bytes: try FileReader.read(path), checker: checker, cache: cache, keepText: keepText)
        }
        var builder = NoteSummary.Builder(checker: checker, cache: cache, keepText: keepText)
        var pending: [UInt8] = []
        // Past a failed search for a clean point (one long paragraph or code block), the next
        // waits until the text has doubled: a note with none is scanned a few times, not once a piece.
        var nextCut = pieceBytes
        try FileReader.read(path, pieceBytes: pieceBytes) { piece in
            guard builder.isPlain else { return }
            pending.append(contentsOf: piece)
            guard pending.count >= nextCut else { return }
            guard let cut = NoteParser.lastCleanPoint(pending) else { nextCut = 2 * pending.count; return }
            builder.add(Array(pending[..<cut]))
            pending.removeFirst(cut)
            nextCut = pieceBytes
        }
        if builder.isPlain { builder.add(pending) }
        // A note that is not clean UTF-8 text is checked whole, for its file-level diagnostics.
        guard builder.isPlain else { return NoteSummary(bytes: try FileReader.read(path), checker: checker, cache: cache, keepText: keepText) }
        return builder.finish()
    }
}

/// A context per directory: the first note of a directory asks, the others reuse the answer.
private final class DirectoryContexts: @unchecked Sendable {   // `known` guarded by `lock`
    private let lock = NSLock()
    private var known: [Substring: ProjectContext?] = [:]
    private let lookup: @Sendable (String) -> ProjectContext?
    init(_ lookup: @escaping @Sendable (String) -> ProjectContext?) { self.lookup = lookup }

    func context(_ path: String) -> ProjectContext? {
        // Only a plain file name after its directory shares the directory's answer.
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return lookup(path) }
        let name = path[path.index(after: slash)...]
        if name.isEmpty || name == "." || name == ".." { return lookup(path) }
        let directory = path[..<slash]
        if let found = lock.withLock({ known[directory] }) { return found }
        let found = lookup(path)
        lock.withLock { known[directory] = .some(found) }
        return found
    }
}

/// Counts notes done and reports every so often, in order, from whichever thread gets there.
private final class ProgressCounter: @unchecked Sendable {   // `done`, `reported` guarded by `lock`
    private let lock = NSLock()
    private var done = 0
    private var reported = 0
    let total: Int
    let every: Int
    let report: (@Sendable (Int) -> Void)?
    init(total: Int, every: Int, report: (@Sendable (Int) -> Void)?) {
        self.total = total
        self.every = max(1, every)
        self.report = report
    }

    func advance() {
        guard let report else { return }
        lock.withLock {
            done += 1
            if done - reported >= every || done == total {
                reported = done
                report(done)
            }
        }
    }
}
