import AnnoCatalogue
import AnnoJSON
import AnnoProtocol
@testable import AnnoServer
import AnnoTestSupport
import Foundation
import Testing

/// A catalogue whose second and third entries sit after Cyrillic, Hangul and an emoji on the same
/// line, so that their columns differ in UTF-8, UTF-16 and UTF-32. `$1`…`$3` mark each entry's `{`.
func navigationCatalogue(_ encoding: PositionEncoding) -> Fixture {
    Fixture("""
        {"name": "Архив 🇰🇷 한국", "documents": [
          $1{"id": "k:1", "date": "1950-06-25", "title": "Донесение о 25 июня", "summary": "Сводка.", "url": "https://example.org/k1?a=1&b=2"},
          {"id": "k:x", "date": "1950-08", "title": "한국 전쟁 보고서", "summary": "😀 보고"}, $2{"id": "k:2", "date": "1950-07", "title": "한국 전쟁 보고서", "summary": "Второй."},
          $3{"id": "k:3", "date": "1951", "title": "Memo", "summary": "", "url": "javascript:alert(1)"}
        ]}
        """, encoding: encoding)
}

let donesenie = "Донесение о 25 июня"
let hangulReport = "한국 전쟁 보고서"

/// Options for a session whose anno.json names the navigation catalogue (after the bundled one).
func navigationOptions(_ encoding: PositionEncoding, files: [String: String] = [:]) -> ClientOptions {
    var options = ClientOptions.encoding(encoding)
    options.annoJSON = ["catalogues": ["catalogue.json"]]
    options.files = files.merging(["catalogue.json": navigationCatalogue(encoding).text]) { a, _ in a }
    return options
}

extension Session {
    func definition(_ name: String, at p: Position) throws -> JSONValue {
        try client.result("textDocument/definition", position(name, p))
    }

    func references(_ name: String, at p: Position, includeDeclaration: Bool = false) throws -> [Location] {
        var params = position(name, p)
        if case .object(var o) = params { o["context"] = ["includeDeclaration": .bool(includeDeclaration)]; params = .object(o) }
        let result = try client.result("textDocument/references", params)
        return (result.arrayValue ?? []).compactMap { try? Location(json: $0) }
    }
}

/// Go to definition: a citation → its document's JSON object in the catalogue file.
@Suite struct DefinitionTests {
    @Test(arguments: PositionEncoding.allCases)
    func aCitationLeadsToItsCatalogueEntry(encoding: PositionEncoding) throws {
        try withSession(navigationOptions(encoding)) { s in
            let f = s.fixture("Кириллица 😀 [[1950-06-25 | Донесение$0 о 25 июня]] и [[1950-07 | 한국 전쟁$1 보고서 | p. 2]]")
            try s.open("note.anno", f.text)
            let catalogue = navigationCatalogue(s.encoding)
            let first = try #require(try? Location(json: try s.definition("note.anno", at: f.cursor)))
            #expect(first.uri == s.dir.uri("catalogue.json"))
            #expect(first.range == LSPRange(start: catalogue.cursor(1), end: catalogue.cursor(1)))
            let second = try #require(try? Location(json: try s.definition("note.anno", at: f.cursor(1))))
            #expect(second.range.start == catalogue.cursor(2))
        }
    }

    @Test func anAmbiguousCitationLeadsToEveryCandidate() throws {
        try withSession(navigationOptions(.utf16)) { s in
            let f = s.fixture("[[1950 | 한국 전쟁 보고서$0]]")
            try s.open("note.anno", f.text)
            let catalogue = navigationCatalogue(.utf16)
            let answer = try s.definition("note.anno", at: f.cursor)
            let locations = (answer.arrayValue ?? []).compactMap { try? Location(json: $0) }
            #expect(locations.count == 2)
            #expect(locations.map(\.range.start).contains(catalogue.cursor(2)))
        }
    }

