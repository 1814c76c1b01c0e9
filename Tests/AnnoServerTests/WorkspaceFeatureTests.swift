import AnnoJSON
import AnnoProtocol
@testable import AnnoServer
import AnnoTestSupport
import Foundation
import Testing

/// Fix all, workspace symbols, document links, workspace diagnostics and the `anno.timeline` command.
@Suite struct FixAllActionTests {
    func actions(_ s: Session, _ name: String, range: LSPRange, only: [String]?) throws -> [JSONValue] {
        var context: [String: JSONValue] = ["diagnostics": []]
        if let only { context["only"] = .array(only.map { .string($0) }) }
        return try s.client.result("textDocument/codeAction", [
            "textDocument": ["uri": .string(s.dir.uri(name))], "range": range.lspJSON, "context": .object(context),
        ]).arrayValue ?? []
    }

    /// Applies a WorkspaceEdit's edits for one note (LSP ranges, from the last to the first).
    func apply(_ edits: [JSONValue], to s: Session, _ name: String, version: Int) throws -> JSONValue {
        let changes: [(LSPRange?, String)] = edits.reversed().map { (LSPRange(lsp: $0["range"]), $0["newText"]?.stringValue ?? "") }
        return try s.change(name, version: version, changes)
    }

    @Test(arguments: [PositionEncoding.utf16, .utf8])
    func fixAllRepairsEveryClearProblemAtOnce(encoding: PositionEncoding) throws {
        try withSession(.encoding(encoding)) { s in
            let text = "\(mixedScript)[[1961-05-02 | journal of soviet ambassador in the dprk a.m. puzanov for 2 may 1960]]\r\nКириллица [[June 12, 1960 | \(Bundled.economic)]] [[1950 | Unknown thing]]  "
            let published = try s.open("note.anno", text)
            #expect(codes(published).count == 4)
            let found = try actions(s, "note.anno", range: LSPRange(start: Position(line: 0, character: 0), end: Position(line: 0, character: 0)), only: ["source.fixAll"])
            #expect(found.count == 1)
            let action = try #require(found.first)
            #expect(action["kind"] == "source.fixAll.anno")
            #expect(action["title"] == "Fix all citations (3 fixes)")
            let edits = action["edit"]?["changes"]?[s.dir.uri("note.anno")]?.arrayValue ?? []
            #expect(edits.count == 2)
            let fixed = try apply(edits, to: s, "note.anno", version: 2)
            #expect(codes(fixed) == ["unknown-document"])
            #expect(s.serverText("note.anno") == "\(mixedScript)[[1960-05-02 | \(Bundled.puzanov)]]\r\nКириллица [[1960-06-12 | \(Bundled.economic)]] [[1950 | Unknown thing]]  ")
        }
    }

    @Test func kindsFilterTheActions() throws {
        try withSession { s in
            let f = s.fixture("[[«1961-06-12» | \(Bundled.economic)]]")
            try s.open("note.anno", f.text)
            let quick = try actions(s, "note.anno", range: f.range, only: ["quickfix"])
            #expect(quick.allSatisfy { $0["kind"] == "quickfix" } && !quick.isEmpty)
            let source = try actions(s, "note.anno", range: f.range, only: ["source"])
            #expect(source.map { $0["kind"] } == ["source.fixAll.anno"])
            #expect(try actions(s, "note.anno", range: f.range, only: ["refactor"]).isEmpty)
            let all = try actions(s, "note.anno", range: f.range, only: nil)
            #expect(Set(all.compactMap { $0["kind"]?.stringValue }) == ["quickfix", "source.fixAll.anno"])
            let kinds = s.initializeResult["capabilities"]?["codeActionProvider"]?["codeActionKinds"]
            #expect(kinds == ["quickfix", "source.fixAll.anno"])
        }
    }

    @Test func noFixAllWhenNothingHasAClearFix() throws {
        try withSession { s in
            let f = s.fixture("«[[1950 | Nothing like this]]» [[1960-05-02 | \(Bundled.puzanov)]]")
            try s.open("note.anno", f.text)
            #expect(try actions(s, "note.anno", range: f.range, only: ["source.fixAll"]).isEmpty)
        }
    }

    @Test func alternativesAreOfferedButNotPreferred() throws {
        try withSession { s in
            let f = s.fixture("«[[1960 | Something unknown»\n\nnext")
            try s.open("note.anno", f.text)
            let quick = try actions(s, "note.anno", range: f.range, only: ["quickfix"])
            #expect(quick.map { $0["title"] } == ["Close the citation with ']]'"])
            #expect(quick.first?["isPreferred"] == nil)
        }
    }
}

