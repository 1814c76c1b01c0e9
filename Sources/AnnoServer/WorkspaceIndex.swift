import AnnoCatalogue
import AnnoCheck
import AnnoJSON
import AnnoProtocol
import AnnoSyntax
import AnnoWorkspace
import Dispatch
import Foundation

/// Every note of the workspace, summarised (`NoteSummary`), for the features that look past the
/// open document: find references, workspace symbols, workspace diagnostics and the timeline.
///
/// Notes under the workspace folders are read in the background when the server starts (and
/// again when catalogues or settings change), with `$/progress` reporting for clients that take
/// it. The index is then kept current without reading the tree again: watched-file events for
/// `**/*.anno` add, re-read and drop notes; a closed note whose size or modification time changed
/// is re-read when asked for; an open note is summarised from the editor's text, when asked for
/// and only if its text changed. A request that needs the whole workspace waits for the
/// background pass rather than answer from half of it.
///
/// Touched only on the server's queue, except `IndexJob`, which the background pass fills.
final class WorkspaceIndex: @unchecked Sendable {
    struct Entry {
        var uri: String
        var path: String?
        var summary: NoteSummary
        /// The editor's version when the entry came from an open document; nil for disk.
        var openVersion: Int?
        /// Size and modification time of the file when it was read.
        var stamp: FileStamp?
        /// The index generation (catalogues and settings) it was checked under.
        var generation: Int
        /// When it was last updated, to keep a slower background pass from overwriting it.
        var sequence: Int
    }

    /// Keyed by file path (by URI for documents that are not files).
    var entries: [String: Entry] = [:] { didSet { sortedEntries = nil } }
    /// `entries` sorted by URI, kept until they change: every workspace-wide request reads them.
    var sortedEntries: [Entry]?
    var sequence = 0
    var generation = 0
    var job: IndexJob?
    var jobCount = 0
    /// Where the bundled catalogue is written for go to definition (nil: the user's cache directory).
    var bundledCatalogueDirectory: String? = BundledCatalogueFile.defaultDirectory()
    /// Catalogue files' lines, for positions of their entries; reloaded when the file changes.
    var catalogueLines: [String: (stamp: FileStamp?, lines: LineTable)] = [:]

    func nextSequence() -> Int {
        sequence += 1
        return sequence
    }
}

/// One background pass over the workspace's notes. The pass fills `items` and signals `done`;
/// the server's queue applies them once.
final class IndexJob: @unchecked Sendable {
    let id: Int
    let generation: Int
    let startSequence: Int
    let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var _items: [NoteIndexer.Item] = []
    private var _finished = false
    /// Set on the server's queue once the items are in the index.
    var applied = false

    init(id: Int, generation: Int, startSequence: Int) {
        self.id = id
        self.generation = generation
        self.startSequence = startSequence
    }

    func finish(_ items: [NoteIndexer.Item]) {
        lock.withLock { _items = items; _finished = true }
        done.signal()
    }

    var items: [NoteIndexer.Item] { lock.withLock { _items } }
    var isFinished: Bool { lock.withLock { _finished } }

    /// Waits for the pass (at most `timeout` seconds); true when it finished.
    func wait(timeout: Double) -> Bool {
        if isFinished { return true }
        guard done.wait(timeout: .now() + timeout) == .success else { return false }
        done.signal()
        return true
    }
}

extension LanguageServer {
    static let indexBatchSize = 64

    /// Starts a background pass over the notes of every workspace folder, replacing any pass
    /// still running (its results are dropped).
    func startIndexing() {
        let index = workspaceIndex
        index.generation += 1
        index.jobCount += 1
        let job = IndexJob(id: index.jobCount, generation: index.generation, startSequence: index.sequence)
        index.job = job
        let folders = workspaceFolders
        guard !folders.isEmpty else {
            job.finish([])
            return
        }
        let resolver = self.resolver
        let lastGood = lastGoodContexts
        let progress = capabilities.workDoneProgress
        let connection = self.connection
        let token = "anno-index-\(job.id)"
        DispatchQueue.global(qos: .utility).async { [self] in
            let reporting = progress && Self.createProgress(token: token, connection: connection)
            if reporting {
                connection.send(notification: WorkDoneProgressParams(token: token, value: .begin(title: "Indexing notes", message: "finding notes", percentage: 0)))
            }
            let files = NoteFinder.find(folders).files
            let context: @Sendable (String) -> ProjectContext? = { path in
                let fresh = resolver.context(forFile: path)
                return fresh.isUsable ? fresh : lastGood[fresh.config.path ?? ""]
            }
            // Every core, one pass over all the notes; a report every 64 notes, or every 2%
            // of a large workspace.
            let total = files.count
            var report: (@Sendable (Int) -> Void)?
            if reporting {
                report = { done in
                    let percentage = total == 0 ? 100 : done * 100 / total
                    connection.send(notification: WorkDoneProgressParams(token: token, value: .report(message: "\(done)/\(total) notes", percentage: percentage)))
                }
            }
            let items = NoteIndexer.summarize(files, keepText: false, context: context, progressEvery: max(Self.indexBatchSize, files.count / 50), progress: report)
            job.finish(items)
            releaseFreeMemory()
            if reporting {
                connection.send(notification: WorkDoneProgressParams(token: token, value: .end(message: "indexed \(files.count) note\(files.count == 1 ? "" : "s")")))
            }
            queue.async { [self] in applyIndexJob(job) }
        }
    }

