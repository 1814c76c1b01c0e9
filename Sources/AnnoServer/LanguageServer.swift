import AnnoCatalogue
import AnnoCheck
import AnnoJSON
import AnnoProtocol
import AnnoSyntax
import AnnoWorkspace
import Dispatch
import Foundation

/// `anno lsp`: the Language Server Protocol face of the checker.
///
/// The connection's reader thread only decodes and notes cancellations; every message is then
/// handled in arrival order on one serial queue that owns all server state, so handlers need no
/// locks. Each request handler turns any failure into an LSP error: the server never dies on
/// what a client or a file sends it.
public final class LanguageServer: @unchecked Sendable {
    enum Lifecycle { case uninitialized, running, shutDown }

    let connection: Connection
    let queue = DispatchQueue(label: "anno.lsp.server")
    private let finished = DispatchSemaphore(value: 0)
    private let exitLock = NSLock()
    private var exitStatus: Int32?

    // State below is touched only on `queue`.
    var lifecycle = Lifecycle.uninitialized
    var unit: ColumnUnit = .utf16
    var capabilities = ClientCapabilities()
    var documents: [String: OpenDocument] = [:]
    var workspaceFolders: [String] = []
    var settings = ServerSettings()
    var resolver = ProjectResolver() { didSet { contextsByURI.removeAll() } }
    /// `context(forURI:)`'s answers until the resolver changes or is invalidated: every keystroke
    /// asks (completion, diagnostics), and finding a note's anno.json works on its path.
    var contextsByURI: [String: ProjectContext] = [:]
    /// Per anno.json (or "" for none): the last context whose catalogues all loaded.
    var lastGoodContexts: [String: ProjectContext] = [:]
    var reportedProblems: [String: [CatalogueProblem]] = [:]
    var catalogueWatchPaths: Set<String> = []
    /// Every note of the workspace, for references, symbols, workspace diagnostics, the timeline.
    let workspaceIndex = WorkspaceIndex()

    private let cancellation = CancellationSet()
    /// Messages read but not handled yet, counted on the reader thread: diagnostics after an edit
    /// wait for the requests already waiting and skip a version that a waiting change replaces.
    let pending = PendingMessages()
    /// Documents' markdown for completion items, built once per catalogue index.
    let documentation = DocumentationCache()
    /// The index of the last lazy completion (items left their documentation to resolve) when it
    /// is not one of `lastGoodContexts` (its catalogues failed and none loaded before); weak, so
    /// that it is not kept alive for this.
    weak var unlistedCompletionIndex: CatalogueIndex?

    public init(connection: Connection) {
        self.connection = connection
    }

    /// Serves stdin/stdout until `exit` (or end of input); returns the process exit status.
    public static func runStdio() -> Int32 {
        #if canImport(Glibc)
        // Two malloc arenas, not eight per core: the background indexing threads otherwise each
        // keep the memory their large notes needed, and the server's resident size stays at
        // its peak (measured: 83 MB → 72 MB peak at 10,000 documents).
        _ = glibcMallopt(-8 /* M_ARENA_MAX, malloc.h */, 2)
        #endif
        let server = LanguageServer(connection: Connection(input: 0, output: 1))
        return server.run()
    }

    public func run() -> Int32 {
        connection.start { [self] event in receive(event) }
        finished.wait()
        return exitLock.withLock { exitStatus ?? 1 }
    }

    private func finish(_ status: Int32) {
        let first = exitLock.withLock { () -> Bool in
            guard exitStatus == nil else { return false }
            exitStatus = status
            return true
        }
        if first { finished.signal() }
    }

    /// On the reader thread: cancellations take effect at once, everything else is queued.
    private func receive(_ event: IncomingEvent) {
        switch event {
        case .message(.notification(let method, let params)) where method == LSPMethod.cancelRequest:
            if let id = params?["id"].flatMap(RequestID.init(json:)) { cancellation.cancel(id) }
        case .message(let message):
            pending.arrived(message)
            queue.async { [self] in
                pending.handling(message)
                handle(message)
            }
        case .malformed(let input):
            queue.async { [self] in
                log(.error, "ignored malformed input: \(input)")
                if case .decoding(let failure) = input { connection.send(failure.errorResponse) }
            }
        case .closed:
            queue.async { [self] in finish(lifecycle == .shutDown ? 0 : 1) }
        }
    }