@Suite struct WorkspaceSymbolTests {
    @Test func documentsAndHeadingsByWords() throws {
        let notes = [
            "notes/a.anno": Fixture("# «Визит в Пхеньян»\n## «한국 전쟁 메모»\n", encoding: .utf16),
            "notes/b.anno": Fixture("Intro\n\n«Visit report»\n===\n", encoding: .utf16),
        ]
        try withSession(navigationOptions(.utf16, files: notes.mapValues(\.text))) { s in
            func query(_ q: String) throws -> [SymbolInformation] {
                try [SymbolInformation](json: try s.client.result("workspace/symbol", ["query": .string(q)]))
            }
            let visit = try query("виз")
            #expect(visit.map(\.name) == ["Визит в Пхеньян"])
            #expect(visit.first?.location == Location(uri: s.dir.uri("notes/a.anno"), range: notes["notes/a.anno"]!.ranges[0]))
            #expect(visit.first?.containerName == "notes/a.anno")
            // Catalogue documents by title words (Hangul), named "DATE TITLE"; headings too.
            let korean = try query("한국 전쟁")
            #expect(korean.map(\.name).contains("1950-07 한국 전쟁 보고서"))
            #expect(korean.map(\.name).contains("한국 전쟁 메모"))
            let document = try #require(korean.first { $0.name == "1950-07 한국 전쟁 보고서" })
            #expect(document.kind == .event && document.location.uri == s.dir.uri("catalogue.json"))
            // A date prefix finds the bundled documents of that year.
            let year = try query("1960 journal")
            #expect(year.first?.name == "1960-05-02 \(Bundled.puzanov)")
            // Diacritics and case are ignored in headings.
            #expect(try query("VISIT").map(\.name) == ["Visit report"])
            // An empty query lists the headings.
            #expect(try query("").count == 3)
        }
    }
}

@Suite struct DocumentLinkTests {
    @Test(arguments: [PositionEncoding.utf16, .utf8])
    func aCitedDocumentsURLIsALinkOnItsTitle(encoding: PositionEncoding) throws {
        try withSession(navigationOptions(encoding)) { s in
            let f = s.fixture("Кириллица 😀 [[1950-06-25 | «Донесение о\n 25 июня»]] [[1951 | Memo]] [[1950 | nothing]]")
            try s.open("note.anno", f.text)
            let links = try [DocumentLink](json: try s.client.result("textDocument/documentLink", ["textDocument": ["uri": .string(s.dir.uri("note.anno"))]]))
            // Memo's URL is javascript: and is not a link; the unknown citation has none.
            #expect(links.count == 1)
            #expect(links.first?.range == f.range)
            #expect(links.first?.target == "https://example.org/k1?a=1&b=2")
            #expect(links.first?.tooltip == "Open 'Донесение о 25 июня' in Архив 🇰🇷 한국")
        }
    }
}

@Suite struct WorkspaceDiagnosticTests {
    func pullOptions() -> ClientOptions {
        var options = ClientOptions()
        options.pullDiagnostics = true
        options.files = [
            "notes/closed.anno": "한국어\n[[1961-05-02 | \(Bundled.puzanov)]]\n",
            "notes/clean.anno": "[[1960-05-02 | \(Bundled.puzanov)]]",
        ]
        return options
    }

