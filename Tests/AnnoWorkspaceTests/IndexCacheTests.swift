import AnnoCatalogue
import AnnoTestSupport
import AnnoWorkspace
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The index cache (spec/catalogue.md, "Index cache") as `anno check` and `anno lsp` use it
/// through `ProjectResolver`: a snapshot is written once, read after, rebuilt when a catalogue
/// changes or the snapshot is damaged, and never needed for the answers to be right.
@Suite struct IndexCacheTests {
    /// A project with a catalogue holding two documents, one without a summary (a warning that
    /// must survive the cache) and a duplicate id (an error), plus a cache directory.
    final class Project {
        let dir: TempDirectory
        let catalogue: String
        let cacheDirectory: String
        var cache: IndexCache { IndexCache(directory: cacheDirectory) }

        init(documents: [String] = Project.documents) throws {
            dir = try TempDirectory(prefix: "anno-cachetest")
            try dir.write("anno.json", #"{"catalogues": ["catalogue.json"], "bundledCatalogue": true}"#)
            catalogue = try dir.write("catalogue.json", Project.catalogueText(documents))
            cacheDirectory = dir.file("cache")
        }

        static let documents = [
            #"{"id": "a", "date": "1960-05-02", "title": "Journal of Ambassador Puzanov", "summary": "s"}"#,
            #"{"id": "b", "date": "1961", "title": "Cable from Pyongyang"}"#,
            #"{"id": "a", "date": "1962", "title": "Duplicate", "summary": "s"}"#,
        ]

        static func catalogueText(_ documents: [String]) -> String {
            "{\"name\": \"Test\", \"documents\": [\n" + documents.joined(separator: ",\n") + "\n]}\n"
        }

        func resolver(_ cache: IndexCache?) -> ProjectResolver { ProjectResolver(snapshots: cache) }
        func context(_ cache: IndexCache?) -> ProjectContext { resolver(cache).context(forDirectory: dir.path) }

        var snapshotFiles: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: cacheDirectory)) ?? []).filter { $0.hasSuffix(".annoidx") }
        }
        var snapshotPath: String? { snapshotFiles.first.map { (cacheDirectory as NSString).appendingPathComponent($0) } }

        deinit { dir.remove() }
    }

    static func expectSame(_ a: ProjectContext, _ b: ProjectContext) {
        #expect(a.problems == b.problems)
        #expect(a.isUsable == b.isUsable)
        #expect(Array(a.index.documents) == Array(b.index.documents))
        #expect(a.index.catalogueNames == b.index.catalogueNames)
        for title in ["Journal of Ambassador Puzanov", "journal of ambassador puzanov", "Cable from Pyongyan"] {
            #expect(a.index.exactTitleMatches(title) == b.index.exactTitleMatches(title))
            #expect(a.index.looseTitleMatches(title) == b.index.looseTitleMatches(title))
            #expect(a.index.suggestions(forTitle: title, date: nil) == b.index.suggestions(forTitle: title, date: nil))
        }
        for typed in ["Puz", "Пузанов", "cable", "1960"] {
            let q = CatalogueQuery(searchWords: [typed])
            #expect(a.index.search(q, limit: 10).results == b.index.search(q, limit: 10).results)
        }
    }

    @Test func aSnapshotIsWrittenThenReadWithTheCataloguesProblems() throws {
        let p = try Project()
        let uncached = p.context(nil)
        #expect(p.snapshotFiles.isEmpty)
        let first = p.context(p.cache)
        #expect(p.snapshotFiles.count == 1)
        let second = p.context(p.cache)
        #expect(!uncached.index.isFromSnapshot && !first.index.isFromSnapshot && second.index.isFromSnapshot)
        #expect(uncached.problems.contains { $0.message.contains("has no \"summary\"") })
        #expect(uncached.problems.contains { $0.message.contains("duplicate id") })
        IndexCacheTests.expectSame(uncached, first)
        IndexCacheTests.expectSame(uncached, second)
        #expect(second.index.count == CatalogueLoader.bundled.documents.count + 2)
    }

    @Test func anEditedCatalogueIsReadAgain() throws {
        let p = try Project()
        _ = p.context(p.cache)
        // Same size, same modification time: the change time and the bytes still differ.
        var info = stat()
        stat(p.catalogue, &info)
        let edited = Project.catalogueText(Project.documents).replacingOccurrences(of: "Pyongyang", with: "Pyongyanx")
        try Data(edited.utf8).write(to: URL(fileURLWithPath: p.catalogue))
        var times = [info.st_atim, info.st_mtim]
        utimensat(AT_FDCWD, p.catalogue, &times, 0)
        let after = p.context(p.cache)
        #expect(after.index.exactTitleMatches("Cable from Pyongyanx").count == 1)
        #expect(after.index.exactTitleMatches("Cable from Pyongyang").isEmpty)
        // And the rewritten snapshot holds the edit.
        #expect(p.snapshotFiles.count == 1)
        let reread = p.context(p.cache)
        #expect(reread.index.isFromSnapshot && reread.index.exactTitleMatches("Cable from Pyongyanx").count == 1)
        // A document added.
        try Data(Project.catalogueText(Project.documents + [#"{"id": "c", "date": "1970", "title": "New", "summary": ""}"#]).utf8)
            .write(to: URL(fileURLWithPath: p.catalogue))
        #expect(p.context(p.cache).index.document(id: "c") != nil)
    }

    @Test func aDamagedSnapshotIsRebuiltAndRewritten() throws {
        let p = try Project()
        let uncached = p.context(nil)
        _ = p.context(p.cache)
        let path = try #require(p.snapshotPath)
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        var damages: [Data] = [Data(), good.prefix(100), good.prefix(good.count / 2), good.prefix(good.count - 1), good + Data([0])]
        for at in stride(from: 0, to: good.count, by: max(1, good.count / 23)) {
            var flipped = good
            flipped[at] ^= 0x40
            damages.append(flipped)
        }
        for damaged in damages {
            try damaged.write(to: URL(fileURLWithPath: path))
            let rebuilt = p.context(p.cache)
            #expect(!rebuilt.index.isFromSnapshot)
            IndexCacheTests.expectSame(uncached, rebuilt)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == good, "the snapshot is rewritten")
        }
    }

    @Test func anUnwritableCacheIsNoCache() throws {
        let p = try Project()
        let uncached = p.context(nil)
        // A directory that cannot be made (its parent is a file), even for root.
        let blocker = try p.dir.write("blocker", "")
        let cache = IndexCache(directory: (blocker as NSString).appendingPathComponent("anno"))
        IndexCacheTests.expectSame(uncached, p.context(cache))
        IndexCacheTests.expectSame(uncached, p.context(cache))
    }

    /// Notes asking for one catalogue at once wait for one build.
    @Test func concurrentRequestsShareOneBuild() throws {
        let p = try Project()
        let resolver = p.resolver(nil)
        let config = p.dir.file("anno.json")
        let generations = Locked<Set<UInt64>>([])
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let index = resolver.context(configPath: config).index
            generations.withLock { _ = $0.insert(index.generation) }
        }
        #expect(generations.withLock { $0.count } == 1)
    }

    @Test func theEnvironmentNamesTheCache() {
        #expect(IndexCache.fromEnvironment(["ANNO_CACHE_DIR": "/c", "XDG_CACHE_HOME": "/x", "HOME": "/h"])?.directory == "/c")
        #expect(IndexCache.fromEnvironment(["XDG_CACHE_HOME": "/x", "HOME": "/h"])?.directory == "/x/anno")
        #expect(IndexCache.fromEnvironment(["HOME": "/h"])?.directory == "/h/.cache/anno")
        #expect(IndexCache.fromEnvironment(["ANNO_CACHE_DIR": "relative", "HOME": "/h"])?.directory == "/h/.cache/anno")
        #expect(IndexCache.fromEnvironment([:]) == nil)
        #expect(IndexCache.fromEnvironment(["ANNO_NO_CACHE": "1", "HOME": "/h"]) == nil)
        #expect(IndexCache.fromEnvironment(["ANNO_NO_CACHE": "0", "HOME": "/h"]) != nil)
    }

    @Test func onlyTheMostRecentlyUsedSnapshotsAreKept() throws {
        let p = try Project()
        for k in 0..<(IndexCache.keep + 3) {
            let other = try p.dir.write("other-\(k).json", Project.catalogueText([#"{"id": "x\#(k)", "date": "1960", "title": "T", "summary": ""}"#]))
            _ = ProjectResolver(extraCatalogues: [other], snapshots: p.cache).context(forDirectory: p.dir.path)
        }
        #expect(p.snapshotFiles.count == IndexCache.keep)
    }
}

final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) -> R) -> R { lock.lock(); defer { lock.unlock() }; return body(&value) }
}
