import AnnoJSON
import AnnoProtocol
import AnnoTestSupport
import Foundation
import Testing

/// Starts the built `anno lsp` in a temp directory (with an anno.json pinning the bundled
/// catalogue) and always ends it.
func withAnnoLSP<T>(_ body: (LSPTestClient, SpawnedServer, TempDirectory) throws -> T) throws -> T {
    let dir = try TempDirectory(prefix: "anno-e2e")
    defer { dir.remove() }
    try dir.write("anno.json", "{}")
    let (client, server) = try SpawnedServer.start(in: dir.path)
    defer { client.close() }
    return try body(client, server, dir)
}

func initialize(_ client: LSPTestClient, _ dir: TempDirectory, encoding: PositionEncoding = .utf16) throws -> JSONValue {
    let result = try client.result("initialize", [
        "processId": .null, "rootUri": .string(dir.uri),
        "workspaceFolders": [["uri": .string(dir.uri), "name": "notes"]],
        "capabilities": [
            "general": ["positionEncodings": [.string(encoding.rawValue)]],
            "textDocument": ["hover": ["contentFormat": ["markdown"]], "publishDiagnostics": ["versionSupport": true]],
        ],
    ])
    try client.notify("initialized", [:])
    return result
}

let puzanov = "Journal of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960"
let mixedScript = "한국어 메모 Кириллица 🇰🇷👨‍👩‍👧 😀 "

/// The core editing flow against the real binary (issue 3, "Tests").
@Suite struct LSPProcessTests {
    @Test(arguments: [PositionEncoding.utf16, .utf8])
    func initializeOpenDiagnoseHoverCompleteAndExit(encoding: PositionEncoding) throws {
        try withAnnoLSP { client, server, dir in
            let caps = try initialize(client, dir, encoding: encoding)["capabilities"]
            #expect(caps?["positionEncoding"] == .string(encoding.rawValue))

            let f = Fixture("""
                Заметка 🇰🇷 о встрече
                \(mixedScript)[[«1960-05-03» | \(puzanov)]] и $1[[1960-05-02 | Jour$2nal of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960]]
                Ещё: «$3[[Puz$0]]» 😀
                """, encoding: encoding)
            let uri = dir.uri("note.anno")
            try client.notify("textDocument/didOpen", ["textDocument": [
                "uri": .string(uri), "languageId": "anno", "version": 3, "text": .string(f.text),
            ]])
            let published = try client.waitForDiagnostics(uri: uri, version: 3)
            let found = (published["diagnostics"]?.arrayValue ?? []).map { ($0["code"]?.stringValue, LSPRange(lsp: $0["range"])) }
            #expect(found.map(\.0) == ["date-mismatch", "malformed-citation"])
            #expect(found.map(\.1) == [f.ranges[0], f.ranges[1]])

            let hover = try client.result("textDocument/hover", ["textDocument": ["uri": .string(uri)], "position": f.cursor(2).lspJSON])
            let md = hover["contents"]?["value"]?.stringValue ?? ""
            #expect(md.contains(puzanov) && md.contains("2 May 1960") && md.contains("Wilson Center Digital Archive"))
            #expect(LSPRange(lsp: hover["range"])?.start == f.cursor(1))

            let list = try client.result("textDocument/completion", ["textDocument": ["uri": .string(uri)], "position": f.cursor.lspJSON])
            #expect(list["isIncomplete"] == true)
            let item = try #require(list["items"]?.arrayValue?.first)
            #expect(item["label"] == .string(puzanov))
            #expect(LSPRange(lsp: item["textEdit"]?["range"]) == f.ranges[1])
            #expect(item["textEdit"]?["newText"] == .string("[[1960-05-02 | \(puzanov)]]"))

            #expect(try client.shutdownAndExit() == 0)
            #expect(client.protocolViolations == [])
        }
    }

