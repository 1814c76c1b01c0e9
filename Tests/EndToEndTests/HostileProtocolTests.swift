import AnnoJSON
import AnnoProtocol
import AnnoTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Hostile clients against the real `anno lsp` (issue 7, "Hostile input": protocol). Each test
/// ends with the server still answering, or exiting as spec/lsp.md says; none asserts timings.
@Suite struct HostileProtocolTests {
    static let initializeBody = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}"#
    static let note = "[[1960-05-02 | \(puzanov)]] 😀 [[1960 | Unknown]]"

    /// A session: initialized, one note open; `body` gets the client and the note's URI.
    func session(_ body: (LSPTestClient, SpawnedServer, String) throws -> Void) throws {
        try withAnnoLSP { client, server, dir in
            _ = try initialize(client, dir)
            let uri = dir.uri("note.anno")
            try client.notify("textDocument/didOpen", ["textDocument": [
                "uri": .string(uri), "languageId": "anno", "version": 1, "text": .string(Self.note)]])
            _ = try client.waitForDiagnostics(uri: uri, version: 1)
            try body(client, server, uri)
        }
    }

    func hover(_ client: LSPTestClient, _ uri: String, line: Int = 0, character: Int = 3) throws -> Result<JSONValue, ResponseError> {
        try client.request("textDocument/hover", ["textDocument": ["uri": .string(uri)],
                                                  "position": ["line": .number(Double(line)), "character": .number(Double(character))]])
    }

    // MARK: Framing

    /// A bad frame *with* a body, then a good one: the body is not read as the next header (it
    /// used to be, and then every following header was glued to a body and lost).
    @Test(arguments: [
        "garbage without a colon\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}",
        "X-Whatever: 1\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}",
        "Content-Length: abc\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}",
        "Content-Length: -5\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}",
        "Content-Length: 1e3\r\n\r\n{}",
        "Content-Length: 123456789012345678901234567890\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}",
        "Content-Length: 3\r\nContent-Length: 4\r\n\r\n{}{}",
        String(repeating: "X", count: 9_000),
        "\u{0}\u{1}\u{FF}\r\n\r\n\r\n",
    ])
    func aBadFrameWithABodyCostsOnlyThatFrame(garbage: String) throws {
        try withAnnoLSP { client, server, _ in
            try client.writeBytes(garbage)
            for id in 1...3 {
                try client.writeBytes(LSPTestClient.frame(Self.initializeBody.replacingOccurrences(of: "\"id\":1", with: "\"id\":\(id)")))
            }
            // The first initialize is answered, the two after it are refused (already initialized).
            guard case .success = try client.waitForResponse(.number(1)) else {
                Issue.record("initialize after the garbage was not answered\n\(server.stderr)")
                return
            }
            for id in 2...3 {
                guard case .failure(let e) = try client.waitForResponse(.number(id)) else { Issue.record("expected an error"); return }
                #expect(e.code == -32600)
            }
            #expect(try client.shutdownAndExit() == 0)
            #expect(client.protocolViolations == [])
            #expect(server.stderr.contains("anno lsp:"))
        }
    }

    /// The old policy swallowed everything after a huge length as that body. Now the refused
    /// body is dropped as it arrives, up to the next header, and the session goes on; resident
    /// memory stays far below what was declared or sent.
    @Test func aHugeContentLengthThenMegabytesThenMoreMessages() throws {
        try session { client, server, uri in
            try client.writeBytes("Content-Length: 999999999999999999\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":99,")
            let chunk = [UInt8](repeating: 0x41, count: 1 << 20)
            for _ in 0..<16 { try client.writeBytes(chunk) }
            guard case .success(let result) = try hover(client, uri) else {
                Issue.record("hover after the refused body was not answered\n\(server.stderr)")
                return
            }
            #expect(result["range"] != nil)
            let kb = residentKB(server.process.processIdentifier) ?? 0
            #expect(kb < 64 << 10, "anno lsp grew to \(kb) kB")
            #expect(server.stderr.contains("exceeds the limit"))
            #expect(try client.shutdownAndExit() == 0)
        }
    }

    /// A body shorter than its Content-Length, followed by a request: the request is answered
    /// now, not after a megabyte more of input has arrived.
    @Test func aBodyEndingEarlyDoesNotDelayTheNextRequest() throws {
        try session { client, server, uri in
            try client.writeBytes("Content-Length: 1000000\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":98,\"method\":\"textDocument/hover\"")
            guard case .success = try hover(client, uri) else {
                Issue.record("the request after a short body was not answered\n\(server.stderr)")
                return
            }
            #expect(server.stderr.contains("ended after"))
            #expect(try client.shutdownAndExit() == 0)
        }
    }

    /// Input closed in the middle of a header, of a body, or of a UTF-8 sequence in a body,
    /// with a request pending: the server exits 1 (no shutdown), promptly.
    @Test(arguments: ["Content-Len", "Content-Length: 100\r\n", "Content-Length: 100\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"sh",
                      "Content-Length: 100\r\n\r\n{\"x\":\"\u{D55C}"])
    func stdinClosedMidMessageExitsCleanly(partial: String) throws {
        try session { client, _, _ in
            var bytes = Array(partial.utf8)
            if partial.hasSuffix("\u{D55C}") { bytes.removeLast(2) }   // only the first byte of 한
            try client.writeBytes(bytes)
            client.closeInput()
            #expect(try client.waitForExit() == 1)
        }
    }

    // MARK: Volume

    /// 10,000 requests written back to back without waiting: every one is answered, once, with
    /// its own id, in order.
    @Test func tenThousandPipelinedRequests() throws {
        try session { client, _, uri in
            var batch: [UInt8] = []
            for id in 1_000..<11_000 {
                let body = #"{"jsonrpc":"2.0","id":\#(id),"method":"textDocument/hover","params":{"textDocument":{"uri":"\#(uri)"},"position":{"line":0,"character":\#(id % 40)}}}"#
                batch += LSPTestClient.frame(body)
            }
            try client.writeBytes(batch)
            for id in 1_000..<11_000 {
                guard case .success = try client.waitForResponse(.number(id), timeout: 120) else {
                    Issue.record("request \(id) failed")
                    return
                }
            }
            #expect(try client.shutdownAndExit() == 0)
        }
    }

    // MARK: Params

    /// Params of the wrong type: -32602 naming the field, and the server goes on.
    @Test(arguments: [
        ("textDocument/hover", #"{"textDocument":{"uri":"file:///x.anno"},"position":{"line":"0","character":0}}"#, "line"),
        ("textDocument/hover", #"{"textDocument":{"uri":"file:///x.anno"},"position":{"line":-1,"character":0}}"#, "line"),
        ("textDocument/hover", #"{"textDocument":{"uri":"file:///x.anno"},"position":{"line":1.5,"character":0}}"#, "line"),
        ("textDocument/hover", #"{"textDocument":{"uri":"file:///x.anno"},"position":{"line":1e300,"character":0}}"#, "line"),
        ("textDocument/hover", #"{"textDocument":{"uri":42},"position":{"line":0,"character":0}}"#, "uri"),
        ("textDocument/hover", #"{"textDocument":[],"position":{"line":0,"character":0}}"#, "textDocument"),
        ("textDocument/hover", #"[]"#, "params"),
        ("textDocument/hover", #""a string""#, "params"),
        ("textDocument/completion", #"{"textDocument":{"uri":"file:///x.anno"},"position":null}"#, "position"),
        ("textDocument/codeAction", #"{"textDocument":{"uri":"file:///x.anno"},"range":{"start":{"line":0,"character":0}},"context":{"diagnostics":[]}}"#, "end"),
        ("textDocument/codeAction", #"{"textDocument":{"uri":"file:///x.anno"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"context":{"diagnostics":{}}}"#, "diagnostics"),
        ("textDocument/diagnostic", #"{"textDocument":true}"#, "textDocument"),
        ("workspace/executeCommand", #"{"command":7}"#, "command"),
    ] as [(String, String, String)])
    func wrongParamTypesAreInvalidParams(method: String, params: String, field: String) throws {
        try session { client, _, uri in
            try client.writeBytes(LSPTestClient.frame(#"{"jsonrpc":"2.0","id":"bad","method":"\#(method)","params":\#(params)}"#))
            guard case .failure(let error) = try client.waitForResponse(.string("bad")) else {
                Issue.record("\(method) with \(params) succeeded")
                return
            }
            // JSON-RPC: params that are not an object or array make an invalid request.
            #expect(error.code == (params.hasPrefix("\"") ? -32600 : -32602), "\(error)")
            #expect(error.message.contains(field), "\(error.message)")
            // Wrong types in notifications are logged, not answered.
            try client.notify("textDocument/didChange", ["textDocument": ["uri": .string(uri), "version": "two"], "contentChanges": 5])
            guard case .success = try hover(client, uri) else { Issue.record("the server stopped answering"); return }
            #expect(try client.shutdownAndExit() == 0)
        }
    }

    // MARK: Strings and positions

    /// Lone UTF-16 surrogates in JSON strings (which JSON allows, and UTF-8 cannot hold) become
    /// U+FFFD: the text is still checked, and positions after them count it as one unit.
    @Test func loneSurrogatesInJSONStrings() throws {
        try withAnnoLSP { client, _, dir in
            _ = try initialize(client, dir)
            let uri = dir.uri("surrogates.anno")
            let text = #"\ud800 [[1960 | A]] \udc00x [[1960 | B]] \ud83d\ude00 \ude00\ud83d"#
            try client.writeBytes(LSPTestClient.frame(#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(uri)","languageId":"anno","version":1,"text":"\#(text)"}}}"#))
            let published = try client.waitForDiagnostics(uri: uri, version: 1)
            let starts = (published["diagnostics"]?.arrayValue ?? []).compactMap { $0["range"]?["start"]?["character"]?.intValue }
            // "\u{FFFD} " is two UTF-16 units: the first citation's title starts at 2 + 9.
            #expect(starts.first == 11, "\(published)")
            #expect(starts.count == 2)
            // A lone surrogate in a method name: an unknown method, answered.
            try client.writeBytes(LSPTestClient.frame(#"{"jsonrpc":"2.0","id":"s","method":"textDocument/hover\ud800","params":{}}"#))
            guard case .failure(let error) = try client.waitForResponse(.string("s")) else { Issue.record("expected an error"); return }
            #expect(error.code == -32601)
            #expect(try client.shutdownAndExit() == 0)
        }
    }

    /// Positions past the end of a line, of the document, inside a surrogate pair (😀 is UTF-16
    /// columns 86 and 87 of the note), and huge:
    /// clamped (spec/lsp.md, Positions), never an error.
    @Test(arguments: [(0, 1_000), (0, 86), (0, 87), (1_000_000, 0), (2_147_483_647, 2_147_483_647), (0, Int(UInt32.max))] as [(Int, Int)])
    func positionsPastTheEndOrInsideASurrogatePair(line: Int, character: Int) throws {
        try session { client, _, uri in
            let position: JSONValue = ["line": .number(Double(line)), "character": .number(Double(character))]
            let document: JSONValue = ["uri": .string(uri)]
            for (method, params) in [
                ("textDocument/hover", ["textDocument": document, "position": position]),
                ("textDocument/completion", ["textDocument": document, "position": position]),
                ("textDocument/codeAction", ["textDocument": document, "range": ["start": position, "end": position], "context": ["diagnostics": []]]),
                ("textDocument/codeAction", ["textDocument": document, "range": ["start": position, "end": ["line": 0, "character": 0]], "context": ["diagnostics": []]]),
            ] as [(String, JSONValue)] {
                guard case .success = try client.request(method, params) else {
                    Issue.record("\(method) at \(line):\(character) failed")
                    continue
                }
            }
            // An edit there too: clamped to the end, the text stays whole.
            try client.notify("textDocument/didChange", ["textDocument": ["uri": .string(uri), "version": 2], "contentChanges": [
                ["range": ["start": position, "end": position], "text": "!"]]])
            _ = try client.waitForDiagnostics(uri: uri, version: 2)
            #expect(try client.shutdownAndExit() == 0)
        }
    }
}
