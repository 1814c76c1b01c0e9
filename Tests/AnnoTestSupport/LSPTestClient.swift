import AnnoJSON
import AnnoProtocol
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A failure of the test client itself: a timeout, a closed connection, a response of the wrong
/// kind. Thrown so that a test fails with a message saying what it waited for, never hangs.
public struct TestClientError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A notification the server sent, in arrival order.
public struct ReceivedNotification: Sendable, CustomStringConvertible {
    public var method: String
    public var params: JSONValue
    public var description: String { "\(method) \(JSON.serializeString(params))" }
}

/// A request the server sent to the client (client/registerCapability, workspace/diagnostic/refresh).
public struct ReceivedRequest: Sendable {
    public var id: RequestID
    public var method: String
    public var params: JSONValue?
}

/// An LSP client for tests: speaks JSON-RPC over two file descriptors to a language server,
/// whether that runs in-process over pipes or as a spawned `anno lsp`.
///
/// One reader thread frames and decodes everything the server writes: responses are matched to
/// requests by id; notifications are kept in order; requests from the server are answered with
/// a null result. Every wait has a timeout and throws `TestClientError` when it runs out.
public final class LSPTestClient: @unchecked Sendable {  // mutable state is guarded by `condition`
    public static let defaultTimeout: TimeInterval = 20

    /// Says which server this is in failure messages ("in-process", "anno lsp").
    public let name: String
    private let toServer: Int32
    private let fromServer: Int32
    private let wake: (read: Int32, write: Int32)
    private let writeLock = NSLock()
    private var writeClosed = false  // guarded by writeLock

    private let condition = NSCondition()
    private var responses: [RequestID: Result<JSONValue, ResponseError>] = [:]
    private var idlessResponses: [ResponseError] = []
    private var received: [ReceivedNotification] = []
    private var consumed: Set<Int> = []
    private var serverRequests: [ReceivedRequest] = []
    private var framingErrors: [String] = []
    private var serverClosedOutput = false
    private var readerDone = false
    private var nextID = 1

    private let waitForExitImpl: @Sendable (TimeInterval) -> Int32?
    private let teardown: @Sendable () -> Void
    private var isClosed = false  // guarded by condition

    /// `toServer`/`fromServer` belong to the client and are closed by `close()`. `waitForExit`
    /// answers the server's exit status, or nil when it has not exited within the time given.
    public init(name: String, toServer: Int32, fromServer: Int32,
                waitForExit: @escaping @Sendable (TimeInterval) -> Int32?,
                teardown: @escaping @Sendable () -> Void = {}) {
        self.name = name
        self.toServer = toServer
        self.fromServer = fromServer
        self.waitForExitImpl = waitForExit
        self.teardown = teardown
        // A server that went away must make our writes fail, not kill the test runner.
        signal(SIGPIPE, SIG_IGN)
        wake = makePipe()
        let thread = Thread { [self] in readLoop() }
        thread.name = "lsp-test-client-reader"
        thread.start()
    }

    deinit { close() }

    // MARK: - Sending

    /// Writes raw bytes to the server's input, for framing tests. Throws when the input is gone.
    public func writeBytes(_ bytes: [UInt8]) throws {
        try writeLock.withLock {
            guard !writeClosed else { throw TestClientError("\(name): input already closed") }
            var written = 0
            while written < bytes.count {
                let n = bytes.withUnsafeBytes { write(toServer, $0.baseAddress! + written, bytes.count - written) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw TestClientError("\(name): write to the server failed (errno \(errno))") }
                written += n
            }
        }
    }

    public func writeBytes(_ text: String) throws { try writeBytes(Array(text.utf8)) }

    /// Sends one framed message.
    public func send(_ message: JSONValue) throws {
        try writeBytes(MessageFraming.frame(JSON.serialize(message)))
    }

    /// Frames a body the way the server expects: `Content-Length: N\r\n\r\n` + body.
    public static func frame(_ body: String) -> [UInt8] { MessageFraming.frame(Array(body.utf8)) }

    public func notify(_ method: String, _ params: JSONValue? = nil) throws {
        try send(.object(omittingNil: ["jsonrpc": "2.0", "method": .string(method), "params": params]))
    }

