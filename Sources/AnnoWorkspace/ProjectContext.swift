import AnnoCatalogue
import AnnoCheck
import Foundation

/// Everything needed to check the notes under one `anno.json`: its config, its catalogues merged
/// into one index, and what was wrong while loading them.
public struct ProjectContext: Sendable {
    public var config: ProjectConfig
    public var checker: Checker
    /// Problems in anno.json and in the catalogues, for the person to see once.
    public var problems: [CatalogueProblem]
    /// False when a configuration or catalogue could not be used at all (exit 2 in `anno check`).
    public var isUsable: Bool

    public var index: CatalogueIndex { checker.index }
}

/// Finds the `anno.json` for each note and builds (once per distinct configuration) the catalogue
/// index that note is checked against. Thread-safe; shared by `anno check` and `anno lsp`.
public final class ProjectResolver: @unchecked Sendable {
    /// Guards the maps below; also signals the end of an index build to those waiting for it.
    private let lock = NSCondition()
    /// Catalogues named on the command line or by the editor, added to every config's.
    public let extraCatalogues: [String]
    /// Directory → the anno.json that governs it (nil: none up to the root).
    private var configPathByDirectory: [String: String?] = [:]
    private var contextsByConfig: [String: ProjectContext] = [:]
    /// Built indexes by the catalogues they were built from (bundled or not, then each path),
    /// reused while every file's size and modification time hold. The index keeps the documents
    /// in flat storage; the parsed catalogues are not kept.
    private var indexCache: [[String]: CachedIndex] = [:]
    /// Indexes being built, so that two notes asking at once wait for one build.
    private var building: Set<[String]> = []
    /// Catalogues reported changed since their snapshot was read: rebuilt from the file even
    /// when size and times hold (an edit can keep them).
    private var changedCatalogues: Set<String> = []
    /// Index snapshots on disk (spec/catalogue.md, "Index cache"); nil: none.
    public let snapshots: IndexCache?
    private struct CachedIndex {
        var stamps: [FileStamp?]
        var index: CatalogueIndex
        var problems: [CatalogueProblem]
        var unreadable: Bool
    }
    /// Where walking up for anno.json stops (workspace folder boundaries are not enforced: a note
    /// belongs to the nearest anno.json above it, like .editorconfig).
    public static let configFileName = "anno.json"

    /// When set, overrides every config's "bundledCatalogue" (`anno check --no-bundled-catalogue`).
    public let bundledCatalogueOverride: Bool?

    public init(extraCatalogues: [String] = [], bundledCatalogueOverride: Bool? = nil,
                snapshots: IndexCache? = IndexCache.fromEnvironment()) {
        self.extraCatalogues = extraCatalogues.map(Paths.absolute)
        self.bundledCatalogueOverride = bundledCatalogueOverride
        self.snapshots = snapshots
    }

    /// The context for a note at `path` (absolute or relative), or for standard input / an
    /// unsaved buffer when `path` is a directory to start looking from.
    public func context(forFile path: String) -> ProjectContext {
        context(forDirectory: Paths.directory(of: Paths.absolute(path)))
    }

    public func context(forDirectory directory: String) -> ProjectContext {
        let configPath = findConfig(from: Paths.absolute(directory))
        return context(configPath: configPath)
    }

    /// Forgets every built context and which anno.json governs which directory, so the next
    /// lookup reads them again. Catalogue files are reloaded when their size or modification time
    /// changed, and always when named in `changedPaths` (an edit can keep both).
    public func invalidate(changedPaths: [String] = []) {
        lock.lock(); defer { lock.unlock() }
        configPathByDirectory.removeAll()
        contextsByConfig.removeAll()
        let changed = Set(changedPaths)
        if !changed.isEmpty { indexCache = indexCache.filter { key, _ in key.allSatisfy { !changed.contains($0) } } }
        changedCatalogues.formUnion(changed)
    }

    public func context(configPath: String?) -> ProjectContext {
        let key = configPath ?? ""
        lock.lock()
        if let cached = contextsByConfig[key] { lock.unlock(); return cached }
        lock.unlock()
        let built = buildContext(configPath: configPath)
        lock.lock()
        contextsByConfig[key] = built
        lock.unlock()
        return built
    }

    private func findConfig(from directory: String) -> String? {
        var visited: [String] = []
        var dir = directory
        var found: String?? = nil
        while true {
            lock.lock()
            let cached = configPathByDirectory[dir]
            lock.unlock()
            if let cached { found = .some(cached); break }
            visited.append(dir)
            let candidate = Paths.join(dir, ProjectResolver.configFileName)
            if Paths.kind(of: candidate) == .file { found = .some(candidate); break }
            if dir == "/" || dir.isEmpty || dir == "." { found = .some(nil); break }
            dir = Paths.directory(of: dir)
        }
        let result = found ?? nil
        lock.lock()
        for d in visited { configPathByDirectory[d] = result }
        lock.unlock()
        return result
    }

