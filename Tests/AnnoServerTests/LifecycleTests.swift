import AnnoJSON
import AnnoProtocol
import AnnoTestSupport
import Testing

/// Lifecycle and error codes (issue 3, "Protocol"; spec/lsp.md "Transport and lifecycle").
@Suite struct LifecycleTests {
    /// A bare server, not yet initialized.
    func bare<T>(_ body: (LSPTestClient, InProcessServer) throws -> T) throws -> T {
        let (client, server) = InProcessServer.start()
        defer { client.close() }
        return try body(client, server)
    }

    func initialize(_ client: LSPTestClient, encodings: [String]? = nil) throws -> JSONValue {
        var general: [String: JSONValue] = [:]
        if let encodings { general["positionEncodings"] = .array(encodings.map { .string($0) }) }
        return try client.result("initialize", ["processId": .null, "rootUri": .null, "capabilities": ["general": .object(general)]])
    }

    let hoverParams: JSONValue = ["textDocument": ["uri": "file:///tmp/anno-lsptest-none/note.anno"], "position": ["line": 0, "character": 0]]

    @Test func requestsBeforeInitializeGetServerNotInitialized() throws {
        try bare { client, _ in
            #expect(try client.error("textDocument/hover", hoverParams).code == -32002)
            #expect(try client.error("shutdown").code == -32002)
            #expect(try client.error("anno/unknown").code == -32002)
            // The server is still there and initializes normally afterwards.
            _ = try initialize(client)
        }
    }

    @Test func notificationsBeforeInitializeAreDropped() throws {
        try withSessionDir { dir in
            try bare { client, _ in
                try client.notify("textDocument/didOpen", ["textDocument": [
                    "uri": .string(dir.uri("early.anno")), "languageId": "anno", "version": 1, "text": "[[1960-05-03 | x]]",
                ]])
                _ = try initialize(client)
                // Had didOpen been processed, its diagnostics would have come before this answer.
                #expect(try ping(client))
                #expect(client.notifications.filter { $0.method == "textDocument/publishDiagnostics" }.isEmpty)
            }
        }
    }

    @Test(arguments: [
        (["utf-8", "utf-16"] as [String]?, "utf-8"),
        (nil, "utf-16"),
        ([], "utf-16"),
        (["utf-32"], "utf-32"),
        (["utf-16", "utf-8"], "utf-16"),
        (["latin-1", "utf-32", "utf-8"], "utf-32"),
    ])
    func positionEncodingIsNegotiated(offered: [String]?, chosen: String) throws {
        try bare { client, _ in
            let result = try initialize(client, encodings: offered)
            #expect(result["capabilities"]?["positionEncoding"] == .string(chosen))
        }
    }

    @Test func initializeAnnouncesIncrementalSyncCompletionAndHover() throws {
        try bare { client, _ in
            let caps = try initialize(client)["capabilities"]
            #expect(caps?["textDocumentSync"]?["change"] == 2)
            #expect(caps?["textDocumentSync"]?["openClose"] == true)
            let triggers = caps?["completionProvider"]?["triggerCharacters"]?.arrayValue ?? []
            #expect(triggers.contains("["))
            #expect(caps?["hoverProvider"] == true)
            // Pull diagnostics only for clients that announce textDocument.diagnostic.
            #expect(caps?["diagnosticProvider"] == nil)
        }
    }

    @Test func initializeAnswersServerInfo() throws {
        try bare { client, _ in
            let result = try initialize(client)
            #expect(result["serverInfo"]?["name"] == "anno")
            #expect(result["serverInfo"]?["version"]?.stringValue?.isEmpty == false)
        }
    }

    @Test func secondInitializeIsInvalidRequest() throws {
        try bare { client, _ in
            _ = try initialize(client)
            #expect(try client.error("initialize", ["processId": .null, "rootUri": .null, "capabilities": [:]]).code == -32600)
        }
    }

    @Test func requestsAfterShutdownAreInvalidRequestAndExitIsZero() throws {
        try bare { client, _ in
            _ = try initialize(client)
            #expect(try client.result("shutdown") == .null)
            #expect(try client.error("textDocument/hover", hoverParams).code == -32600)
            #expect(try client.error("shutdown").code == -32600)
            try client.notify("exit")
            #expect(try client.waitForExit() == 0)
        }
    }

    @Test func exitWithoutShutdownIsOne() throws {
        try bare { client, _ in
            _ = try initialize(client)
            try client.notify("exit")
            #expect(try client.waitForExit() == 1)
        }
    }

    @Test func exitBeforeInitializeIsOne() throws {
        try bare { client, _ in
            try client.notify("exit")
            #expect(try client.waitForExit() == 1)
        }
    }

    @Test func endOfInputWithoutShutdownIsOne() throws {
        try bare { client, _ in
            _ = try initialize(client)
            client.closeInput()
            #expect(try client.waitForExit() == 1)
        }
    }

    @Test func endOfInputAfterShutdownIsZero() throws {
        try bare { client, _ in
            _ = try initialize(client)
            _ = try client.result("shutdown")
            client.closeInput()
            #expect(try client.waitForExit() == 0)
        }
    }

    @Test func unknownRequestIsMethodNotFoundAndServerGoesOn() throws {
        try bare { client, _ in
            _ = try initialize(client)
            #expect(try client.error("anno/doesNotExist", [:]).code == -32601)
            #expect(try client.error("$/anno/someRequest").code == -32601)
            #expect(try ping(client))
        }
    }

