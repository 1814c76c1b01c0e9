import AnnoJSON
import AnnoProtocol
import AnnoTestSupport
import Testing

/// Quick fixes (spec/lsp.md "Quick fixes"): applying the preferred edit leaves the note clean.
@Suite struct QuickFixTests {
    @Test(arguments: [PositionEncoding.utf16, .utf8])
    func thePreferredFixRepairsTheCitation(encoding: PositionEncoding) throws {
        try withSession(.encoding(encoding)) { s in
            let f = s.fixture("\(mixedScript)[[«1960-05-03» | \(Bundled.puzanov)]]")
            let published = try s.open("note.anno", f.text)
            let actions = try s.client.result("textDocument/codeAction", [
                "textDocument": ["uri": .string(s.dir.uri("note.anno"))],
                "range": f.range.lspJSON,
                "context": ["diagnostics": published["diagnostics"] ?? []],
            ]).arrayValue ?? []
            let preferred = try #require(actions.first { $0["isPreferred"] == true })
            #expect(preferred["kind"] == "quickfix")
            let edits = preferred["edit"]?["changes"]?[s.dir.uri("note.anno")]?.arrayValue ?? []
            #expect(edits.count == 1)
            #expect(LSPRange(lsp: edits.first?["range"]) == f.range)
            #expect(edits.first?["newText"] == "1960-05-02")
            let fixed = try s.change("note.anno", version: 2, [(f.range, edits.first?["newText"]?.stringValue ?? "")])
            #expect(fixed["diagnostics"] == [])
        }
    }

    @Test func noActionsWhereNothingIsWrong() throws {
        try withSession { s in
            let f = s.fixture("«[[1960-05-02 | \(Bundled.puzanov)]]»")
            try s.open("note.anno", f.text)
            let actions = try s.client.result("textDocument/codeAction", [
                "textDocument": ["uri": .string(s.dir.uri("note.anno"))], "range": f.range.lspJSON, "context": ["diagnostics": []],
            ])
            #expect(actions == [])
        }
    }
}