    private func buildContext(configPath: String?) -> ProjectContext {
        var problems: [CatalogueProblem] = []
        var usable = true
        var config = ProjectConfig.defaults
        if let configPath {
            do {
                let bytes = try FileReader.read(configPath, maxBytes: 16 << 20)
                let (parsed, configProblems) = ProjectConfig.parse(bytes, path: configPath)
                problems += configProblems
                if let parsed { config = parsed } else { usable = false }
            } catch {
                problems.append(CatalogueProblem(.error, error.reason, path: configPath, line: 1, column: 1))
                usable = false
            }
        }
        let bundled = bundledCatalogueOverride ?? config.bundledCatalogue
        let paths = config.catalogues + extraCatalogues
        let built = catalogueIndex(bundled: bundled, paths: paths)
        problems += built.problems
        if built.unreadable { usable = false }
        let index = built.index
        problems += index.mergeProblems
        return ProjectContext(config: config, checker: Checker(index: index, rules: config.rules), problems: problems, isUsable: usable)
    }

    /// The index of the bundled catalogue (when asked for) and the files at `paths`, merged in
    /// that order, with the catalogues' problems: reused while every file's size and modification
    /// time hold; read from its snapshot when one matches, else built and its snapshot written.
    /// One build per set of catalogues at a time: others asking wait for it.
    private func catalogueIndex(bundled: Bool, paths: [String]) -> CachedIndex {
        let key = [bundled ? "bundled" : "no-bundled"] + paths
        let stamps = paths.map(Paths.stamp(of:))
        lock.lock()
        while true {
            if let cached = indexCache[key], cached.stamps == stamps, !stamps.contains(nil) {
                lock.unlock()
                return cached
            }
            if !building.contains(key) { break }
            lock.wait()
        }
        building.insert(key)
        let forced = paths.contains { changedCatalogues.contains($0) }
        changedCatalogues.subtract(paths)
        lock.unlock()
        let built = loadOrBuildIndex(bundled: bundled, paths: paths, stamps: stamps, useSnapshot: !forced)
        lock.lock()
        indexCache[key] = built
        building.remove(key)
        lock.broadcast()
        lock.unlock()
        return built
    }

    private func loadOrBuildIndex(bundled: Bool, paths: [String], stamps: [FileStamp?], useSnapshot: Bool) -> CachedIndex {
        let entry = snapshots?.entry(bundled: bundled, paths: paths)
        if useSnapshot, let snapshots, let entry, let loaded = snapshots.load(entry) {
            return CachedIndex(stamps: stamps, index: loaded.index, problems: loaded.extra.problems, unreadable: loaded.extra.unreadable)
        }
        // Each catalogue is merged as soon as it is read and then freed.
        var builder = CatalogueIndexBuilder()
        var problems: [CatalogueProblem] = []
        var unreadable = false
        if bundled { builder.add(CatalogueLoader.bundled) }
        for path in paths {
            let catalogue = loadCatalogue(path)
            problems += catalogue.problems
            if catalogue.isUnreadable { unreadable = true }
            builder.add(catalogue)
        }
        let index = builder.build()
        // The entry was made before reading: if a catalogue changed since, its stamps no
        // longer match and the snapshot is never used.
        if let snapshots, let entry, entry == snapshots.entry(bundled: bundled, paths: paths) {
            snapshots.store(index, extra: CatalogueSnapshot.Extra(problems: problems, unreadable: unreadable), for: entry)
        }
        return CachedIndex(stamps: stamps, index: index, problems: problems, unreadable: unreadable)
    }

    /// Loads a catalogue file.
    public func loadCatalogue(_ path: String) -> Catalogue {
        CatalogueFile.load(path)
    }
}

/// Reads a catalogue file from disk and hands its bytes to the loader, which reads it in the
/// format its extension or content names (Anno JSON, CSL-JSON, BibTeX, CSV, TSV).
public enum CatalogueFile {
    public static func load(_ path: String, format: CatalogueFormat? = nil) -> Catalogue {
        let name = String(path.split(separator: "/").last ?? Substring(path))
        do {
            let bytes = try FileReader.read(path)
            return CatalogueLoader.load(bytes: bytes, path: path, defaultName: name, format: format)
        } catch {
            return Catalogue(name: name, path: path, documents: [],
                             problems: [CatalogueProblem(.error, "cannot read catalogue: \(error.reason)", path: path, line: 1, column: 1)])
        }
    }
}
