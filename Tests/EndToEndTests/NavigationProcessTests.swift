import AnnoJSON
import AnnoProtocol
import AnnoTestSupport
import Foundation
import Testing

/// Issue 5 against the built `anno lsp`: fixes, navigation and the workspace, over stdio, on notes
/// in Hangul and Cyrillic, in two position encodings.
@Suite struct NavigationProcessTests {
    /// `$1`, `$2` mark the `{` of the entries a definition should land on.
    static func catalogue(_ e: PositionEncoding) -> Fixture {
        Fixture("""
            {"name": "Архив 🇰🇷", "documents": [
              $1{"id": "k:1", "date": "1950-06-25", "title": "Донесение о 25 июня", "summary": "Сводка.", "url": "https://example.org/k1"},
              {"id": "k:x", "date": "1950-08", "title": "한국 전쟁 보고서", "summary": "보고"}, $2{"id": "k:2", "date": "1950-07", "title": "한국 전쟁 보고서", "summary": "Второй."}
            ]}
            """, encoding: e)
    }

    static func closed(_ e: PositionEncoding) -> Fixture {
        Fixture("# Глава\n\nКириллица «[[1950-06 | Донесение о\n  25 июня]]» и 한국어\n```\n[[1950-06-25 | Донесение о 25 июня]]\n```\n", encoding: e)
    }

