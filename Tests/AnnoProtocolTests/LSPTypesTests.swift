import Testing
import AnnoJSON
import AnnoProtocol

/// Decodes `text` as `T`, then checks that encoding gives back the same JSON.
private func roundTrip<T: JSONConvertible>(_ type: T.Type, _ text: String) throws -> T {
    let json = try JSON.parse(text)
    let value = try T(json: json)
    #expect(value.json == json, "\(T.self) round trip")
    return value
}

@Test func textSyncParamsRoundTrip() throws {
    let open = try roundTrip(DidOpenTextDocumentParams.self, """
    {"textDocument": {"uri": "file:///notes/1905.anno", "languageId": "anno", "version": 1, "text": "См. РГАДА ф. 1"}}
    """)
    #expect(open.textDocument.text == "См. РГАДА ф. 1")

    let change = try roundTrip(DidChangeTextDocumentParams.self, """
    {"textDocument": {"uri": "file:///a", "version": 2},
     "contentChanges": [
       {"range": {"start": {"line": 0, "character": 3}, "end": {"line": 0, "character": 5}}, "text": "ab"},
       {"text": "whole"}]}
    """)
    #expect(change.contentChanges[0].range == LSPRange(start: Position(line: 0, character: 3), end: Position(line: 0, character: 5)))
    #expect(change.contentChanges[1].range == nil)
    #expect(change.textDocument.version == 2)

    _ = try roundTrip(DidCloseTextDocumentParams.self, #"{"textDocument": {"uri": "file:///a"}}"#)
    let save = try roundTrip(DidSaveTextDocumentParams.self, #"{"textDocument": {"uri": "file:///a"}}"#)
    #expect(save.text == nil)
}

@Test func languageFeatureTypesRoundTrip() throws {
    let completion = try roundTrip(CompletionParams.self, """
    {"textDocument": {"uri": "file:///a"}, "position": {"line": 4, "character": 10},
     "context": {"triggerKind": 2, "triggerCharacter": "@"}}
    """)
    #expect(completion.context?.triggerKind == .triggerCharacter)

    let item = try roundTrip(CompletionItem.self, """
    {"label": "RGADA", "labelDetails": {"detail": " 1714–", "description": "Moscow"}, "kind": 9,
     "detail": "Russian State Archive", "documentation": {"kind": "markdown", "value": "**RGADA**"},
     "filterText": "rgada", "sortText": "0001", "insertTextFormat": 2, "preselect": true,
     "textEdit": {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 2}}, "newText": "RGADA"},
     "data": {"id": "rgada"}}
    """)
    #expect(item.kind == .module)
    #expect(item.insertTextFormat == .snippet)
    _ = try roundTrip(CompletionList.self, #"{"isIncomplete": true, "items": [{"label": "a"}]}"#)

    let hover = try roundTrip(Hover.self, """
    {"contents": {"kind": "plaintext", "value": "fond 1"},
     "range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 4}}}
    """)
    #expect(hover.contents.kind == .plaintext)

    let action = try roundTrip(CodeActionParams.self, """
    {"textDocument": {"uri": "file:///a"},
     "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}},
     "context": {"diagnostics": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}},
                                  "severity": 1, "code": "ANNO101", "source": "anno", "message": "unknown archive",
                                  "data": {"suggestion": "RGADA"}}],
                 "only": ["quickfix"]}}
    """)
    #expect(action.context.diagnostics.first?.data?["suggestion"] == "RGADA")
    #expect(action.context.only == [.quickFix])

    _ = try roundTrip(CodeAction.self, """
    {"title": "Replace with RGADA", "kind": "quickfix", "isPreferred": true,
     "edit": {"changes": {"file:///a": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "newText": "RGADA"}]}},
     "command": {"title": "t", "command": "anno.reload", "arguments": [1]}}
    """)
    _ = try roundTrip(ExecuteCommandParams.self, #"{"command": "anno.reload", "arguments": ["x", 2]}"#)
}

@Test func diagnosticsOmitAbsentOptionals() throws {
    let range = LSPRange(start: Position(line: 2, character: 1), end: Position(line: 2, character: 9))
    let minimal = LSPDiagnostic(range: range, message: "m")
    #expect(minimal.json.objectValue.map { Set($0.keys) } == ["range", "message"])

    let publish = PublishDiagnosticsParams(uri: "file:///a", diagnostics: [minimal])
    #expect(publish.json["version"] == nil)
    #expect(PublishDiagnosticsParams(uri: "file:///a", version: 3, diagnostics: []).json["version"] == 3)

    let full = try roundTrip(LSPDiagnostic.self, """
    {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "severity": 2, "code": 17,
     "codeDescription": {"href": "https://example.org/ANNO017"}, "source": "anno", "message": "date out of range",
     "tags": [1, 2], "data": null,
     "relatedInformation": [{"location": {"uri": "file:///cat.json", "range": {"start": {"line": 9, "character": 2}, "end": {"line": 9, "character": 8}}}, "message": "declared here"}]}
    """.replacingOccurrences(of: #", "data": null"#, with: ""))
    #expect(full.code == .number(17))
    #expect(full.codeDescriptionHref == "https://example.org/ANNO017")
    #expect(full.tags == [.unnecessary, .deprecated])
    #expect(full.severity == .warning)

    _ = try roundTrip(DocumentDiagnosticReport.self, #"{"kind": "full", "resultId": "7", "items": []}"#)
    _ = try roundTrip(DocumentDiagnosticReport.self, #"{"kind": "unchanged", "resultId": "7"}"#)
    #expect(DocumentDiagnosticReport.full(resultId: nil, items: []).json == ["kind": "full", "items": []])
    _ = try roundTrip(DocumentDiagnosticParams.self, #"{"textDocument": {"uri": "file:///a"}, "previousResultId": "6"}"#)
}

@Test func workspaceAndWindowTypesRoundTrip() throws {
    let registration = try roundTrip(RegistrationParams.self, """
    {"registrations": [{"id": "anno-watch", "method": "workspace/didChangeWatchedFiles",
                        "registerOptions": {"watchers": [{"globPattern": "**/*.catalogue.json", "kind": 7}]}}]}
    """)
    let options = try registration.registrations[0].registerOptions.map { try DidChangeWatchedFilesRegistrationOptions(json: $0) }
    #expect(options?.watchers.first?.globPattern == "**/*.catalogue.json")

    let files = try roundTrip(DidChangeWatchedFilesParams.self, #"{"changes": [{"uri": "file:///c.json", "type": 3}]}"#)
    #expect(files.changes == [FileEvent(uri: "file:///c.json", type: .deleted)])
    _ = try roundTrip(ShowMessageParams.self, #"{"type": 1, "message": "catalogue failed to load"}"#)
    _ = try roundTrip(LogMessageParams.self, #"{"type": 4, "message": "loaded"}"#)
    _ = try roundTrip(DidChangeConfigurationParams.self, #"{"settings": {"anno": {"strict": true}}}"#)
    _ = try roundTrip(ConfigurationParams.self, #"{"items": [{"section": "anno", "scopeUri": "file:///"}]}"#)
    #expect(try roundTrip(CancelParams.self, #"{"id": 12}"#).id == .number(12))
    #expect(try roundTrip(CancelParams.self, #"{"id": "x"}"#).id == .string("x"))
}

@Test func initializeParamsReadTheCapabilitiesAnnoUses() throws {
    let params = try InitializeParams(json: JSON.parse("""
    {"processId": 4242, "rootUri": "file:///research", "rootPath": "/research",
     "clientInfo": {"name": "Visual Studio Code", "version": "1.95"},
     "workspaceFolders": [{"uri": "file:///research", "name": "research"}],
     "initializationOptions": {"catalogue": "cat.json"},
     "capabilities": {
       "general": {"positionEncodings": ["utf-8", "utf-16", "utf-9000"]},
       "textDocument": {
         "hover": {"contentFormat": ["markdown", "plaintext", "html"]},
         "completion": {"completionItem": {"snippetSupport": true, "labelDetailsSupport": true,
                                           "documentationFormat": ["plaintext"]}},
         "publishDiagnostics": {"versionSupport": true},
         "diagnostic": {"dynamicRegistration": false}},
       "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}, "configuration": true},
       "window": {"workDoneProgress": true}}}
    """))
    #expect(params.processId == 4242)
    #expect(params.rootUri == "file:///research")
    #expect(params.rootPath == "/research")
    #expect(params.clientInfo?.name == "Visual Studio Code")
    #expect(params.workspaceFolders == [WorkspaceFolder(uri: "file:///research", name: "research")])
    #expect(params.initializationOptions?["catalogue"] == "cat.json")
    let caps = params.capabilities
    #expect(caps.positionEncodings == [.utf8, .utf16, PositionEncodingKind(rawValue: "utf-9000")])
    #expect(caps.hoverContentFormat == [.markdown, .plaintext])
    #expect(caps.completionSnippetSupport && caps.completionLabelDetailsSupport)
    #expect(caps.completionDocumentationFormat == [.plaintext])
    #expect(caps.publishDiagnosticsVersionSupport && caps.pullDiagnostics)
    #expect(caps.didChangeWatchedFilesDynamicRegistration && caps.workspaceConfiguration && caps.workDoneProgress)
    // Round trip keeps the raw capabilities.
    #expect(try InitializeParams(json: params.json) == params)
}

@Test func initializeParamsAreLenientAboutOddCapabilitiesAndNulls() throws {
    let params = try InitializeParams(json: JSON.parse("""
    {"processId": null, "rootUri": null,
     "capabilities": {"general": {"positionEncodings": "utf-8"}, "textDocument": {"hover": 3, "diagnostic": true},
                      "workspace": {"configuration": "yes"}}}
    """))
    #expect(params.processId == nil && params.rootUri == nil)
    #expect(params.capabilities.positionEncodings.isEmpty)
    #expect(params.capabilities.hoverContentFormat.isEmpty)
    #expect(!params.capabilities.pullDiagnostics)
    #expect(!params.capabilities.workspaceConfiguration)
    // LSP wants these two written as null rather than omitted.
    #expect(params.json["processId"] == .null && params.json["rootUri"] == .null)
    #expect(params.json["rootPath"] == nil)
    #expect(try InitializeParams.decode(nil).capabilities == ClientCapabilities())
}

@Test func serverCapabilitiesEncodeOnlyWhatIsOffered() throws {
    let caps = ServerCapabilities(
        positionEncoding: .utf16, textDocumentSync: .incremental, saveIncludesText: false,
        completionProvider: true, completionTriggerCharacters: ["@", "/"], hoverProvider: true,
        codeActionProvider: true, codeActionKinds: [.quickFix], executeCommands: ["anno.reload"],
        diagnosticProvider: true, diagnosticIdentifier: "anno")
    let expected = try JSON.parse("""
    {"positionEncoding": "utf-16",
     "textDocumentSync": {"openClose": true, "change": 2, "save": {"includeText": false}},
     "completionProvider": {"triggerCharacters": ["@", "/"]},
     "hoverProvider": true,
     "codeActionProvider": {"codeActionKinds": ["quickfix"]},
     "executeCommandProvider": {"commands": ["anno.reload"]},
     "diagnosticProvider": {"identifier": "anno", "interFileDependencies": false, "workspaceDiagnostics": false}}
    """)
    #expect(caps.json == expected)
    #expect(try ServerCapabilities(json: caps.json) == caps)
    #expect(ServerCapabilities().json == [:])
    let result = InitializeResult(capabilities: caps, serverInfo: ServerInfo(name: "anno", version: "0.1"))
    #expect(try InitializeResult(json: result.json) == result)
}

struct RejectionCase: Sendable, CustomStringConvertible {
    let name: String
    let json: String
    let decode: @Sendable (JSONValue) throws -> Void
    let message: String
    var description: String { name }
}

private func rejecting<T: JSONConvertible>(_ type: T.Type, _ name: String, _ json: String, _ message: String) -> RejectionCase {
    RejectionCase(name: name, json: json, decode: { _ = try T(json: $0) }, message: message)
}

let rejectionCases: [RejectionCase] = [
    rejecting(TextDocumentPositionParams.self, "line as string",
              #"{"textDocument": {"uri": "file:///a"}, "position": {"line": "1", "character": 0}}"#,
              "position.line: expected an integer, found a string"),
    rejecting(TextDocumentPositionParams.self, "fractional character",
              #"{"textDocument": {"uri": "file:///a"}, "position": {"line": 1, "character": 0.5}}"#,
              "position.character: expected an integer, found a number"),
    rejecting(TextDocumentPositionParams.self, "negative line",
              #"{"textDocument": {"uri": "file:///a"}, "position": {"line": -1, "character": 0}}"#,
              "position.line: must not be negative"),
    rejecting(TextDocumentPositionParams.self, "missing position",
              #"{"textDocument": {"uri": "file:///a"}}"#, "position: missing required field"),
    rejecting(TextDocumentPositionParams.self, "uri as number",
              #"{"textDocument": {"uri": 5}, "position": {"line": 1, "character": 0}}"#,
              "textDocument.uri: expected a string, found a number"),
    rejecting(Position.self, "params not an object", "[1, 2]", "params: expected an object, found an array"),
    rejecting(DidOpenTextDocumentParams.self, "missing text",
              #"{"textDocument": {"uri": "file:///a", "languageId": "anno", "version": 1}}"#,
              "textDocument.text: missing required field"),
    rejecting(DidChangeTextDocumentParams.self, "changes not an array",
              #"{"textDocument": {"uri": "file:///a", "version": 1}, "contentChanges": {"text": ""}}"#,
              "contentChanges: expected an array, found an object"),
    rejecting(DidChangeTextDocumentParams.self, "bad range in second change",
              #"{"textDocument": {"uri": "file:///a", "version": 1}, "contentChanges": [{"text": ""}, {"text": "", "range": {"start": {"line": 0, "character": null}, "end": {"line": 0, "character": 0}}}]}"#,
              "contentChanges[1].range.start.character: missing required field"),
    rejecting(MarkupContent.self, "unknown markup kind", #"{"kind": "html", "value": "x"}"#, "kind: unknown markup kind 'html'"),
    rejecting(LSPDiagnostic.self, "unknown severity",
              #"{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "message": "m", "severity": 7}"#,
              "severity: unknown value 7"),
    rejecting(LSPDiagnostic.self, "code of wrong type",
              #"{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "message": "m", "code": true}"#,
              "code: expected a string or an integer, found a boolean"),
    rejecting(CancelParams.self, "cancel id of wrong type", #"{"id": [1]}"#, "id: expected an integer or a string"),
    rejecting(DocumentDiagnosticReport.self, "unknown report kind", #"{"kind": "partial"}"#, "kind: unknown report kind 'partial'"),
    rejecting(WorkspaceEdit.self, "edit list of wrong type", #"{"changes": {"file:///a": [{"newText": 1}]}}"#,
              "changes.file:///a[0].range: missing required field"),
    rejecting(InitializeParams.self, "processId as string", #"{"processId": "12", "capabilities": {}}"#,
              "processId: expected an integer, found a string"),
]

@Test("wrong param shapes are rejected with a path", arguments: rejectionCases)
func wrongParamsAreRejected(_ c: RejectionCase) throws {
    let json = try JSON.parse(c.json)
    do {
        try c.decode(json)
        Issue.record("accepted \(c.json)")
    } catch let error as LSPDecodingError {
        #expect(error.message == c.message)
        #expect(error.responseError.code == ResponseError.Code.invalidParams)
    }
}

@Test func messageTypesNameTheirMethods() throws {
    #expect(DidOpenTextDocumentParams.method == "textDocument/didOpen")
    #expect(CompletionParams.method == "textDocument/completion")
    #expect(HoverParams.method == "textDocument/hover")
    #expect(PublishDiagnosticsParams.method == "textDocument/publishDiagnostics")
    #expect(CancelParams.method == "$/cancelRequest")
    #expect(RegistrationParams.method == LSPMethod.registerCapability)
    #expect(LSPMethod.executeCommand == "workspace/executeCommand")
    let params = try CompletionParams.decode(["textDocument": ["uri": "file:///a"], "position": ["line": 0, "character": 0]])
    #expect(params.position == Position(line: 0, character: 0))
    #expect(throws: LSPDecodingError.self) { try CompletionParams.decode(nil) }
}

@Test func positionsOrder() {
    #expect(Position(line: 1, character: 9) < Position(line: 2, character: 0))
    #expect(Position(line: 2, character: 1) > Position(line: 2, character: 0))
}

@Test func capabilitiesBuiltInCodeEncodeInNestedForm() throws {
    var caps = ClientCapabilities()
    caps.positionEncodings = [.utf8]
    caps.hoverContentFormat = [.markdown]
    caps.completionSnippetSupport = true
    caps.pullDiagnostics = true
    caps.workspaceConfiguration = true
    caps.completionResolveProperties = ["documentation", "detail"]
    caps.completionListItemDefaults = ["editRange", "insertTextFormat"]
    #expect(caps.json["general"]?["positionEncodings"] == ["utf-8"])
    #expect(caps.json["textDocument"]?["diagnostic"] == [:])
    let decoded = try ClientCapabilities(json: caps.json)
    #expect(decoded.positionEncodings == [.utf8] && decoded.hoverContentFormat == [.markdown])
    #expect(decoded.completionSnippetSupport && decoded.pullDiagnostics && decoded.workspaceConfiguration)
    #expect(!decoded.completionLabelDetailsSupport && !decoded.workDoneProgress)
    #expect(decoded.completionResolveProperties == ["documentation", "detail"])
    #expect(decoded.completionListItemDefaults == ["editRange", "insertTextFormat"])
}

@Test func markupContentAcceptsABareString() throws {
    #expect(try MarkupContent(json: "plain") == MarkupContent(kind: .plaintext, value: "plain"))
}
