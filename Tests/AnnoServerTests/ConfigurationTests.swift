import AnnoJSON
import AnnoProtocol
import AnnoTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// anno.json, catalogues, settings and watched files (issue 3, "Features: Configuration").
@Suite struct ConfigurationTests {
    static let minutes = "Minutes of the Pyongyang Trade Delegation"

    static func catalogue(_ name: String, _ documents: [(id: String, date: String, title: String)]) -> String {
        JSON.serializeString(catalogueJSON(name: name, documents: documents.map {
            ["id": $0.id, "date": $0.date, "title": $0.title, "summary": "Summary of \($0.title)."]
        }))
    }

    static let minutesCatalogue = catalogue("Trade", [("trade:1", "1958-03-04", minutes)])

    func completionLabels(_ s: Session, _ name: String, _ marked: String) throws -> [String] {
        let f = s.fixture(marked)
        try s.open(name, f.text)
        return labels(try s.completion(name, at: f.cursor))
    }

    func watchedFilesChanged(_ s: Session, _ paths: [String]) throws {
        try s.client.notify("workspace/didChangeWatchedFiles", [
            "changes": .array(paths.map { ["uri": .string(s.dir.uri($0)), "type": 2] }),
        ])
    }

    @Test func theWorkspaceFoldersAnnoJSONCataloguesComplete() throws {
        var options = ClientOptions()
        options.annoJSON = ["catalogues": ["catalogues/trade.json"]]
        options.files = ["catalogues/trade.json": Self.minutesCatalogue]
        try withSession(options) { s in
            let found1 = try completionLabels(s, "note.anno", "[[Pyong$0")
            #expect(found1.contains(Self.minutes))
            // The bundled catalogue is still there.
            let found2 = try completionLabels(s, "other.anno", "[[Puz$0")
            #expect(found2.contains(Bundled.puzanov))
        }
    }

    @Test func eachWorkspaceFolderUsesItsOwnAnnoJSON() throws {
        var options = ClientOptions()
        options.workspaceFolders = ["a", "b"]
        options.annoJSON = nil
        options.files = [
            "a/anno.json": #"{"catalogues": ["a.json"]}"#,
            "a/a.json": Self.catalogue("A", [("a:1", "1958-03-04", "Minutes of the Alpha Committee")]),
            "b/anno.json": #"{"catalogues": ["b.json"], "bundledCatalogue": false}"#,
            "b/b.json": Self.catalogue("B", [("b:1", "1958-03-05", "Minutes of the Beta Committee")]),
        ]
        try withSession(options) { s in
            let inA = try completionLabels(s, "a/note.anno", "[[Minutes$0")
            let inB = try completionLabels(s, "b/note.anno", "[[Minutes$0")
            #expect(inA == ["Minutes of the Alpha Committee"])
            #expect(inB == ["Minutes of the Beta Committee"])
            let bundledInB = try completionLabels(s, "b/other.anno", "[[Puz$0")
            #expect(bundledInB.isEmpty)
        }
    }

    @Test(arguments: [
        ["catalogues": ["extra.json"]] as JSONValue,
        ["anno": ["catalogues": ["extra.json"]]],
    ])
    func initializationOptionsAddACatalogue(initializationOptions: JSONValue) throws {
        var options = ClientOptions()
        options.initializationOptions = initializationOptions
        options.files = ["extra.json": Self.minutesCatalogue]
        try withSession(options) { s in
            let found3 = try completionLabels(s, "note.anno", "[[Pyong$0")
            #expect(found3.contains(Self.minutes))
            let found4 = try completionLabels(s, "other.anno", "[[Puz$0")
            #expect(found4.contains(Bundled.puzanov))
        }
    }

    @Test func didChangeConfigurationAddsACatalogueAndRechecksOpenNotes() throws {
        var options = ClientOptions()
        options.files = ["extra.json": Self.minutesCatalogue]
        try withSession(options) { s in
            let f = s.fixture("[[1958-03-04 | «\(Self.minutes)»]]")
            #expect(diagnostics(try s.open("note.anno", f.text)) == [SeenDiagnostic(code: "unknown-document", range: f.range)])
            try s.client.notify("workspace/didChangeConfiguration", ["settings": ["anno": ["catalogues": ["extra.json"]]]])
            let rechecked = try s.client.waitForDiagnostics(uri: s.dir.uri("note.anno"))
            #expect(rechecked["diagnostics"] == [])
        }
    }