    /// Sends a request without waiting; the id is the next integer, unless one is given.
    @discardableResult
    public func sendRequest(_ method: String, _ params: JSONValue? = nil, id: RequestID? = nil) throws -> RequestID {
        let id = id ?? condition.withLock {
            defer { nextID += 1 }
            return RequestID.number(nextID)
        }
        try send(.object(omittingNil: ["jsonrpc": "2.0", "id": id.json, "method": .string(method), "params": params]))
        return id
    }

    /// Sends a request and waits for its response: the result, or the error the server answered.
    public func request(_ method: String, _ params: JSONValue? = nil,
                        timeout: TimeInterval = defaultTimeout) throws -> Result<JSONValue, ResponseError> {
        let id = try sendRequest(method, params)
        return try waitForResponse(id, method: method, timeout: timeout)
    }

    /// The result of a request that must succeed.
    public func result(_ method: String, _ params: JSONValue? = nil, timeout: TimeInterval = defaultTimeout) throws -> JSONValue {
        switch try request(method, params, timeout: timeout) {
        case .success(let value): return value
        case .failure(let error): throw TestClientError("\(name): \(method) failed: \(error)")
        }
    }

    /// The error of a request that must fail.
    public func error(_ method: String, _ params: JSONValue? = nil, timeout: TimeInterval = defaultTimeout) throws -> ResponseError {
        switch try request(method, params, timeout: timeout) {
        case .success(let value): throw TestClientError("\(name): \(method) succeeded with \(value), expected an error")
        case .failure(let error): return error
        }
    }

    public func waitForResponse(_ id: RequestID, method: String = "request",
                                timeout: TimeInterval = defaultTimeout) throws -> Result<JSONValue, ResponseError> {
        try waitUntil(timeout, what: "the response to \(method) (id \(id))") {
            responses.removeValue(forKey: id)
        }
    }

    // MARK: - Receiving

    /// Waits for the next notification of `method` that satisfies `predicate` and has not been
    /// returned before; earlier notifications of the method that do not match stay unconsumed.
    public func waitForNotification(_ method: String, where predicate: @escaping (JSONValue) -> Bool = { _ in true },
                                    timeout: TimeInterval = defaultTimeout) throws -> JSONValue {
        try waitUntil(timeout, what: "a \(method) notification") {
            for (i, n) in received.enumerated() where !consumed.contains(i) && n.method == method && predicate(n.params) {
                consumed.insert(i)
                return n.params
            }
            return nil
        }
    }

    /// The next `textDocument/publishDiagnostics` for `uri` (optionally of one version).
    public func waitForDiagnostics(uri: String, version: Int? = nil, timeout: TimeInterval = defaultTimeout) throws -> JSONValue {
        try waitForNotification("textDocument/publishDiagnostics", where: { params in
            params["uri"]?.stringValue == uri && (version == nil || params["version"]?.intValue == version)
        }, timeout: timeout)
    }

    /// Every notification received so far, in arrival order.
    public var notifications: [ReceivedNotification] { condition.withLock { received } }

    /// Requests the server sent us (each was answered with a null result).
    public var requestsFromServer: [ReceivedRequest] { condition.withLock { serverRequests } }

    /// Error responses that carried no id (answers to bodies that were not JSON).
    public var errorsWithoutID: [ResponseError] { condition.withLock { idlessResponses } }

    /// Bytes from the server that were not a well-framed JSON-RPC message (stdout must carry only protocol).
    public var protocolViolations: [String] { condition.withLock { framingErrors } }

    /// Waits for the first error response without an id.
    public func waitForErrorWithoutID(timeout: TimeInterval = defaultTimeout) throws -> ResponseError {
        try waitUntil(timeout, what: "an error response with id null") {
            idlessResponses.isEmpty ? nil : idlessResponses.removeFirst()
        }
    }

    /// Waits until the server closes its output (for a process: it exited or closed stdout).
    public func waitForServerOutputClosed(timeout: TimeInterval = defaultTimeout) throws {
        _ = try waitUntil(timeout, what: "the server to close its output", allowClosed: true) {
            serverClosedOutput ? true : nil
        }
    }

    /// Bytes written to the server and not yet read by it (FIONREAD on our end of its stdin).
    public var unreadByteCountToServer: Int {
        writeLock.withLock { writeClosed ? 0 : unreadByteCount(toServer) }
    }

