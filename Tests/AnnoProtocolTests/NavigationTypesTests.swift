import AnnoJSON
import AnnoProtocol
import Testing

/// The LSP types of definition, references, symbols, links, tokens, folding, workspace
/// diagnostics and progress: decoded from what clients send, encoded as LSP 3.17 writes them.
@Suite struct NavigationTypesTests {
    func roundTrip<T: JSONConvertible>(_ type: T.Type, _ text: String) throws -> T {
        let json = try JSON.parse(text)
        let value = try T(json: json)
        #expect(value.json == json, "\(T.self) round trip")
        return value
    }

    @Test func requestParams() throws {
        let refs = try roundTrip(ReferenceParams.self, """
        {"textDocument": {"uri": "file:///н.anno"}, "position": {"line": 1, "character": 2}, "context": {"includeDeclaration": true}}
        """)
        #expect(refs.includeDeclaration)
        // The context is required by LSP, but a missing one means no declaration.
        #expect(try ReferenceParams(json: ["textDocument": ["uri": "file:///a"], "position": ["line": 0, "character": 0]]).includeDeclaration == false)
        _ = try roundTrip(SemanticTokensRangeParams.self, """
        {"textDocument": {"uri": "file:///a"}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 1}}}
        """)
        #expect(try WorkspaceSymbolParams(json: [:]).query == "")
        let workspace = try roundTrip(WorkspaceDiagnosticParams.self, """
        {"identifier": "anno", "previousResultIds": [{"uri": "file:///a", "value": "1f"}]}
        """)
        #expect(workspace.previousResultIds == [PreviousResultID(uri: "file:///a", value: "1f")])
        #expect(throws: LSPDecodingError.self) { try DocumentOnlyParams.decode(["textDocument": ["uri": 3]]) }
    }

    @Test func answers() throws {
        _ = try roundTrip(DocumentSymbol.self, """
        {"name": "Визит", "kind": 15, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 4, "character": 0}},
         "selectionRange": {"start": {"line": 0, "character": 2}, "end": {"line": 0, "character": 7}},
         "children": [{"name": "한국", "detail": "1960", "kind": 24,
                       "range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 9}},
                       "selectionRange": {"start": {"line": 1, "character": 2}, "end": {"line": 1, "character": 9}}}]}
        """)
        _ = try roundTrip(SymbolInformation.self, """
        {"name": "1960 X", "kind": 24, "containerName": "Архив",
         "location": {"uri": "file:///c.json", "range": {"start": {"line": 2, "character": 2}, "end": {"line": 2, "character": 2}}}}
        """)
        _ = try roundTrip(DocumentLink.self, """
        {"range": {"start": {"line": 0, "character": 1}, "end": {"line": 0, "character": 4}}, "target": "https://example.org", "tooltip": "Open"}
        """)
        _ = try roundTrip(SemanticTokens.self, #"{"data": [0, 2, 10, 0, 1]}"#)
        _ = try roundTrip(FoldingRange.self, #"{"startLine": 0, "endLine": 8}"#)
        #expect(throws: LSPDecodingError.self) { try FoldingRange(json: ["startLine": -1, "endLine": 2]) }
    }

    @Test func workspaceReportsWriteNullVersions() throws {
        let report = WorkspaceDiagnosticReport(items: [
            WorkspaceDocumentDiagnosticReport(uri: "file:///a", version: nil, report: .unchanged(resultId: "x")),
            WorkspaceDocumentDiagnosticReport(uri: "file:///b", version: 4, report: .full(resultId: "y", items: [])),
        ])
        #expect(report.json == ["items": [
            ["kind": "unchanged", "resultId": "x", "uri": "file:///a", "version": nil],
            ["kind": "full", "resultId": "y", "items": [], "uri": "file:///b", "version": 4],
        ]])
        #expect(try WorkspaceDiagnosticReport(json: report.json) == report)
    }

    @Test func progress() throws {
        let begin = WorkDoneProgressParams(token: "t", value: .begin(title: "Indexing notes", message: nil, percentage: 0))
        #expect(begin.json == ["token": "t", "value": ["kind": "begin", "title": "Indexing notes", "cancellable": false, "percentage": 0]])
        #expect(try WorkDoneProgressParams(json: begin.json) == begin)
        let end = WorkDoneProgressParams(token: "t", value: .end(message: "indexed 3 notes"))
        #expect(try WorkDoneProgressParams(json: end.json) == end)
        #expect(throws: LSPDecodingError.self) { try WorkDoneProgressParams(json: ["token": "t", "value": ["kind": "middle"]]) }
    }

    @Test func capabilities() throws {
        var navigation = NavigationCapabilities()
        navigation.definitionProvider = true
        navigation.referencesProvider = true
        navigation.semanticTokensLegend = SemanticTokensLegend(tokenTypes: ["number"], tokenModifiers: ["broken"])
        let caps = ServerCapabilities(diagnosticProvider: true, diagnosticIdentifier: "anno", workspaceDiagnostics: true, navigation: navigation)
        let json = caps.json
        #expect(json["definitionProvider"] == true && json["referencesProvider"] == true && json["hoverProvider"] == nil)
        #expect(json["semanticTokensProvider"] == ["legend": ["tokenTypes": ["number"], "tokenModifiers": ["broken"]], "range": true, "full": true])
        #expect(json["diagnosticProvider"]?["workspaceDiagnostics"] == true)
        #expect(try ServerCapabilities(json: json) == caps)
    }
}