    /// Editors percent-encode URIs: a folder named with Hangul and a space still finds its anno.json.
    @Test func percentEncodedURIsFindTheirAnnoJSON() throws {
        var options = ClientOptions()
        options.files = [
            "메모 notes/anno.json": #"{"catalogues": ["trade.json"]}"#,
            "메모 notes/trade.json": Self.minutesCatalogue,
        ]
        try withSession(options) { s in
            let path = s.dir.file("메모 notes/note.anno")
            let uri = "file://" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path)
            #expect(uri.contains("%20") && uri.contains("%EB"))
            let f = s.fixture("[[Pyong$0")
            try s.client.notify("textDocument/didOpen", ["textDocument": ["uri": .string(uri), "languageId": "anno", "version": 1, "text": .string(f.text)]])
            _ = try s.client.waitForDiagnostics(uri: uri, version: 1)
            let list = try s.client.result("textDocument/completion", ["textDocument": ["uri": .string(uri)], "position": f.cursor.lspJSON])
            #expect(labels(list).contains(Self.minutes))
        }
    }

    @Test func invalidSettingsAreShownAndChangeNothing() throws {
        try withSession { s in
            try s.open("note.anno", "[[1960-05-02 | \(Bundled.puzanov)]]")
            try s.client.notify("workspace/didChangeConfiguration", ["settings": ["anno": ["catalogues": "not-a-list.json"]]])
            let shown = try s.client.waitForNotification("window/showMessage")
            #expect(shown["type"] == 1)
            let found = try completionLabels(s, "other.anno", "[[Puz$0")
            #expect(found.contains(Bundled.puzanov))
        }
    }

    @Test func theServerAsksToWatchAnnoJSONAndCatalogues() throws {
        try withSession { s in
            #expect(try ping(s.client))
            let registrations = s.client.requestsFromServer.filter { $0.method == "client/registerCapability" }
            let registration = try #require(registrations.first?.params?["registrations"]?[0])
            #expect(registration["method"] == "workspace/didChangeWatchedFiles")
            let globs = (registration["registerOptions"]?["watchers"]?.arrayValue ?? []).compactMap { $0["globPattern"]?.stringValue }
            #expect(globs.contains("**/anno.json"))
        }
    }

    @Test func noRegistrationForClientsThatCannotRegister() throws {
        var options = ClientOptions()
        options.watchFiles = false
        try withSession(options) { s in
            _ = try ping(s.client)
            let registrations = s.client.requestsFromServer.filter { $0.method == "client/registerCapability" }
            #expect(registrations.isEmpty)
        }
    }

    @Test func aCatalogueEditedOnDiskRechecksOpenNotes() throws {
        var options = ClientOptions()
        options.annoJSON = ["catalogues": ["trade.json"]]
        options.files = ["trade.json": Self.catalogue("Trade", [("trade:0", "1950-01-01", "Something Else Entirely")])]
        try withSession(options) { s in
            let f = s.fixture("Заметка 🇰🇷 [[1958-03-04 | «\(Self.minutes)»]]")
            #expect(diagnostics(try s.open("note.anno", f.text)) == [SeenDiagnostic(code: "unknown-document", range: f.range)])
            try s.dir.write("trade.json", Self.minutesCatalogue)
            try watchedFilesChanged(s, ["trade.json"])
            #expect(try s.client.waitForDiagnostics(uri: s.dir.uri("note.anno"))["diagnostics"] == [])
        }
    }

    @Test func anAnnoJSONEditedOnDiskRechecksOpenNotes() throws {
        try withSession { s in
            let f = s.fixture("[[«1960-05-03» | \(Bundled.puzanov)]]")
            #expect(codes(try s.open("note.anno", f.text)) == ["date-mismatch"])
            try s.dir.write("anno.json", #"{"rules": {"date-mismatch": "off"}}"#)
            try watchedFilesChanged(s, ["anno.json"])
            #expect(try s.client.waitForDiagnostics(uri: s.dir.uri("note.anno"))["diagnostics"] == [])
        }
    }

    @Test func clientsThatDoNotWatchGetTheSameOnSave() throws {
        var options = ClientOptions()
        options.watchFiles = false
        options.annoJSON = ["catalogues": ["trade.json"]]
        options.files = ["trade.json": Self.catalogue("Trade", [("trade:0", "1950-01-01", "Something Else Entirely")])]
        try withSession(options) { s in
            #expect(codes(try s.open("note.anno", "[[1958-03-04 | \(Self.minutes)]]")) == ["unknown-document"])
            try s.dir.write("trade.json", Self.minutesCatalogue)
            try s.client.notify("textDocument/didSave", ["textDocument": ["uri": .string(s.dir.uri("trade.json"))]])
            #expect(try s.client.waitForDiagnostics(uri: s.dir.uri("note.anno"))["diagnostics"] == [])
        }
    }

    @Test func aBrokenCatalogueIsShownAndTheLastGoodOneStaysInUse() throws {
        var options = ClientOptions()
        options.annoJSON = ["catalogues": ["trade.json"]]
        options.files = ["trade.json": Self.minutesCatalogue]
        try withSession(options) { s in
            #expect(try s.open("note.anno", "[[1958-03-04 | \(Self.minutes)]]")["diagnostics"] == [])
            try s.dir.write("trade.json", "{ this is not json")
            try watchedFilesChanged(s, ["trade.json"])
            let shown = try s.client.waitForNotification("window/showMessage")
            #expect(shown["type"] == 1)
            #expect(shown["message"]?.stringValue?.contains("trade.json") == true)
            // The note is checked again, against the catalogue that last loaded.
            #expect(try s.client.waitForDiagnostics(uri: s.dir.uri("note.anno"))["diagnostics"] == [])
            let found5 = try completionLabels(s, "other.anno", "[[Pyong$0")
            #expect(found5.contains(Self.minutes))
        }
    }

    @Test func aBrokenCatalogueAtStartIsShown() throws {
        var options = ClientOptions()
        options.annoJSON = ["catalogues": ["broken.json"]]
        options.files = ["broken.json": "[1, 2"]
        try withSession(options) { s in
            let shown = try s.client.waitForNotification("window/showMessage")
            #expect(shown["type"] == 1)
            // Notes are still checked, against what could be loaded.
            #expect(try s.open("note.anno", "[[1960-05-02 | \(Bundled.puzanov)]]")["diagnostics"] == [])
        }
    }

    /// A catalogue fixed in place (one date corrected: same size) within the file system's
    /// timestamp granularity looks unchanged by size and mtime; the client's notification says
    /// it changed, so it must be read again.
    @Test
    func aSameSizeEditWithinOneTimestampIsSeen() throws {
        var options = ClientOptions()
        options.annoJSON = ["catalogues": ["trade.json"]]
        options.files = ["trade.json": Self.catalogue("Trade", [("trade:1", "1958-03-05", Self.minutes)])]
        try withSession(options) { s in
            let f = s.fixture("[[«1958-03-04» | \(Self.minutes)]]")
            #expect(diagnostics(try s.open("note.anno", f.text)) == [SeenDiagnostic(code: "date-mismatch", range: f.range)])
            let path = s.dir.file("trade.json")
            var before = stat()
            stat(path, &before)
            try s.dir.write("trade.json", Self.minutesCatalogue)   // 1958-03-05 → 1958-03-04
            var times = [before.st_atim, before.st_mtim]
            utimensat(AT_FDCWD, path, &times, 0)                    // as if written in the same tick
            try watchedFilesChanged(s, ["trade.json"])
            #expect(try s.client.waitForDiagnostics(uri: s.dir.uri("note.anno"))["diagnostics"] == [])
        }
    }
}