    @Test func everyNoteOpenOrNot() throws {
        try withSession(pullOptions()) { s in
            let caps = s.initializeResult["capabilities"]?["diagnosticProvider"]
            #expect(caps?["workspaceDiagnostics"] == true)
            _ = try s.client.notify("textDocument/didOpen", ["textDocument": [
                "uri": .string(s.dir.uri("open.anno")), "languageId": "anno", "version": 7, "text": .string("[[1960 | \(Bundled.puzanov)]]"),
            ]])
            let report = try s.client.result("workspace/diagnostic", ["previousResultIds": []])
            let items = report["items"]?.arrayValue ?? []
            let byURI = Dictionary(items.compactMap { i in i["uri"]?.stringValue.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
            #expect(Set(byURI.keys) == [s.dir.uri("notes/closed.anno"), s.dir.uri("notes/clean.anno"), s.dir.uri("open.anno")])
            let closed = try #require(byURI[s.dir.uri("notes/closed.anno")])
            #expect(closed["kind"] == "full" && closed["version"] == .null)
            #expect(diagnostics(closed) == [SeenDiagnostic(code: "date-mismatch", range: LSPRange(start: Position(line: 1, character: 2), end: Position(line: 1, character: 12)))])
            #expect(byURI[s.dir.uri("open.anno")]?["version"] == 7)
            #expect(codes(byURI[s.dir.uri("open.anno")]) == ["imprecise-date"])
            #expect(byURI[s.dir.uri("notes/clean.anno")]?["items"] == [])

            // Sent back, unchanged result ids give unchanged reports.
            let previous: [JSONValue] = items.map { ["uri": $0["uri"] ?? .null, "value": $0["resultId"] ?? .null] }
            let again = try s.client.result("workspace/diagnostic", ["previousResultIds": .array(previous)])
            #expect((again["items"]?.arrayValue ?? []).allSatisfy { $0["kind"] == "unchanged" })

            // A closed note fixed on disk is full again.
            try s.dir.write("notes/closed.anno", "한국어\n[[1960-05-02 | \(Bundled.puzanov)]]\n")
            try s.client.notify("workspace/didChangeWatchedFiles", ["changes": [["uri": .string(s.dir.uri("notes/closed.anno")), "type": 2]]])
            let third = try s.client.result("workspace/diagnostic", ["previousResultIds": .array(previous)])
            let fixed = (third["items"]?.arrayValue ?? []).first { $0["uri"] == .string(s.dir.uri("notes/closed.anno")) }
            #expect(fixed?["kind"] == "full" && fixed?["items"] == [])
        }
    }

    @Test func notAnnouncedToClientsThatPush() throws {
        try withSession { s in
            #expect(s.initializeResult["capabilities"]?["diagnosticProvider"] == nil)
        }
    }
}

@Suite struct TimelineCommandTests {
    @Test(arguments: [PositionEncoding.utf16, .utf8])
    func theTimelineOfTheWorkspace(encoding: PositionEncoding) throws {
        let b = Fixture("Визит\n😀 «[[1960-06-12 | \(Bundled.economic) | л. 4]]»\n", encoding: encoding)
        var options = ClientOptions.encoding(encoding)
        options.files = ["notes/b.anno": b.text, "notes/a.anno": "[[1960-05-02 | \(Bundled.puzanov)]] [[1950 | nothing]]"]
        try withSession(options) { s in
            #expect(s.initializeResult["capabilities"]?["executeCommandProvider"]?["commands"] == ["anno.timeline"])
            let open = s.fixture("한국어 «[[1996 | \(Bundled.kapto)]]»")
            try s.open("open.anno", open.text)
            let t = try s.client.result("workspace/executeCommand", ["command": "anno.timeline", "arguments": [[:]]])
            #expect(t["version"] == 1)
            let documents = t["documents"]?.arrayValue ?? []
            #expect(documents.compactMap { $0["id"]?.stringValue } == [
                "wilson:1960-05-02-puzanov-journal", "wilson:1960-06-12-economic-political-situation-dprk", "wilson:1996-kapto-recollections",
            ])
            let eco = try #require(documents[1]["citations"]?[0])
            #expect(eco["path"] == "notes/b.anno" && eco["line"] == 2 && eco["column"] == 3 && eco["locator"] == "л. 4")
            #expect(eco["uri"] == .string(s.dir.uri("notes/b.anno")))
            #expect(LSPRange(lsp: eco["range"]) == b.range)
            // The open note's unsaved text counts, its citation as written too (the workspace
            // index keeps no citation text; the timeline reads the notes again).
            #expect(LSPRange(lsp: documents[2]["citations"]?[0]?["range"]) == open.range)
            #expect(documents[2]["citations"]?[0]?["date"] == "1996" && documents[2]["citations"]?[0]?["title"] == .string(Bundled.kapto))
            #expect(t["unresolved"]?.arrayValue?.count == 1)

            let uncited = try s.client.result("workspace/executeCommand", ["command": "anno.timeline", "arguments": [["uncited": true]]])
            #expect(uncited["documents"]?.arrayValue?.count == 7)
            let scoped = try s.client.result("workspace/executeCommand", ["command": "anno.timeline", "arguments": [["uris": [.string(s.dir.uri("notes"))]]]])
            #expect(scoped["summary"]?["citations"] == 2)
        }
    }

    @Test func badCommandsAreInvalidParams() throws {
        try withSession { s in
            let unknown = try s.client.error("workspace/executeCommand", ["command": "anno.nothing"])
            let notAnObject = try s.client.error("workspace/executeCommand", ["command": "anno.timeline", "arguments": ["text"]])
            let wrongType = try s.client.error("workspace/executeCommand", ["command": "anno.timeline", "arguments": [["uncited": "yes"]]])
            #expect([unknown.code, notAnObject.code, wrongType.code] == [Int](repeating: -32602, count: 3))
            #expect(wrongType.message.contains("arguments[0].uncited"))
        }
    }
}
