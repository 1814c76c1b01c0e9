import AnnoJSON
import AnnoProtocol
import AnnoTestSupport
import Testing

/// Pull diagnostics for clients that announce `textDocument.diagnostic` (issue 3, "Diagnostics").
@Suite struct PullDiagnosticsTests {
    static func pullOptions(refresh: Bool = false) -> ClientOptions {
        var options = ClientOptions()
        options.pullDiagnostics = true
        options.refreshSupport = refresh
        return options
    }

    static let note = """
        \(mixedScript)[[1960-05-03 | \(Bundled.puzanov)]]
        Привет [[1960-05-02 | Памятная записка]] 😀 [[1960 | \(Bundled.puzanov)]]
        [[1960-05-02]]
        """

    func pull(_ s: Session, _ name: String) throws -> JSONValue {
        try s.client.result("textDocument/diagnostic", ["textDocument": ["uri": .string(s.dir.uri(name))]])
    }

    /// The fields a client shows, to compare the two paths.
    func shown(_ list: [JSONValue]) -> [JSONValue] {
        list.map { d in ["code": d["code"] ?? .null, "range": d["range"] ?? .null, "severity": d["severity"] ?? .null, "message": d["message"] ?? .null] }
    }

    @Test func aClientThatPullsGetsADiagnosticProvider() throws {
        try withSession(Self.pullOptions()) { s in
            let provider = s.initializeResult["capabilities"]?["diagnosticProvider"]
            #expect(provider?["identifier"] == "anno")
            #expect(provider?["interFileDependencies"] == false)
        }
    }

    @Test func pullAnswersWhatPushWouldHaveSent() throws {
        let pushed = try withSession { s in try s.open("note.anno", Self.note)["diagnostics"]?.arrayValue ?? [] }
        #expect(pushed.count == 4)
        try withSession(Self.pullOptions()) { s in
            try s.client.notify("textDocument/didOpen", ["textDocument": [
                "uri": .string(s.dir.uri("note.anno")), "languageId": "anno", "version": 1, "text": .string(Self.note),
            ]])
            let report = try pull(s, "note.anno")
            #expect(report["kind"] == "full")
            #expect(shown(report["items"]?.arrayValue ?? []) == shown(pushed))
            // Pushing as well would show everything twice.
            #expect(s.client.notifications.filter { $0.method == "textDocument/publishDiagnostics" }.isEmpty)
        }
    }

    @Test func pullFollowsIncrementalChanges() throws {
        try withSession(Self.pullOptions()) { s in
            let v1 = s.fixture("Привет 😀 [[1960-«05-03» | \(Bundled.puzanov)]]")
            try s.client.notify("textDocument/didOpen", ["textDocument": [
                "uri": .string(s.dir.uri("note.anno")), "languageId": "anno", "version": 1, "text": .string(v1.text),
            ]])
            #expect(codes(try pull(s, "note.anno")) == ["date-mismatch"])
            try s.client.notify("textDocument/didChange", [
                "textDocument": ["uri": .string(s.dir.uri("note.anno")), "version": 2],
                "contentChanges": [["range": v1.range.lspJSON, "text": "05-02"]],
            ])
            #expect(try pull(s, "note.anno")["items"] == [])
        }
    }

    @Test func aClosedNoteIsPulledFromDisk() throws {
        try withSession(Self.pullOptions()) { s in
            let f = s.fixture("한국어 [[«1960-05-03» | \(Bundled.puzanov)]]")
            try s.dir.write("closed.anno", f.text)
            #expect(diagnostics(try pull(s, "closed.anno")) == [SeenDiagnostic(code: "date-mismatch", range: f.range)])
        }
    }

    @Test func aCatalogueChangeAsksClientsThatPullToRefresh() throws {
        var options = Self.pullOptions(refresh: true)
        options.annoJSON = ["catalogues": ["trade.json"]]
        options.files = ["trade.json": ConfigurationTests.catalogue("Trade", [("trade:0", "1950-01-01", "Something Else")])]
        try withSession(options) { s in
            try s.dir.write("trade.json", ConfigurationTests.minutesCatalogue)
            try s.client.notify("workspace/didChangeWatchedFiles", ["changes": [["uri": .string(s.dir.uri("trade.json")), "type": 2]]])
            #expect(try ping(s.client))
            #expect(s.client.requestsFromServer.contains { $0.method == "workspace/diagnostic/refresh" })
        }
    }
}