    /// A client that resolves completion items lazily, as VS Code does: items come without
    /// documentation, and `completionItem/resolve` adds it, leaving the rest as it was.
    @Test func completionItemsResolveTheirDocumentation() throws {
        try withAnnoLSP { client, _, dir in
            let result = try client.result("initialize", [
                "processId": .null, "rootUri": .string(dir.uri),
                "workspaceFolders": [["uri": .string(dir.uri), "name": "notes"]],
                "capabilities": ["textDocument": ["completion": ["completionItem": [
                    "documentationFormat": ["markdown", "plaintext"],
                    "resolveSupport": ["properties": ["documentation", "detail", "additionalTextEdits"]],
                ]]]],
            ])
            #expect(result["capabilities"]?["completionProvider"]?["resolveProvider"] == true)
            try client.notify("initialized", [:])
            let f = Fixture("Заметка 🇰🇷\n\(mixedScript)«[[Puz$0]]» 😀")
            let uri = dir.uri("note.anno")
            try client.notify("textDocument/didOpen", ["textDocument": [
                "uri": .string(uri), "languageId": "anno", "version": 1, "text": .string(f.text),
            ]])
            _ = try client.waitForDiagnostics(uri: uri, version: 1)
            let list = try client.result("textDocument/completion", ["textDocument": ["uri": .string(uri)], "position": f.cursor.lspJSON])
            let item = try #require(list["items"]?.arrayValue?.first)
            #expect(item["label"] == .string(puzanov))
            #expect(item["documentation"] == nil)
            #expect(LSPRange(lsp: item["textEdit"]?["range"]) == f.range)
            let resolved = try client.result("completionItem/resolve", item)
            #expect(resolved["documentation"]?["kind"] == "markdown")
            #expect(resolved["documentation"]?["value"]?.stringValue?.contains("Kim Il Sung and Puzanov discuss") == true)
            #expect(resolved["textEdit"] == item["textEdit"] && resolved["label"] == item["label"] && resolved["data"] == item["data"])
            #expect(try client.shutdownAndExit() == 0)
            #expect(client.protocolViolations == [])
        }
    }

    @Test func incrementalEditsInTheProcess() throws {
        try withAnnoLSP { client, _, dir in
            _ = try initialize(client, dir)
            let v1 = Fixture("\(mixedScript)[[1960-«05-02» | \(puzanov)]]")
            let uri = dir.uri("note.anno")
            try client.notify("textDocument/didOpen", ["textDocument": ["uri": .string(uri), "languageId": "anno", "version": 1, "text": .string(v1.text)]])
            #expect(try client.waitForDiagnostics(uri: uri, version: 1)["diagnostics"] == [])
            try client.notify("textDocument/didChange", [
                "textDocument": ["uri": .string(uri), "version": 2],
                "contentChanges": [["range": v1.range.lspJSON, "text": "05-03"]],
            ])
            let expected = Fixture("\(mixedScript)[[«1960-05-03» | \(puzanov)]]")
            let published = try client.waitForDiagnostics(uri: uri, version: 2)
            #expect(LSPRange(lsp: published["diagnostics"]?[0]?["range"]) == expected.range)
            try client.notify("textDocument/didClose", ["textDocument": ["uri": .string(uri)]])
            #expect(try client.waitForDiagnostics(uri: uri)["diagnostics"] == [])
            #expect(try client.shutdownAndExit() == 0)
        }
    }

    @Test func exitWithoutShutdownEndsWithOne() throws {
        try withAnnoLSP { client, _, dir in
            _ = try initialize(client, dir)
            try client.notify("exit")
            #expect(try client.waitForExit() == 1)
        }
    }

    @Test func logsGoToStderrAndWindowLogMessageNotStdout() throws {
        try withAnnoLSP { client, server, dir in
            _ = try initialize(client, dir)
            try client.writeBytes(LSPTestClient.frame("{not json"))
            #expect(try client.waitForErrorWithoutID().code == -32700)
            _ = try client.waitForNotification("window/logMessage")
            #expect(try client.shutdownAndExit() == 0)
            #expect(client.protocolViolations == [])
            #expect(server.stderr.contains("anno lsp:"))
        }
    }

    @Test func unknownOptionForLSPIsAUsageError() throws {
        let run = try AnnoBinary.run(["lsp", "--bogus"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
    }
}
