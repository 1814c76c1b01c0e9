import AnnoJSON
import AnnoProtocol
@testable import AnnoServer
import AnnoTestSupport
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `LanguageServer` running in this process on its own thread, over two pipes.
///
/// The server's own ends of the pipes are never closed: its reader may still be blocked on one
/// when a test ends, and a descriptor number reused by another test must not receive its bytes.
/// The client closing its ends is what ends the server (end of input, EPIPE on output).
final class InProcessServer: @unchecked Sendable {
    let server: LanguageServer
    /// The server's input, read end: FIONREAD on it tells whether the reader took what was sent.
    let serverInput: Int32
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var status: Int32?

    private init(server: LanguageServer, serverInput: Int32) {
        self.server = server
        self.serverInput = serverInput
    }

    static func start() -> (LSPTestClient, InProcessServer) {
        let toServer = makePipe(), fromServer = makePipe()
        let server = LanguageServer(connection: Connection(input: toServer.read, output: fromServer.write))
        let handle = InProcessServer(server: server, serverInput: toServer.read)
        let thread = Thread { [handle] in
            let status = handle.server.run()
            handle.lock.withLock { handle.status = status }
            handle.finished.signal()
        }
        thread.name = "in-process anno lsp"
        thread.start()
        let client = LSPTestClient(name: "in-process server", toServer: toServer.write, fromServer: fromServer.read,
                                   waitForExit: { [handle] timeout in handle.waitForExit(timeout: timeout) })
        return (client, handle)
    }

    func waitForExit(timeout: TimeInterval) -> Int32? {
        if let status = lock.withLock({ status }) { return status }
        guard finished.wait(timeout: .now() + timeout) == .success else { return nil }
        finished.signal()
        return lock.withLock { status }
    }

    /// Holds the server's message queue until the returned function is called, so that what is
    /// sent meanwhile stays queued (a test of `$/cancelRequest` on a request still waiting).
    func holdQueue() -> @Sendable () -> Void {
        let held = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        server.queue.async { held.signal(); release.wait() }
        held.wait()
        return { release.signal() }
    }

    /// Queues a block that holds the server's queue, without waiting for it to start (the queue
    /// may be held already): what is queued after it waits until the returned function is called.
    func queueHold() -> @Sendable () -> Void {
        let release = DispatchSemaphore(value: 0)
        server.queue.async { release.wait() }
        return { release.signal() }
    }

    /// Waits until the server's reader has read and handled everything sent so far.
    func waitUntilReaderIdle(_ client: LSPTestClient, timeout: TimeInterval = LSPTestClient.defaultTimeout) throws {
        guard eventually(timeout: timeout, { unreadByteCount(serverInput) == 0 }) else {
            throw TestClientError("the server's reader did not take its input within \(timeout) s")
        }
        // The reader handles a whole chunk before it reads again: once this second, separate
        // write is taken too, every message of the first has been handled.
        try client.notify("$/anno-test/sync")
        guard eventually(timeout: timeout, { unreadByteCount(serverInput) == 0 }) else {
            throw TestClientError("the server's reader did not take its input within \(timeout) s")
        }
    }
}

/// What a test's client says about itself at initialize.
struct ClientOptions {
    /// general.positionEncodings; nil leaves the field out.
    var positionEncodings: [String]? = ["utf-16"]
    var hoverFormats: [String] = ["markdown", "plaintext"]
    var completionDocumentationFormats: [String] = ["markdown", "plaintext"]
    var labelDetails = true
    /// textDocument.completion.completionItem.resolveSupport.properties; nil leaves it out.
    var completionResolveProperties: [String]? = nil
    /// textDocument.completion.completionList.itemDefaults; nil leaves it out.
    var completionListItemDefaults: [String]? = nil
    var pullDiagnostics = false
    var refreshSupport = false
    var watchFiles = true
    var initializationOptions: JSONValue? = nil
    /// Workspace folders relative to the session's directory ("" is the directory itself).
    var workspaceFolders: [String]? = [""]
    /// anno.json written at the session's root before initialize; nil writes none.
    var annoJSON: JSONValue? = [:]
    /// Extra files written before initialize.
    var files: [String: String] = [:]
    /// window.workDoneProgress: the server may report indexing with `$/progress`.
    var workDoneProgress = false
    /// textDocument.documentSymbol.hierarchicalDocumentSymbolSupport
    var hierarchicalDocumentSymbols = true