    // MARK: - Lifecycle

    /// Closes the server's input (its stdin sees end of file).
    public func closeInput() {
        writeLock.withLock {
            guard !writeClosed else { return }
            writeClosed = true
            Glibc.close(toServer)
        }
    }

    /// The server's exit status, or a thrown error when it is still running after `timeout`.
    public func waitForExit(timeout: TimeInterval = defaultTimeout) throws -> Int32 {
        guard let status = waitForExitImpl(timeout) else {
            throw TestClientError("\(name): the server did not exit within \(timeout) s")
        }
        return status
    }

    /// Polite end of a session: shutdown, exit, and the exit status.
    public func shutdownAndExit(timeout: TimeInterval = defaultTimeout) throws -> Int32 {
        _ = try result("shutdown", timeout: timeout)
        try notify("exit")
        return try waitForExit(timeout: timeout)
    }

    /// Stops the reader, closes the client's descriptors and lets the server go (EOF on its input).
    public func close() {
        let first = condition.withLock { () -> Bool in
            defer { isClosed = true }
            return !isClosed
        }
        guard first else { return }
        closeInput()
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        condition.withLock {
            let deadline = Date().addingTimeInterval(10)
            while !readerDone && condition.wait(until: deadline) {}
        }
        if condition.withLock({ readerDone }) {
            Glibc.close(fromServer)
            Glibc.close(wake.read)
            Glibc.close(wake.write)
        }
        teardown()
    }

    // MARK: - Internals

    private func waitUntil<T>(_ timeout: TimeInterval, what: String, allowClosed: Bool = false, _ take: () -> T?) throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let value = take() { return value }
            if serverClosedOutput && !allowClosed {
                throw TestClientError("\(name): the server closed its output while the test waited for \(what)\(recentNotes())")
            }
            if !condition.wait(until: deadline) {
                if let value = take() { return value }
                throw TestClientError("\(name): no \(what) within \(timeout) s\(recentNotes())")
            }
        }
    }

    /// The last notifications, to make a timeout message useful. Caller holds the lock.
    private func recentNotes() -> String {
        guard !received.isEmpty else { return "; no notifications received" }
        let last = received.suffix(5).map { String($0.description.prefix(300)) }
        return "; last notifications: " + last.joined(separator: " | ")
    }

    private func readLoop() {
        var buffer = MessageBuffer()
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        loop: while true {
            var fds = [pollfd(fd: fromServer, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, -1)
            if ready < 0 { if errno == EINTR { continue }; break }
            if fds[1].revents != 0 { break }
            if fds[0].revents == 0 { continue }
            let count = chunk.withUnsafeMutableBytes { read(fromServer, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            buffer.append(chunk[0..<count])
            while true {
                switch buffer.next() {
                case .needMoreBytes:
                    continue loop
                case .invalid(let reason, _):
                    condition.withLock { framingErrors.append(reason); condition.broadcast() }
                case .message(let body, _):
                    handle(body)
                }
            }
        }
        condition.withLock {
            serverClosedOutput = true
            readerDone = true
            condition.broadcast()
        }
    }

    private func handle(_ body: [UInt8]) {
        switch JSONRPCMessage.decode(body) {
        case .failure(let failure):
            condition.withLock {
                framingErrors.append("undecodable message from the server: \(failure): \(String(decoding: body.prefix(200), as: UTF8.self))")
                condition.broadcast()
            }
        case .success(.response(let id, let result, let error)):
            condition.withLock {
                if let id {
                    responses[id] = error.map { .failure($0) } ?? .success(result ?? .null)
                } else {
                    idlessResponses.append(error ?? ResponseError(code: 0, message: "idless success response"))
                }
                condition.broadcast()
            }
        case .success(.notification(let method, let params)):
            condition.withLock {
                received.append(ReceivedNotification(method: method, params: params ?? .null))
                condition.broadcast()
            }
        case .success(.request(let id, let method, let params)):
            condition.withLock {
                serverRequests.append(ReceivedRequest(id: id, method: method, params: params))
                condition.broadcast()
            }
            try? send(["jsonrpc": "2.0", "id": id.json, "result": .null])
        }
    }
}
