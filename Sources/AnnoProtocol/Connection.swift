import AnnoJSON
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the connection's reader delivers to its handler.
public enum IncomingEvent: Equatable, Sendable {
    case message(JSONRPCMessage)
    /// Bytes that could not become a message; the stream goes on after them.
    case malformed(MalformedInput)
    /// End of input or a read error; nothing follows.
    case closed
}

public enum MalformedInput: Equatable, Sendable, CustomStringConvertible {
    /// Bad header or oversized body; the frame was skipped. Nothing to answer.
    case framing(reason: String)
    /// A well-framed body that is not a valid message; answer with `failure.errorResponse`.
    case decoding(DecodeFailure)

    public var description: String {
        switch self {
        case .framing(let reason): return "framing error: \(reason)"
        case .decoding(let failure): return failure.description
        }
    }
}

/// JSON-RPC over a pair of file descriptors (stdin/stdout for `anno lsp`).
///
/// One dedicated thread reads, frames and decodes; the handler is called on it, serially and
/// in arrival order, so it should hand long work elsewhere. Sending is thread-safe: each frame
/// is written whole under one lock. Responses to requests sent with `sendRequest` go to their
/// callback instead of the handler. The connection does not close the descriptors.
public final class Connection: @unchecked Sendable {  // mutable state is guarded by the locks
    public typealias ResponseCallback = @Sendable (Result<JSONValue, ResponseError>) -> Void

    public let input: Int32
    public let output: Int32
    public let maxBodyBytes: Int
    public static let readChunkBytes = 64 << 10

    private let writeLock = NSLock()
    private var outputBroken = false  // guarded by writeLock

    private let stateLock = NSLock()
    private var started = false  // guarded by stateLock
    private var closed = false  // guarded by stateLock
    private var nextRequestNumber = 1  // guarded by stateLock
    private var pendingResponses: [RequestID: ResponseCallback] = [:]  // guarded by stateLock

    public init(input: Int32, output: Int32, maxBodyBytes: Int = MessageFraming.defaultMaxBodyBytes) {
        self.input = input
        self.output = output
        self.maxBodyBytes = maxBodyBytes
        // A client that goes away must make writes fail with EPIPE, not kill the server.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Starts the reader thread. Calling it again does nothing.
    public func start(handler: @escaping @Sendable (IncomingEvent) -> Void) {
        let first = stateLock.withLock {
            defer { started = true }
            return !started
        }
        guard first else { return }
        let thread = Thread { [self] in readLoop(handler: handler) }
        thread.name = "anno-jsonrpc-reader"
        thread.stackSize = 8 << 20  // JSON nesting up to the reader's depth limit recurses
        thread.start()
    }

    /// True once the reader has seen end of input or a read error.
    public var isClosed: Bool { stateLock.withLock { closed } }

    // MARK: - Reading

    private func readLoop(handler: @Sendable (IncomingEvent) -> Void) {
        var buffer = MessageBuffer(maxBodyBytes: maxBodyBytes)
        var chunk = [UInt8](repeating: 0, count: Connection.readChunkBytes)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }  // 0: end of input; <0: read error
            buffer.append(chunk[0..<count])
            while true {
                switch buffer.next() {
                case .needMoreBytes:
                    break
                case .invalid(let reason, _):
                    handler(.malformed(.framing(reason: reason)))
                    continue
                case .message(let body, _):
                    deliver(body, handler: handler)
                    continue
                }
                break
            }
        }
        let orphaned = stateLock.withLock {
            closed = true
            defer { pendingResponses.removeAll() }
            return pendingResponses.values
        }
        for callback in orphaned { callback(.failure(.unknownErrorCode("connection closed before the response arrived"))) }
        handler(.closed)
    }

    private func deliver(_ body: [UInt8], handler: @Sendable (IncomingEvent) -> Void) {
        switch JSONRPCMessage.decode(body) {
        case .failure(let failure):
            handler(.malformed(.decoding(failure)))
        case .success(let message):
            if case .response(let id?, let result, let error) = message,
               let callback = stateLock.withLock({ pendingResponses.removeValue(forKey: id) }) {
                callback(error.map { .failure($0) } ?? .success(result ?? .null))
            } else {
                handler(.message(message))
            }
        }
    }

    // MARK: - Writing

    /// Frames and writes one message. Returns false when the output is gone (EPIPE or another
    /// write error); later sends are then dropped.
    @discardableResult
    public func send(_ message: JSONRPCMessage) -> Bool {
        sendFrame(MessageFraming.frame(message.encode()))
    }

    /// A successful response whose result is already JSON text (`JSONRPCMessage.encodeResponse`).
    @discardableResult
    public func sendResponse(id: RequestID, encodedResult: [UInt8]) -> Bool {
        sendFrame(MessageFraming.frame(JSONRPCMessage.encodeResponse(id: id, encodedResult: encodedResult)))
    }

    /// A notification whose params are already JSON text (`JSONRPCMessage.encodeNotification`).
    @discardableResult
    public func sendNotification(method: String, encodedParams: [UInt8]) -> Bool {
        sendFrame(MessageFraming.frame(JSONRPCMessage.encodeNotification(method: method, encodedParams: encodedParams)))
    }

    private func sendFrame(_ frame: [UInt8]) -> Bool {
        writeLock.withLock {
            guard !outputBroken else { return false }
            if !writeAll(frame) { outputBroken = true }
            return !outputBroken
        }
    }

    /// Loops over partial writes; retries on EINTR and waits out EAGAIN on non-blocking output.
    private func writeAll(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return true }
            var written = 0
            while written < raw.count {
                let n = write(output, base + written, raw.count - written)
                if n > 0 {
                    written += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    var descriptor = pollfd(fd: output, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&descriptor, 1, 1000)
                } else {
                    return false
                }
            }
            return true
        }
    }

    @discardableResult
    public func sendResponse(id: RequestID, result: JSONValue) -> Bool {
        send(.response(id: id, result: result, error: nil))
    }

    /// `id` is nil only for errors about a message whose id could not be read.
    @discardableResult
    public func sendError(id: RequestID?, error: ResponseError) -> Bool {
        send(.response(id: id, result: nil, error: error))
    }

    @discardableResult
    public func sendNotification(method: String, params: JSONValue? = nil) -> Bool {
        send(.notification(method: method, params: params))
    }

    /// Sends a server-to-client request with a fresh id ("anno-1", "anno-2", ...). The response
    /// goes to `onResponse` (on the reader thread), not to the handler; if the connection
    /// closes first, `onResponse` gets an error.
    @discardableResult
    public func sendRequest(method: String, params: JSONValue? = nil, onResponse: ResponseCallback? = nil) -> RequestID {
        let id: RequestID = stateLock.withLock {
            defer { nextRequestNumber += 1 }
            let id = RequestID.string("anno-\(nextRequestNumber)")
            if let onResponse { pendingResponses[id] = onResponse }
            return id
        }
        if !send(.request(id: id, method: method, params: params)), let onResponse {
            if stateLock.withLock({ pendingResponses.removeValue(forKey: id) }) != nil {
                onResponse(.failure(.unknownErrorCode("could not send request: output closed")))
            }
        }
        return id
    }
}