    /// One message, on `queue`. Internal, not private: the session fuzz target (Tests/Fuzz) dispatches through it.
    func handle(_ message: JSONRPCMessage) {
        switch message {
        case .request(let id, let method, let params):
            handleRequest(id: id, method: method, params: params)
        case .notification(let method, let params):
            handleNotification(method: method, params: params)
        case .response:
            break   // responses to our requests are routed by the connection
        }
    }

    // MARK: Requests

    private func handleRequest(id: RequestID, method: String, params: JSONValue?) {
        defer { cancellation.forget(id) }
        if cancellation.isCancelled(id) {
            connection.sendError(id: id, error: .requestCancelled())
            return
        }
        switch lifecycle {
        case .uninitialized where method != LSPMethod.initialize:
            connection.sendError(id: id, error: .serverNotInitialized())
            return
        case .running where method == LSPMethod.initialize:
            connection.sendError(id: id, error: .invalidRequest("initialize was already received"))
            return
        case .shutDown:
            connection.sendError(id: id, error: .invalidRequest("the server is shut down; only exit is accepted"))
            return
        default:
            break
        }
        do {
            var result: JSONValue = .null
            /// A result already written as JSON text.
            var encoded: [UInt8]?
            switch method {
            case LSPMethod.initialize: result = try initialize(InitializeParams.decode(params))
            case LSPMethod.shutdown:
                lifecycle = .shutDown
                result = .null
            // Written straight to JSON text, without a value tree: it is asked for on every keystroke.
            case LSPMethod.completion: encoded = try completion(CompletionParams.decode(params)).encodedJSON()
            case LSPMethod.completionResolve: result = try resolveCompletionItem(params)
            case LSPMethod.hover: result = try hover(TextDocumentPositionParams.decode(params))
            case LSPMethod.diagnostic: result = try pullDiagnostics(DocumentDiagnosticParams.decode(params))
            case LSPMethod.codeAction: result = try codeActions(CodeActionParams.decode(params))
            case LSPMethod.definition: result = try definition(TextDocumentPositionParams.decode(params))
            case LSPMethod.references: result = try references(ReferenceParams.decode(params))
            case LSPMethod.documentSymbol: result = try documentSymbols(DocumentSymbolParams.decode(params))
            case LSPMethod.workspaceSymbol: result = try workspaceSymbols(WorkspaceSymbolParams.decode(params))
            case LSPMethod.documentLink: result = try documentLinks(DocumentLinkParams.decode(params))
            case LSPMethod.semanticTokensFull: result = try semanticTokensFull(SemanticTokensParams.decode(params))
            case LSPMethod.semanticTokensRange: result = try semanticTokensRange(SemanticTokensRangeParams.decode(params))
            case LSPMethod.foldingRange: result = try foldingRanges(FoldingRangeParams.decode(params))
            case LSPMethod.workspaceDiagnostic: result = try workspaceDiagnostics(WorkspaceDiagnosticParams.decode(params))
            case LSPMethod.executeCommand: result = try executeCommand(ExecuteCommandParams.decode(params))
            default:
                connection.sendError(id: id, error: .methodNotFound(method))
                return
            }
            if cancellation.isCancelled(id) {
                connection.sendError(id: id, error: .requestCancelled())
            } else if let encoded {
                connection.sendResponse(id: id, encodedResult: encoded)
            } else {
                connection.sendResponse(id: id, result: result)
            }
        } catch let error as LSPDecodingError {
            connection.sendError(id: id, error: error.responseError)
        } catch let error as ResponseError {
            connection.sendError(id: id, error: error)
        } catch {
            connection.sendError(id: id, error: .internalError("\(method) failed: \(error)"))
        }
    }