    @Test func nothingForUnknownTitlesProseAndCode() throws {
        try withSession(navigationOptions(.utf16)) { s in
            let f = s.fixture("pro$1se [[1950 | Совсем не т$0о]]\n```\n[[1950-06-25 | Донесение$2 о 25 июня]]\n```")
            try s.open("note.anno", f.text)
            #expect(try s.definition("note.anno", at: f.cursor) == .null)
            #expect(try s.definition("note.anno", at: f.cursor(1)) == .null)
            #expect(try s.definition("note.anno", at: f.cursor(2)) == .null)
        }
    }

    /// The bundled catalogue is written once, read-only, to the cache directory, and the
    /// location points into that file.
    @Test(arguments: [PositionEncoding.utf16, .utf8])
    func aBundledDocumentLeadsToTheBundledCatalogueFile(encoding: PositionEncoding) throws {
        try withSession(.encoding(encoding)) { s in
            let cache = s.dir.file("cache")
            let server = s.server.server
            server.queue.sync { server.workspaceIndex.bundledCatalogueDirectory = cache }
            let f = s.fixture("한국어 [[1960-05-02 | Journal$0 of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960]]")
            try s.open("note.anno", f.text)
            let location = try #require(try? Location(json: try s.definition("note.anno", at: f.cursor)))
            let path = try #require(FileURI.path(location.uri))
            #expect(path.hasPrefix(cache + "/bundled-catalogue-"))
            let written = try String(contentsOfFile: path, encoding: .utf8)
            #expect(written == BundledCatalogue.json)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect(attributes[.posixPermissions] as? Int == 0o444)
            // The position is the start of the Puzanov entry's object.
            let lines = written.split(separator: "\n", omittingEmptySubsequences: false)
            let line = try #require(lines.firstIndex { $0.contains("wilson:1960-05-02-puzanov-journal") }) - 1
            #expect(location.range.start == Position(line: line, character: 4))
            #expect(lines[line].hasSuffix("{"))
            // Asking again reuses the file.
            let again = try #require(try? Location(json: try s.definition("note.anno", at: f.cursor)))
            #expect(again == location)
        }
    }

    @Test func noCacheDirectoryMeansNoBundledDefinition() throws {
        try withSession { s in
            let server = s.server.server
            server.queue.sync { server.workspaceIndex.bundledCatalogueDirectory = nil }
            let f = s.fixture("[[1960-05-02 | Journal$0 of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960]]")
            try s.open("note.anno", f.text)
            #expect(try s.definition("note.anno", at: f.cursor) == .null)
        }
    }
}

/// Find references: every citation of the document across the workspace, closed notes included,
/// kept current from edits, watched files and the disk.
@Suite struct ReferencesTests {
    /// Three closed notes and one to open; `$n`/`«»` mark where the citations of Донесение are.
    static func closedNotes(_ e: PositionEncoding) -> [String: Fixture] {
        [
            "notes/a.anno": Fixture("# Глава 1\nКириллица «[[1950-06-25 | Донесение о 25 июня | л. 3]]» и 한국어\n«[[1950-06 | Донесение о\n  25 июня]]»\n", encoding: e),
            "notes/deep/b.anno": Fixture("😀 «[[1951 | Донесение о 25 июня]]»\r\n[[1950-07 | 한국 전쟁 보고서]]", encoding: e),
            "notes/c.anno": Fixture("```\n[[1950-06-25 | Донесение о 25 июня]]\n```\nnothing here [[1960-05-02 | \(Bundled.puzanov)]]", encoding: e),
        ]
    }

    func session(_ e: PositionEncoding, progress: Bool = false) throws -> (Session, [String: Fixture]) {
        let notes = Self.closedNotes(e)
        var options = navigationOptions(e, files: notes.mapValues(\.text))
        options.workDoneProgress = progress
        return (try Session.start(options), notes)
    }