    /// Asks the client for a progress token; false when it refuses or does not answer in time.
    private static func createProgress(token: String, connection: Connection) -> Bool {
        let answered = DispatchSemaphore(value: 0)
        let accepted = ManagedFlag()
        connection.sendRequest(method: LSPMethod.workDoneProgressCreate, params: WorkDoneProgressCreateParams(token: token).json) { result in
            if case .success = result { accepted.set() }
            answered.signal()
        }
        guard answered.wait(timeout: .now() + 10) == .success else { return false }
        return accepted.value
    }

    /// Puts a finished pass's summaries into the index (once), unless settings changed since it
    /// started; notes updated meanwhile keep their newer entry.
    func applyIndexJob(_ job: IndexJob) {
        let index = workspaceIndex
        guard !job.applied, job.isFinished, job.generation == index.generation else { return }
        job.applied = true
        var seen = Set<String>()
        for item in job.items {
            seen.insert(item.path)
            if let existing = index.entries[item.path], existing.sequence > job.startSequence || existing.openVersion != nil { continue }
            guard let summary = item.summary else {
                index.entries[item.path] = nil
                continue
            }
            index.entries[item.path] = WorkspaceIndex.Entry(uri: FileURI.uri(item.path), path: item.path, summary: summary, openVersion: nil,
                                                            stamp: item.stamp, generation: job.generation, sequence: index.nextSequence())
        }
        // Notes that are gone from the tree.
        for (key, entry) in index.entries where entry.openVersion == nil && entry.sequence <= job.startSequence && !seen.contains(key) {
            index.entries[key] = nil
        }
        // No refresh: a workspace/diagnostic request waits for this pass, so it never saw less.
    }

    /// The index, complete and current: waits for a background pass still running, then brings
    /// open documents and files changed on disk up to date. Sorted by URI.
    func currentIndex() -> [WorkspaceIndex.Entry] {
        let index = workspaceIndex
        if let job = index.job, !job.applied {
            if job.wait(timeout: 120) { applyIndexJob(job) } else { log(.warning, "indexing the workspace is taking long; answering from part of it") }
        }
        refreshOpenDocuments()
        refreshChangedFiles()
        if let sorted = index.sortedEntries { return sorted }
        let sorted = index.entries.values.sorted { $0.uri < $1.uri }
        index.sortedEntries = sorted
        return sorted
    }

    private func indexKey(_ uri: String) -> String { FileURI.path(uri) ?? uri }

    /// Open notes are summarised from the editor's text when their text (or the catalogues) changed.
    private func refreshOpenDocuments() {
        let index = workspaceIndex
        for (uri, doc) in documents where isNote(uri: uri, languageId: doc.languageId) {
            let key = indexKey(uri)
            if let e = index.entries[key], e.openVersion != nil, e.generation == index.generation, e.summary.fingerprint == TextFingerprint(doc.bytes) {
                continue
            }
            let summary = NoteSummary(bytes: doc.bytes, checker: context(forURI: uri).checker, keepText: false)
            index.entries[key] = WorkspaceIndex.Entry(uri: uri, path: FileURI.path(uri), summary: summary, openVersion: doc.version,
                                                      stamp: nil, generation: index.generation, sequence: index.nextSequence())
        }
        // Closed since: back to the file on disk (or out, when it is not a file).
        for (key, entry) in index.entries where entry.openVersion != nil && documents[entry.uri] == nil {
            if let path = entry.path, isIndexable(path) { reindexFile(path) } else { index.entries[key] = nil }
        }
    }