    static func encoding(_ e: PositionEncoding) -> ClientOptions {
        var o = ClientOptions()
        o.positionEncodings = [e.rawValue]
        return o
    }

    func capabilities() -> JSONValue {
        var general: [String: JSONValue] = [:]
        if let positionEncodings { general["positionEncodings"] = .array(positionEncodings.map { .string($0) }) }
        var completionItem: [String: JSONValue] = [
            "labelDetailsSupport": .bool(labelDetails),
            "documentationFormat": .array(completionDocumentationFormats.map { .string($0) }),
        ]
        if let completionResolveProperties {
            completionItem["resolveSupport"] = ["properties": .array(completionResolveProperties.map { .string($0) })]
        }
        var textDocument: [String: JSONValue] = [
            "hover": ["contentFormat": .array(hoverFormats.map { .string($0) })],
            "completion": completionListItemDefaults.map { defaults in
                ["completionItem": .object(completionItem), "completionList": ["itemDefaults": .array(defaults.map { .string($0) })]]
            } ?? ["completionItem": .object(completionItem)],
            "publishDiagnostics": ["versionSupport": true],
            "documentSymbol": ["hierarchicalDocumentSymbolSupport": .bool(hierarchicalDocumentSymbols)],
        ]
        if pullDiagnostics { textDocument["diagnostic"] = ["dynamicRegistration": false] }
        var workspace: [String: JSONValue] = ["didChangeWatchedFiles": ["dynamicRegistration": .bool(watchFiles)]]
        if refreshSupport { workspace["diagnostics"] = ["refreshSupport": true] }
        return ["general": .object(general), "textDocument": .object(textDocument), "workspace": .object(workspace),
                "window": ["workDoneProgress": .bool(workDoneProgress)]]
    }
}

/// An initialized in-process server with a temp directory for notes: what most tests start from.
final class Session: @unchecked Sendable {
    let client: LSPTestClient
    let server: InProcessServer
    let dir: TempDirectory
    let encoding: PositionEncoding
    let initializeResult: JSONValue

    private init(client: LSPTestClient, server: InProcessServer, dir: TempDirectory, encoding: PositionEncoding, initializeResult: JSONValue) {
        self.client = client
        self.server = server
        self.dir = dir
        self.encoding = encoding
        self.initializeResult = initializeResult
    }

    static func start(_ options: ClientOptions = ClientOptions()) throws -> Session {
        let dir = try TempDirectory()
        do {
            if let annoJSON = options.annoJSON { try dir.write("anno.json", json: annoJSON) }
            for (name, contents) in options.files { try dir.write(name, contents) }
            let (client, server) = InProcessServer.start()
            var params: [String: JSONValue] = ["processId": .null, "rootUri": .null, "capabilities": options.capabilities()]
            if let folders = options.workspaceFolders {
                params["workspaceFolders"] = .array(folders.map { f in
                    ["uri": .string(f.isEmpty ? dir.uri : dir.uri(f)), "name": .string(f.isEmpty ? "root" : f)]
                })
            }
            if let initializationOptions = options.initializationOptions { params["initializationOptions"] = initializationOptions }
            let result: JSONValue
            do {
                result = try client.result("initialize", .object(params))
                try client.notify("initialized", [:])
            } catch {
                client.close()
                throw error
            }
            let negotiated = result["capabilities"]?["positionEncoding"]?.stringValue.flatMap(PositionEncoding.init(rawValue:)) ?? .utf16
            return Session(client: client, server: server, dir: dir, encoding: negotiated, initializeResult: result)
        } catch {
            dir.remove()
            throw error
        }
    }

    func close() {
        client.close()
        dir.remove()
    }

    func fixture(_ marked: String) -> Fixture { Fixture(marked, encoding: encoding) }

    // MARK: Documents

    @discardableResult
    func open(_ name: String, _ text: String, version: Int = 1) throws -> JSONValue {
        try client.notify("textDocument/didOpen", ["textDocument": [
            "uri": .string(dir.uri(name)), "languageId": "anno", "version": .number(Double(version)), "text": .string(text),
        ]])
        return try client.waitForDiagnostics(uri: dir.uri(name), version: version)
    }