    @Test(arguments: [PositionEncoding.utf16, .utf8, .utf32])
    func referencesIncludeClosedNotes(encoding: PositionEncoding) throws {
        let (s, notes) = try session(encoding)
        defer { s.close() }
        let f = s.fixture("Открытая заметка: «[[1950-06-25 | Донесение о$0 25 июня]]»")
        try s.open("open.anno", f.text)
        let found = try s.references("open.anno", at: f.cursor)
        var expected = [Location(uri: s.dir.uri("open.anno"), range: f.range)]
        for (name, note) in notes { expected += note.ranges.map { Location(uri: s.dir.uri(name), range: $0) } }
        #expect(Set(found) == Set(expected))
        #expect(found.count == expected.count)
        // With the declaration: the catalogue entry too.
        let withDeclaration = try s.references("open.anno", at: f.cursor, includeDeclaration: true)
        let catalogue = navigationCatalogue(s.encoding)
        #expect(withDeclaration.contains(Location(uri: s.dir.uri("catalogue.json"), range: LSPRange(start: catalogue.cursor(1), end: catalogue.cursor(1)))))
        #expect(withDeclaration.count == expected.count + 1)
    }

    @Test func anOpenNotesUnsavedTextWinsOverTheDisk() throws {
        let (s, _) = try session(.utf16)
        defer { s.close() }
        // Open a note that exists on disk, and edit it without saving: its citation goes.
        let v1 = s.fixture("😀 [[1951 | Донесение о 25 июня]]\r\n[[1950-07 | 한국 전쟁 보고서]]")
        try s.open("notes/deep/b.anno", v1.text)
        try s.change("notes/deep/b.anno", version: 2, [(nil, "nothing cited now")])
        let f = s.fixture("[[1950-06-25 | Донесение$0 о 25 июня]]")
        try s.open("open.anno", f.text)
        let uris = Set(try s.references("open.anno", at: f.cursor).map(\.uri))
        #expect(!uris.contains(s.dir.uri("notes/deep/b.anno")))
        #expect(uris.contains(s.dir.uri("notes/a.anno")))
        // Closed again: the file on disk counts again.
        try s.client.notify("textDocument/didClose", ["textDocument": ["uri": .string(s.dir.uri("notes/deep/b.anno"))]])
        #expect(Set(try s.references("open.anno", at: f.cursor).map(\.uri)).contains(s.dir.uri("notes/deep/b.anno")))
    }

    @Test func watchedFilesAndTheDiskKeepTheIndexCurrent() throws {
        let (s, _) = try session(.utf16)
        defer { s.close() }
        let f = s.fixture("[[1950-06-25 | Донесение$0 о 25 июня]]")
        try s.open("open.anno", f.text)
        _ = try s.references("open.anno", at: f.cursor)   // the first pass is done
        // A new note, announced by the client's file watcher.
        let created = s.fixture("Новая: «[[1950-06-25 | Донесение о 25 июня]]»")
        try s.dir.write("notes/new.anno", created.text)
        try s.client.notify("workspace/didChangeWatchedFiles", ["changes": [["uri": .string(s.dir.uri("notes/new.anno")), "type": 1]]])
        #expect(try s.references("open.anno", at: f.cursor).contains(Location(uri: s.dir.uri("notes/new.anno"), range: created.range)))
        // A note edited on disk with no event: its size and time changed, so it is read again.
        Thread.sleep(forTimeInterval: 0.01)
        try s.dir.write("notes/a.anno", "no citations left, and a longer text than before to change the size")
        #expect(!Set(try s.references("open.anno", at: f.cursor).map(\.uri)).contains(s.dir.uri("notes/a.anno")))
        // Deleted: gone.
        try FileManager.default.removeItem(atPath: s.dir.file("notes/new.anno"))
        try s.client.notify("workspace/didChangeWatchedFiles", ["changes": [["uri": .string(s.dir.uri("notes/new.anno")), "type": 3]]])
        #expect(!Set(try s.references("open.anno", at: f.cursor).map(\.uri)).contains(s.dir.uri("notes/new.anno")))
    }