    func withWorkspace<T>(_ e: PositionEncoding, _ body: (LSPTestClient, TempDirectory) throws -> T) throws -> T {
        let dir = try TempDirectory(prefix: "anno-e2e-nav")
        defer { dir.remove() }
        try dir.write("anno.json", #"{"catalogues": ["catalogue.json"]}"#)
        try dir.write("catalogue.json", Self.catalogue(e).text)
        try dir.write("notes/a.anno", Self.closed(e).text)
        try dir.write("notes/deep/b.anno", "😀 [[1951 | Донесение о 25 июня]]\r\n[[1950-07 | 한국 전쟁 보고서]]")
        let (client, _) = try SpawnedServer.start(in: dir.path, environment: ["XDG_CACHE_HOME": dir.file("cache")])
        defer { client.close() }
        return try body(client, dir)
    }

    func initialize(_ client: LSPTestClient, _ dir: TempDirectory, _ e: PositionEncoding, pull: Bool = false) throws -> JSONValue {
        var textDocument: [String: JSONValue] = [
            "publishDiagnostics": ["versionSupport": true],
            "documentSymbol": ["hierarchicalDocumentSymbolSupport": true],
        ]
        if pull { textDocument["diagnostic"] = [:] }
        let result = try client.result("initialize", [
            "processId": .null, "rootUri": .string(dir.uri),
            "workspaceFolders": [["uri": .string(dir.uri), "name": "notes"]],
            "capabilities": [
                "general": ["positionEncodings": [.string(e.rawValue)]],
                "textDocument": .object(textDocument),
                "workspace": ["didChangeWatchedFiles": ["dynamicRegistration": true]],
                "window": ["workDoneProgress": true],
            ],
        ])
        try client.notify("initialized", [:])
        return result
    }

    func doc(_ uri: String) -> JSONValue { ["textDocument": ["uri": .string(uri)]] }

    func at(_ uri: String, _ p: Position) -> JSONValue { ["textDocument": ["uri": .string(uri)], "position": p.lspJSON] }

    /// `$ANNO_CACHE_DIR` names the cache directory for the bundled catalogue's file too, ahead of
    /// `$XDG_CACHE_HOME` (spec/catalogue.md, "Index cache").
    @Test func theBundledCatalogueFileGoesToAnnoCacheDir() throws {
        let dir = try TempDirectory(prefix: "anno-e2e-nav")
        defer { dir.remove() }
        let (client, _) = try SpawnedServer.start(in: dir.path, environment: ["ANNO_CACHE_DIR": dir.file("own-cache"), "XDG_CACHE_HOME": dir.file("xdg")])
        defer { client.close() }
        _ = try initialize(client, dir, .utf16)
        let uri = dir.uri("open.anno")
        let f = Fixture("Журнал [[1960-05-02 | Journal$0 of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960]]")
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": .string(uri), "languageId": "anno", "version": 1, "text": .string(f.text)]])
        _ = try client.waitForDiagnostics(uri: uri, version: 1)
        let bundled = try client.result("textDocument/definition", at(uri, f.cursor))
        let path = String((bundled["uri"]?.stringValue ?? "").dropFirst("file://".count))
        #expect(path.hasPrefix(dir.file("own-cache/bundled-catalogue-")))
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: dir.file("xdg/anno")))
    }

    @Test(arguments: [PositionEncoding.utf16, .utf8])
    func everyFeatureThroughTheBinary(encoding e: PositionEncoding) throws {
        try withWorkspace(e) { client, dir in
            let caps = try initialize(client, dir, e)["capabilities"]
            for key in ["definitionProvider", "referencesProvider", "documentSymbolProvider", "workspaceSymbolProvider",
                        "documentLinkProvider", "foldingRangeProvider", "semanticTokensProvider", "executeCommandProvider"] {
                #expect(caps?[key] != nil, "\(key)")
            }
            // The background index reports its progress.
            _ = try client.waitForNotification("$/progress") { $0["value"]?["kind"] == "end" }

            let uri = dir.uri("open.anno")
            let f = Fixture("""
                # «Визит»
                한국어 «[[1961-06-25 | Донесение$0 о 25 июня | л. 2]]» и [[1950-07 | 한국 전쟁$1 보고서]]
                Журнал [[1960-05-02 | Journal$2 of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960]]
                """, encoding: e)
            try client.notify("textDocument/didOpen", ["textDocument": ["uri": .string(uri), "languageId": "anno", "version": 1, "text": .string(f.text)]])
            let published = try client.waitForDiagnostics(uri: uri, version: 1)
            #expect((published["diagnostics"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue } == ["date-mismatch"])

            // Definition: the catalogue file's entry; the bundled one in the cache directory.
            let catalogue = Self.catalogue(e)
            let definition = try client.result("textDocument/definition", at(uri, f.cursor))
            #expect(definition["uri"] == .string(dir.uri("catalogue.json")))
            #expect(Position(lsp: definition["range"]?["start"]) == catalogue.cursor(1))
            let hangul = try client.result("textDocument/definition", at(uri, f.cursor(1)))
            #expect(Position(lsp: hangul["range"]?["start"]) == catalogue.cursor(2))
            let bundled = try client.result("textDocument/definition", at(uri, f.cursor(2)))
            let bundledPath = String((bundled["uri"]?.stringValue ?? "").dropFirst("file://".count))
            #expect(bundledPath.hasPrefix(dir.file("cache/anno/bundled-catalogue-")))
            #expect(FileManager.default.fileExists(atPath: bundledPath))

            // References: the open note, and the closed ones (the fenced citation is code).
            let refs = (try client.result("textDocument/references", [
                "textDocument": ["uri": .string(uri)], "position": f.cursor.lspJSON, "context": ["includeDeclaration": false],
            ]).arrayValue ?? []).compactMap { r in r["uri"]?.stringValue.map { ($0, LSPRange(lsp: r["range"])) } }
            #expect(refs.count == 3)
            #expect(refs.contains { $0.0 == dir.uri("notes/a.anno") && $0.1 == Self.closed(e).range })
            #expect(refs.contains { $0.0 == uri && $0.1 == f.ranges[1] })
            #expect(refs.contains { $0.0 == dir.uri("notes/deep/b.anno") })

            // Document symbols, workspace symbols, links, folding, semantic tokens.
            let symbols = try client.result("textDocument/documentSymbol", doc(uri))
            #expect(symbols[0]?["name"] == "Визит")
            #expect(symbols[0]?["children"]?.arrayValue?.count == 3)
            let workspaceSymbols = try client.result("workspace/symbol", ["query": "глава"])
            #expect(workspaceSymbols[0]?["name"] == "Глава")
            #expect(workspaceSymbols[0]?["location"]?["uri"] == .string(dir.uri("notes/a.anno")))
            let links = try client.result("textDocument/documentLink", doc(uri))
            #expect(links.arrayValue?.count == 1)
            #expect(links[0]?["target"] == "https://example.org/k1")
            let folds = try client.result("textDocument/foldingRange", doc(uri))
            #expect(folds == [["startLine": 0, "endLine": 2]])
            let tokens = try client.result("textDocument/semanticTokens/full", doc(uri))["data"]?.arrayValue ?? []
            #expect(tokens.count == 5 * 17)   // three citations: 7 + 5 + 5 tokens
            let range = try client.result("textDocument/semanticTokens/range", ["textDocument": ["uri": .string(uri)], "range": f.ranges[1].lspJSON])
            #expect(range["data"]?.arrayValue?.count == 5 * 7)

            // Fix all, then the note is clean.
            let actions = try client.result("textDocument/codeAction", [
                "textDocument": ["uri": .string(uri)], "range": f.ranges[1].lspJSON,
                "context": ["diagnostics": published["diagnostics"] ?? [], "only": ["source.fixAll"]],
            ])
            let edits = actions[0]?["edit"]?["changes"]?[uri]?.arrayValue ?? []
            #expect(edits.count == 1 && edits[0]["newText"] == "50")
            try client.notify("textDocument/didChange", [
                "textDocument": ["uri": .string(uri), "version": 2],
                "contentChanges": .array(edits.map { ["range": $0["range"] ?? .null, "text": $0["newText"] ?? ""] }),
            ])
            #expect(try client.waitForDiagnostics(uri: uri, version: 2)["diagnostics"] == [])

            // The timeline of the workspace.
            let timeline = try client.result("workspace/executeCommand", ["command": "anno.timeline", "arguments": [[:]]])
            let ids = (timeline["documents"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            #expect(ids == ["k:1", "k:2", "wilson:1960-05-02-puzanov-journal"])
            #expect(timeline["documents"]?[0]?["citations"]?.arrayValue?.count == 3)

            #expect(try client.shutdownAndExit() == 0)
            #expect(client.protocolViolations == [])
        }
    }

    @Test func workspaceDiagnosticsAndWatchedNotes() throws {
        try withWorkspace(.utf16) { client, dir in
            let caps = try initialize(client, dir, .utf16, pull: true)["capabilities"]
            #expect(caps?["diagnosticProvider"]?["workspaceDiagnostics"] == true)
            let report = try client.result("workspace/diagnostic", ["previousResultIds": []])
            let items = report["items"]?.arrayValue ?? []
            let b = items.first { $0["uri"] == .string(dir.uri("notes/deep/b.anno")) }
            #expect(b?["items"]?.arrayValue?.compactMap { $0["code"]?.stringValue } == ["date-mismatch"])
            #expect(items.count == 2)

            // A note created and announced by the file watcher is in the next report.
            try dir.write("notes/new.anno", "Новая [[1950 | нет такого]]")
            try client.notify("workspace/didChangeWatchedFiles", ["changes": [["uri": .string(dir.uri("notes/new.anno")), "type": 1]]])
            let next = try client.result("workspace/diagnostic", ["previousResultIds": []])
            let created = (next["items"]?.arrayValue ?? []).first { $0["uri"] == .string(dir.uri("notes/new.anno")) }
            #expect(created?["items"]?[0]?["code"] == "unknown-document")
            #expect(try client.shutdownAndExit() == 0)
        }
    }
}

/// `anno check --fix`, `--fix --dry-run` and `anno timeline` as a person runs them.
@Suite struct FixAndTimelineCommandTests {
    @Test func fixWritesOnlyTheFixes() throws {
        let dir = try TempDirectory(prefix: "anno-e2e-fix")
        defer { dir.remove() }
        try dir.write("anno.json", "{}")
        let text = "Заметка  \r\n한국어 [[1961-05-02 | \(puzanov)]]\t\r\nend"
        try dir.write("notes/a.anno", text)
        let dry = try AnnoBinary.run(["check", "--fix", "--dry-run", "notes"], in: dir.path)
        #expect(dry.status == 1)
        #expect(dry.stdout == "--- a/notes/a.anno\n+++ b/notes/a.anno\n@@ -1,3 +1,3 @@\n Заметка  \r\n-한국어 [[1961-05-02 | \(puzanov)]]\t\r\n+한국어 [[1960-05-02 | \(puzanov)]]\t\r\n end\n\\ No newline at end of file\n")
        #expect(dry.stderr.contains("1 fix in 1 file (dry run: nothing written)"))
        #expect(try String(contentsOfFile: dir.file("notes/a.anno"), encoding: .utf8) == text)

        let fix = try AnnoBinary.run(["check", "--fix", "notes"], in: dir.path)
        #expect(fix.status == 0, "\(fix.stderr)")
        #expect(fix.stderr.contains("anno: fixed 1 problem in notes/a.anno"))
        #expect(fix.stdout.contains("0 errors, 0 warnings in 1 file (1 citation checked)"))
        let after = try Data(contentsOf: URL(fileURLWithPath: dir.file("notes/a.anno")))
        #expect(after == Data("Заметка  \r\n한국어 [[1960-05-02 | \(puzanov)]]\t\r\nend".utf8))
    }

    @Test func timelineAsTextAndJSON() throws {
        let dir = try TempDirectory(prefix: "anno-e2e-timeline")
        defer { dir.remove() }
        try dir.write("anno.json", "{}")
        try dir.write("notes/a.anno", "Кириллица [[1960-05-02 | \(puzanov) | с. 3]]\n")
        let text = try AnnoBinary.run(["timeline"], in: dir.path)
        #expect(text.status == 0)
        #expect(text.stdout == "1960-05-02  \(puzanov)  [wilson:1960-05-02-puzanov-journal]\n            notes/a.anno:1:11, с. 3\n1 document cited 1 time in 1 note\n")
        let json = try AnnoBinary.run(["timeline", "--format", "json", "--uncited"], in: dir.path)
        let root = try JSON.parse(json.stdout)
        #expect(root["summary"]?["documents"] == 7)
        #expect(root["documents"]?.arrayValue?.first { $0["id"] == "wilson:1960-05-02-puzanov-journal" }?["citations"]?[0]?["path"] == "notes/a.anno")
    }
}