    /// Sends a didChange with `(range, text)` changes (range nil: the whole text).
    @discardableResult
    func change(_ name: String, version: Int, _ changes: [(LSPRange?, String)]) throws -> JSONValue {
        let contentChanges: [JSONValue] = changes.map { range, text in
            .object(omittingNil: ["range": range?.lspJSON, "text": .string(text)])
        }
        try client.notify("textDocument/didChange", [
            "textDocument": ["uri": .string(dir.uri(name)), "version": .number(Double(version))],
            "contentChanges": .array(contentChanges),
        ])
        return try client.waitForDiagnostics(uri: dir.uri(name), version: version)
    }

    /// The text the server holds for an open note (read on its queue, between messages).
    func serverText(_ name: String) -> String? {
        let server = self.server.server, uri = dir.uri(name)
        return server.queue.sync { server.documents[uri]?.text }
    }

    func position(_ name: String, _ p: Position) -> JSONValue {
        ["textDocument": ["uri": .string(dir.uri(name))], "position": p.lspJSON]
    }

    func completion(_ name: String, at p: Position) throws -> JSONValue {
        try client.result("textDocument/completion", position(name, p))
    }

    func hover(_ name: String, at p: Position) throws -> JSONValue {
        try client.result("textDocument/hover", position(name, p))
    }
}

/// Runs `body` with a started session and always closes it.
func withSession<T>(_ options: ClientOptions = ClientOptions(), _ body: (Session) throws -> T) throws -> T {
    let session = try Session.start(options)
    defer { session.close() }
    return try body(session)
}

// MARK: - Reading answers

/// A diagnostic as a test compares it: code and range.
struct SeenDiagnostic: Equatable, CustomStringConvertible {
    var code: String
    var range: LSPRange

    var description: String {
        "\(code) \(range.start.line):\(range.start.character)-\(range.end.line):\(range.end.character)"
    }
}

/// The diagnostics of a publishDiagnostics notification or a pull report.
func diagnostics(_ params: JSONValue?) -> [SeenDiagnostic] {
    (params?["diagnostics"]?.arrayValue ?? params?["items"]?.arrayValue ?? []).map { d in
        SeenDiagnostic(code: d["code"]?.stringValue ?? "?",
                       range: LSPRange(lsp: d["range"]) ?? LSPRange(start: Position(line: 0, character: 0), end: Position(line: 0, character: 0)))
    }
}

func codes(_ params: JSONValue?) -> [String] { diagnostics(params).map(\.code) }

/// The items of a completion answer (a list or a bare array).
func completionItems(_ result: JSONValue) -> [JSONValue] {
    result["items"]?.arrayValue ?? result.arrayValue ?? []
}

func labels(_ result: JSONValue) -> [String] {
    completionItems(result).compactMap { $0["label"]?.stringValue }
}

/// Markdown or plaintext of a hover.
func hoverText(_ hover: JSONValue) -> String {
    hover["contents"]?["value"]?.stringValue ?? ""
}

/// Titles of the bundled catalogue, as the tests cite them.
enum Bundled {
    static let puzanov = "Journal of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960"
    static let economic = "The Economic and Political Situation of the DPRK"
    static let tkachenko = "Excerpts from V.P. Tkachenko 'The Korean Peninsula and Russia's Interests'"
    static let kapto = "Excerpts from Recollections by the Former Soviet Ambassador in North Korea Aleksandr Kapto"
    static let cable = "Cable No. 121973, Meretskov and Shytkov to Cde. Stalin"
    static let gromyko = "Record of Conversation Between A.A. Gromyko and Deputy Chairman of the Cabinet of Ministers, Minister of Foreign Affairs of the DPRK Comrade Pak Seong-cheol"
    static let nature = "The Nature of Our Revolution at the Current Stage and the Primary Tasks of Our Party in the Cause of Socialist Development in North Korea"
    static let all = [puzanov, economic, tkachenko, kapto, cable, gromyko, nature]
    static let of1960 = [puzanov, economic, tkachenko]
}

/// Hangul, Cyrillic and emoji (astral, a flag, a ZWJ family): what goes before citations on a line.
let mixedScript = "한국어 메모 Кириллица 🇰🇷👨‍👩‍👧 😀 "