    @Test func hiddenDirectoriesAndNotesOutsideTheFoldersAreNotIndexed() throws {
        let (s, _) = try session(.utf16)
        defer { s.close() }
        let f = s.fixture("[[1950-06-25 | Донесение$0 о 25 июня]]")
        try s.open("open.anno", f.text)
        try s.dir.write(".hidden/x.anno", "[[1950-06-25 | Донесение о 25 июня]]")
        try s.dir.write("node_modules/y.anno", "[[1950-06-25 | Донесение о 25 июня]]")
        try s.client.notify("workspace/didChangeWatchedFiles", ["changes": [
            ["uri": .string(s.dir.uri(".hidden/x.anno")), "type": 1], ["uri": .string(s.dir.uri("node_modules/y.anno")), "type": 1],
        ]])
        let uris = Set(try s.references("open.anno", at: f.cursor).map(\.uri))
        #expect(!uris.contains(s.dir.uri(".hidden/x.anno")) && !uris.contains(s.dir.uri("node_modules/y.anno")))
        // An open note outside every folder (under no anno.json: the bundled catalogue) counts
        // while open, and not once closed.
        let g = s.fixture("[[1960-05-02 | Journal$0 of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960]]")
        try s.open("puzanov.anno", g.text)
        let outside = try TempDirectory(prefix: "anno-outside")
        defer { outside.remove() }
        let text = "Пхеньян [[1960-05-02 | \(Bundled.puzanov)]]"
        try outside.write("z.anno", text)
        try s.client.notify("textDocument/didOpen", ["textDocument": ["uri": .string(outside.uri("z.anno")), "languageId": "anno", "version": 1, "text": .string(text)]])
        #expect(Set(try s.references("puzanov.anno", at: g.cursor).map(\.uri)).contains(outside.uri("z.anno")))
        try s.client.notify("textDocument/didClose", ["textDocument": ["uri": .string(outside.uri("z.anno"))]])
        #expect(!Set(try s.references("puzanov.anno", at: g.cursor).map(\.uri)).contains(outside.uri("z.anno")))
    }

    @Test func indexingReportsProgressToClientsThatTakeIt() throws {
        let (s, _) = try session(.utf16, progress: true)
        defer { s.close() }
        let begin = try s.client.waitForNotification("$/progress") { $0["value"]?["kind"] == "begin" }
        let token = try #require(begin["token"])
        #expect(begin["value"]?["title"] == "Indexing notes")
        let end = try s.client.waitForNotification("$/progress") { $0["value"]?["kind"] == "end" && $0["token"] == token }
        #expect(end["value"]?["message"] == "indexed 3 notes")
        let create = s.client.requestsFromServer.first { $0.method == "window/workDoneProgress/create" }
        #expect(create?.params?["token"] == token)
    }

    @Test func noProgressForClientsWithoutIt() throws {
        let (s, _) = try session(.utf16)
        defer { s.close() }
        let f = s.fixture("[[1950-06-25 | Донесение$0 о 25 июня]]")
        try s.open("open.anno", f.text)
        #expect(try s.references("open.anno", at: f.cursor).count == 4)
        #expect(!s.client.notifications.contains { $0.method == "$/progress" })
        #expect(!s.client.requestsFromServer.contains { $0.method == "window/workDoneProgress/create" })
    }

    @Test func theServerWatchesNotes() throws {
        try withSession { s in
            let answered = try ping(s.client)
            #expect(answered)
            let registration = s.client.requestsFromServer.first { $0.method == "client/registerCapability" }
            let globs = (registration?.params?["registrations"]?[0]?["registerOptions"]?["watchers"]?.arrayValue ?? []).compactMap { $0["globPattern"]?.stringValue }
            #expect(globs.contains("**/*.anno"))
        }
    }

    @Test func nothingOutsideACitation() throws {
        let (s, _) = try session(.utf16)
        defer { s.close() }
        let f = s.fixture("pro$0se [[1950 | неизвестный$1 документ]]")
        try s.open("open.anno", f.text)
        #expect(try s.references("open.anno", at: f.cursor).isEmpty)
        #expect(try s.references("open.anno", at: f.cursor(1)).isEmpty)
    }

    @Test func badParamsAreInvalidParams() throws {
        try withSession { s in
            let error = try s.client.error("textDocument/references", ["textDocument": ["uri": "file:///x.anno"], "position": ["line": "one", "character": 0]])
            #expect(error.code == -32602)
        }
    }
}