    @Test func unknownAndDollarNotificationsAreIgnored() throws {
        try bare { client, _ in
            _ = try initialize(client)
            try client.notify("anno/unknownNotification", ["x": 1])
            try client.notify("$/foo")
            try client.notify("$/setTrace", ["value": "verbose"])
            try client.notify("$/progress", ["token": 1, "value": ["kind": "end"]])
            #expect(try ping(client))
            #expect(client.errorsWithoutID.isEmpty)
        }
    }

    @Test func bodyThatIsNotJSONGetsParseErrorAndServerGoesOn() throws {
        try bare { client, _ in
            _ = try initialize(client)
            try client.writeBytes(LSPTestClient.frame("{this is not json"))
            #expect(try client.waitForErrorWithoutID().code == -32700)
            #expect(try ping(client))
        }
    }

    @Test(arguments: [
        #"[{"jsonrpc": "2.0", "id": 1, "method": "shutdown"}]"#,
        #"{"jsonrpc": "1.0", "method": "x"}"#,
        #"{"jsonrpc": "2.0"}"#,
        #""just a string""#,
    ])
    func jsonThatIsNotAMessageGetsInvalidRequest(body: String) throws {
        try bare { client, _ in
            _ = try initialize(client)
            try client.writeBytes(LSPTestClient.frame(body))
            #expect(try client.waitForErrorWithoutID().code == -32600)
            #expect(try ping(client))
        }
    }

    @Test func invalidRequestKeepsTheIDWhenItCanBeRead() throws {
        try bare { client, _ in
            _ = try initialize(client)
            try client.writeBytes(LSPTestClient.frame(#"{"jsonrpc": "2.0", "id": 77, "method": 5}"#))
            guard case .failure(let error) = try client.waitForResponse(.number(77)) else {
                Issue.record("expected an error for id 77")
                return
            }
            #expect(error.code == -32600)
        }
    }

    @Test func paramsOfTheWrongShapeAreInvalidParams() throws {
        try bare { client, _ in
            _ = try initialize(client)
            let bad: JSONValue = ["textDocument": ["uri": "file:///x.anno"], "position": ["line": "zero", "character": 0]]
            let error = try client.error("textDocument/hover", bad)
            #expect(error.code == -32602)
            #expect(error.message.contains("line"))
            let negative: JSONValue = ["textDocument": ["uri": "file:///x.anno"], "position": ["line": -1, "character": 0]]
            #expect(try client.error("textDocument/hover", negative).code == -32602)
            #expect(try client.error("textDocument/completion", [:]).code == -32602)
        }
    }

    @Test func cancelOfAQueuedRequestAnswersRequestCancelled() throws {
        try withSession { s in
            let f = s.fixture("[[1960-05-02 | \(Bundled.puzanov)$0]]")
            try s.open("note.anno", f.text)
            let release = s.server.holdQueue()
            let cancelled = try s.client.sendRequest("textDocument/hover", s.position("note.anno", f.cursor))
            let kept = try s.client.sendRequest("textDocument/hover", s.position("note.anno", f.cursor))
            try s.client.notify("$/cancelRequest", ["id": cancelled.json])
            try s.server.waitUntilReaderIdle(s.client)
            release()
            guard case .failure(let error) = try s.client.waitForResponse(cancelled, method: "textDocument/hover") else {
                Issue.record("the cancelled request was answered with a result")
                return
            }
            #expect(error.code == -32800)
            guard case .success(let hover) = try s.client.waitForResponse(kept, method: "textDocument/hover") else {
                Issue.record("the request that was not cancelled failed")
                return
            }
            #expect(hoverText(hover).contains("2 May 1960"))
        }
    }

    @Test func cancelOfAStringIDAndOfAnAnsweredRequestIsHarmless() throws {
        try withSession { s in
            let f = s.fixture("[[1960-05-02 | \(Bundled.puzanov)$0]]")
            try s.open("note.anno", f.text)
            let release = s.server.holdQueue()
            let id = try s.client.sendRequest("textDocument/hover", s.position("note.anno", f.cursor), id: .string("hover-1"))
            try s.client.notify("$/cancelRequest", ["id": "hover-1"])
            try s.server.waitUntilReaderIdle(s.client)
            release()
            guard case .failure(let error) = try s.client.waitForResponse(id) else {
                Issue.record("the cancelled request was answered with a result")
                return
            }
            #expect(error.code == -32800)
            // Cancelling what was already answered changes nothing.
            try s.client.notify("$/cancelRequest", ["id": "hover-1"])
            try s.client.notify("$/cancelRequest", ["id": 9999])
            #expect(hoverText(try s.hover("note.anno", at: f.cursor)).contains("2 May 1960"))
        }
    }
}

/// A temp directory for a test that does not need a whole session.
func withSessionDir<T>(_ body: (TempDirectory) throws -> T) throws -> T {
    let dir = try TempDirectory()
    defer { dir.remove() }
    try dir.write("anno.json", "{}")
    return try body(dir)
}

/// A request any initialized server answers (a pull report for a note that does not exist):
/// proof that it is still serving.
func ping(_ client: LSPTestClient) throws -> Bool {
    let report = try client.result("textDocument/diagnostic", ["textDocument": ["uri": "file:///nonexistent-anno-lsptest/none.anno"]])
    return report["kind"] == "full"
}