    // MARK: Notifications

    private func handleNotification(method: String, params: JSONValue?) {
        if method == LSPMethod.exit {
            finish(lifecycle == .shutDown ? 0 : 1)
            return
        }
        // Before initialize, notifications other than exit are dropped (LSP 3.17).
        guard lifecycle == .running else { return }
        do {
            switch method {
            case LSPMethod.initialized: initialized()
            case LSPMethod.didOpen: didOpen(try DidOpenTextDocumentParams.decode(params))
            case LSPMethod.didChange: didChange(try DidChangeTextDocumentParams.decode(params))
            case LSPMethod.didClose: didClose(try DidCloseTextDocumentParams.decode(params))
            case LSPMethod.didSave: didSave(try DidSaveTextDocumentParams.decode(params))
            case LSPMethod.didChangeConfiguration: didChangeConfiguration(try DidChangeConfigurationParams.decode(params))
            case LSPMethod.didChangeWatchedFiles: didChangeWatchedFiles(try DidChangeWatchedFilesParams.decode(params))
            default:
                break   // unknown and `$/` notifications are ignored
            }
        } catch {
            log(.error, "\(method): \(error)")
        }
    }

    // MARK: Messages to the client

    func log(_ type: MessageType, _ message: String) {
        var stderr = StandardError()
        stderr.write("anno lsp: \(message)\n")
        connection.send(notification: LogMessageParams(type: type, message: message))
    }

    func show(_ type: MessageType, _ message: String) {
        connection.send(notification: ShowMessageParams(type: type, message: message))
    }
}

/// How many requests, and didChange notifications per document, have been read but not yet
/// handled; shared between the reader thread and the queue.
final class PendingMessages: @unchecked Sendable {   // state guarded by `lock`
    private let lock = NSLock()
    private var requests = 0
    private var changes: [String: Int] = [:]

    private static func changedURI(_ message: JSONRPCMessage) -> String? {
        guard case .notification(let method, let params) = message, method == LSPMethod.didChange else { return nil }
        return params?["textDocument"]?["uri"]?.stringValue
    }

    func arrived(_ message: JSONRPCMessage) {
        let uri = Self.changedURI(message)
        lock.withLock {
            if case .request = message { requests += 1 }
            if let uri { changes[uri, default: 0] += 1 }
        }
    }

    func handling(_ message: JSONRPCMessage) {
        let uri = Self.changedURI(message)
        lock.withLock {
            if case .request = message { requests = max(0, requests - 1) }
            if let uri {
                let left = (changes[uri] ?? 1) - 1
                changes[uri] = left > 0 ? left : nil
            }
        }
    }

    var requestsWaiting: Bool { lock.withLock { requests > 0 } }
    func changeWaiting(for uri: String) -> Bool { lock.withLock { changes[uri] != nil } }
}

/// Ids of requests the client cancelled; shared between the reader thread and the queue.
final class CancellationSet: @unchecked Sendable {
    private let lock = NSLock()
    private var ids = Set<RequestID>()
    /// A cancel may arrive after its request was answered; bound what such ids can accumulate.
    func cancel(_ id: RequestID) {
        lock.withLock {
            if ids.count >= 10_000 { ids.removeAll() }
            ids.insert(id)
        }
    }
    func isCancelled(_ id: RequestID) -> Bool { lock.withLock { ids.contains(id) } }
    func forget(_ id: RequestID) { lock.withLock { _ = ids.remove(id) } }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}

#if canImport(Glibc)
/// glibc's `mallopt` (malloc.h is not part of the Glibc module).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

/// glibc's `malloc_trim`: gives the free pages of every arena back to the system.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif

/// After a burst of work that freed much more than it kept (a pass over the workspace's notes),
/// the free memory goes back to the system instead of staying in the process's arenas, where
/// later allocations of other sizes may never reuse it.
func releaseFreeMemory() {
    #if canImport(Glibc)
    _ = glibcMallocTrim(0)
    #endif
}