    /// Closed notes whose size or modification time changed are read again; deleted ones go.
    /// The files are looked at on every core: a request over 10,000 notes stats 10,000 files.
    private func refreshChangedFiles() {
        let index = workspaceIndex
        var keys: [String] = [], paths: [String] = [], known: [(stamp: FileStamp?, stale: Bool)] = []
        for (key, entry) in index.entries where entry.openVersion == nil {
            guard let path = entry.path else { continue }
            keys.append(key)
            paths.append(path)
            known.append((entry.stamp, entry.generation != index.generation))
        }
        let stamps = Parallel.map(paths) { Paths.stamp(of: $0) }
        for k in keys.indices {
            if stamps[k] == nil { index.entries[keys[k]] = nil } else if stamps[k] != known[k].stamp || known[k].stale { reindexFile(paths[k]) }
        }
    }

    /// Reads one closed note again (or drops it when it cannot be read).
    func reindexFile(_ path: String) {
        let index = workspaceIndex
        let item = NoteIndexer.summarize(path, keepText: false) { [self] path in
            // The last catalogues that loaded, when they are now broken; nothing when there are none.
            let context = context(forDirectory: Paths.directory(of: path))
            return context.isUsable ? context : nil
        }
        guard let summary = item.summary else {
            index.entries[path] = nil
            return
        }
        index.entries[path] = WorkspaceIndex.Entry(uri: FileURI.uri(path), path: path, summary: summary, openVersion: nil,
                                                   stamp: item.stamp, generation: index.generation, sequence: index.nextSequence())
    }

    /// Watched-file events for notes: created and changed ones are read, deleted ones dropped.
    /// Open notes keep the editor's text.
    func notesChanged(_ events: [FileEvent]) {
        let index = workspaceIndex
        var changed = false
        for event in events {
            guard let path = FileURI.path(event.uri), isIndexable(path) else { continue }
            if let entry = index.entries[path], entry.openVersion != nil, documents[entry.uri] != nil { continue }
            changed = true
            switch event.type {
            case .deleted: index.entries[path] = nil
            case .created, .changed: if Paths.kind(of: path) == .file { reindexFile(path) } else { index.entries[path] = nil }
            }
        }
        // Closed notes' diagnostics changed: clients that pull the workspace's should ask again.
        if changed, capabilities.pullDiagnostics, capabilities.raw["workspace"]?["diagnostics"]?["refreshSupport"]?.boolValue == true {
            _ = connection.sendRequest(method: LSPMethod.workspaceDiagnosticRefresh)
        }
    }

    /// A note the background pass would find: under a workspace folder, not in a hidden
    /// directory or `node_modules` (as `NoteFinder` walks).
    func isIndexable(_ path: String) -> Bool {
        guard path.hasSuffix(NoteFinder.fileExtension) else { return false }
        for folder in workspaceFolders {
            let prefix = folder.hasSuffix("/") ? folder : folder + "/"
            guard path.hasPrefix(prefix) else { continue }
            let directories = path.dropFirst(prefix.count).split(separator: "/").dropLast()
            return !directories.contains { $0.hasPrefix(".") || $0 == "node_modules" }
        }
        return false
    }

    func isNote(uri: String, languageId: String) -> Bool {
        languageId == "anno" || (FileURI.path(uri) ?? uri).hasSuffix(NoteFinder.fileExtension)
    }

    /// The catalogue indexes in use: each workspace folder's and each indexed note's.
    func cataloguesInUse(_ entries: [WorkspaceIndex.Entry]) -> [CatalogueIndex] {
        var seen = Set<ObjectIdentifier>()
        var out: [CatalogueIndex] = []
        let folders = workspaceFolders.map { context(forDirectory: $0).index }
        for index in folders + entries.map(\.summary.index) where seen.insert(ObjectIdentifier(index)).inserted {
            out.append(index)
        }
        return out
    }

    /// How a note's path is shown: relative to the workspace folder that holds it.
    func displayPath(_ entry: WorkspaceIndex.Entry) -> String {
        guard let path = entry.path else { return entry.uri }
        for folder in workspaceFolders {
            let prefix = folder.hasSuffix("/") ? folder : folder + "/"
            if path.hasPrefix(prefix) { return String(path.dropFirst(prefix.count)) }
        }
        return path
    }
}

/// A flag set from another thread.
final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    func set() { lock.withLock { flag = true } }
    var value: Bool { lock.withLock { flag } }
}
