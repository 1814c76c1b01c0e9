import Foundation
import Testing
import AnnoJSON
import AnnoProtocol
#if canImport(Glibc)
import Glibc
#endif

/// Collects what the connection delivers, for tests to wait on.
final class EventRecorder: @unchecked Sendable {  // guarded by lock
    private let lock = NSLock()
    private var events: [IncomingEvent] = []

    func record(_ event: IncomingEvent) { lock.withLock { events.append(event) } }
    var snapshot: [IncomingEvent] { lock.withLock { events } }

    /// Waits until `count` events have arrived (or 5 s pass) and returns them.
    func wait(forCount count: Int, timeout: TimeInterval = 5) -> [IncomingEvent] {
        let deadline = Date().addingTimeInterval(timeout)
        while snapshot.count < count && Date() < deadline { usleep(2_000) }
        return snapshot
    }
}

/// Both ends of two pipes: the test writes `clientWrite` and reads `clientRead`.
///
/// Each descriptor is closed once: a test closes one early with `close(_:)` and `closeAll`
/// skips it. Closing it twice would close whatever descriptor another test, running in
/// parallel, had been given the same number in between (its pipe would end early).
final class PipePair: @unchecked Sendable {
    let serverInput: Int32, clientWrite: Int32
    let clientRead: Int32, serverOutput: Int32
    private let lock = NSLock()
    private var open: Set<Int32>

    init() {
        var a: [Int32] = [0, 0], b: [Int32] = [0, 0]
        _ = pipe(&a)
        _ = pipe(&b)
        serverInput = a[0]; clientWrite = a[1]
        clientRead = b[0]; serverOutput = b[1]
        open = [a[0], a[1], b[0], b[1]]
    }

    func close(_ fd: Int32) {
        if lock.withLock({ open.remove(fd) }) != nil { _ = Glibc.close(fd) }
    }

    func closeAll() {
        for fd in [serverInput, clientWrite, clientRead, serverOutput] { close(fd) }
    }
}

private func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { raw in
        var written = 0
        while written < raw.count {
            guard let base = raw.baseAddress else { return }
            let n = write(fd, base + written, raw.count - written)
            if n <= 0 { return }
            written += n
        }
    }
}

private func frame(_ message: JSONRPCMessage) -> [UInt8] { MessageFraming.frame(message.encode()) }

/// Reads frames from `fd` until one message decodes, waiting at most `timeoutMs`.
private func readMessage(_ fd: Int32, _ buffer: inout MessageBuffer, timeoutMs: Int32 = 5000) -> JSONRPCMessage? {
    while true {
        if case .message(let body, _) = buffer.next() { return try? JSONRPCMessage.decode(body).get() }
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, timeoutMs) > 0 else { return nil }
        var chunk = [UInt8](repeating: 0, count: 4096)
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        buffer.append(chunk[0..<n])
    }
}

@Test func messagesArriveInOrderWhateverTheChunking() {
    let pipes = PipePair()
    defer { pipes.closeAll() }
    let connection = Connection(input: pipes.serverInput, output: pipes.serverOutput)
    let recorder = EventRecorder()
    connection.start(handler: recorder.record)

    let first = JSONRPCMessage.request(id: .number(1), method: "initialize", params: ["processId": nil])
    let second = JSONRPCMessage.notification(method: "initialized", params: [:])
    let third = JSONRPCMessage.notification(method: "textDocument/didOpen", params: ["text": .string("한국어 — Кириллица 📜")])
    writeAll(pipes.clientWrite, frame(first) + frame(second))  // two frames, one write
    let bytes = frame(third)
    for range in [0..<10, 10..<(bytes.count - 3), (bytes.count - 3)..<bytes.count] {  // one frame, three writes
        usleep(10_000)
        writeAll(pipes.clientWrite, Array(bytes[range]))
    }
    #expect(recorder.wait(forCount: 3) == [.message(first), .message(second), .message(third)])

    pipes.close(pipes.clientWrite)
    #expect(recorder.wait(forCount: 4).last == .closed)
    #expect(connection.isClosed)
}

@Test func closingMidMessageReportsClosed() {
    let pipes = PipePair()
    defer { pipes.closeAll() }
    let connection = Connection(input: pipes.serverInput, output: pipes.serverOutput)
    let recorder = EventRecorder()
    connection.start(handler: recorder.record)
    let bytes = frame(.notification(method: "exit", params: nil))
    writeAll(pipes.clientWrite, Array(bytes.prefix(bytes.count - 5)))
    pipes.close(pipes.clientWrite)
    #expect(recorder.wait(forCount: 1) == [.closed])
}

@Test func malformedInputIsReportedAndTheStreamGoesOn() {
    let pipes = PipePair()
    defer { pipes.closeAll() }
    let connection = Connection(input: pipes.serverInput, output: pipes.serverOutput, maxBodyBytes: 64)
    let recorder = EventRecorder()
    connection.start(handler: recorder.record)

    writeAll(pipes.clientWrite, MessageFraming.frame(Array("{".utf8)))
    writeAll(pipes.clientWrite, Array(#"Content-Length: 5\#r\#n\#r\#n{"id""#.utf8))  // not a message: answerable
    writeAll(pipes.clientWrite, MessageFraming.frame(Array(#"{"jsonrpc":"2.0","id":9,"method":3}"#.utf8)))
    let huge = Array("Content-Length: 200\r\n\r\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 200)
    writeAll(pipes.clientWrite, Array(huge.prefix(100)))
    usleep(10_000)
    writeAll(pipes.clientWrite, Array(huge.dropFirst(100)))
    let valid = JSONRPCMessage.notification(method: "initialized", params: nil)
    writeAll(pipes.clientWrite, frame(valid))

    let events = recorder.wait(forCount: 5)
    #expect(events.count == 5)
    guard events.count == 5 else { return }
    #expect(events[0] == .malformed(.decoding(.parseError(message: "invalid JSON at 1:2: unexpected end of input"))))
    #expect(events[1] == .malformed(.decoding(.parseError(message: "invalid JSON at 1:6: unexpected end of input"))))
    #expect(events[2] == .malformed(.decoding(.invalidRequest(id: .number(9), message: #""method" must be a string"#))))
    #expect(events[3] == .malformed(.framing(reason: "Content-Length 200 exceeds the limit of 64 bytes; message skipped")))
    #expect(events[4] == .message(valid))
}

@Test func concurrentSendsNeverInterleave() {
    let pipes = PipePair()
    defer { pipes.closeAll() }
    let connection = Connection(input: pipes.serverInput, output: pipes.serverOutput)
    let threads = 8, perThread = 100
    let padding = String(repeating: "é", count: 300)  // frames big enough to fill the pipe and split writes

    // Drain the output concurrently, or the writers block on a full pipe.
    final class Sink: @unchecked Sendable { var bytes: [UInt8] = [] }
    let sink = Sink()
    let drained = DispatchSemaphore(value: 0)
    let reader = Thread {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(pipes.clientRead, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            sink.bytes.append(contentsOf: chunk[0..<n])
        }
        drained.signal()
    }
    reader.start()

    DispatchQueue.concurrentPerform(iterations: threads) { thread in
        for seq in 0..<perThread {
            connection.sendNotification(method: "test/n", params: ["thread": JSONValue(thread), "seq": JSONValue(seq), "pad": JSONValue(padding)])
        }
    }
    pipes.close(pipes.serverOutput)
    #expect(drained.wait(timeout: .now() + 10) == .success)

    var buffer = MessageBuffer()
    buffer.append(sink.bytes)
    var lastSeq = [Int](repeating: -1, count: threads)
    var count = 0
    framing: while true {
        switch buffer.next() {
        case .needMoreBytes:
            break framing
        case .invalid(let reason, _):
            Issue.record("corrupt frame: \(reason)")
            break framing
        case .message(let body, _):
            guard case .success(.notification("test/n", let params?)) = JSONRPCMessage.decode(body),
                  let thread = params["thread"]?.intValue, let seq = params["seq"]?.intValue,
                  params["pad"]?.stringValue == padding else {
                Issue.record("interleaved or corrupt body")
                break framing
            }
            #expect(seq == lastSeq[thread] + 1, "each thread's messages stay in order")
            lastSeq[thread] = seq
            count += 1
        }
    }
    #expect(count == threads * perThread)
    #expect(buffer.bufferedByteCount == 0)
}

@Test func serverRequestsGetTheirResponsesThroughCallbacks() throws {
    let pipes = PipePair()
    defer { pipes.closeAll() }
    let connection = Connection(input: pipes.serverInput, output: pipes.serverOutput)
    let recorder = EventRecorder()
    connection.start(handler: recorder.record)

    final class Answers: @unchecked Sendable {
        let lock = NSLock()
        var results: [Result<JSONValue, ResponseError>] = []
    }
    let answers = Answers()
    let callback: Connection.ResponseCallback = { result in answers.lock.withLock { answers.results.append(result) } }
    let registration = RegistrationParams(registrations: [Registration(id: "w", method: LSPMethod.didChangeWatchedFiles)])
    let first = connection.sendRequest(method: LSPMethod.registerCapability, params: registration.json, onResponse: callback)
    let second = connection.sendRequest(method: LSPMethod.configuration, params: ["items": []], onResponse: callback)
    #expect(first == .string("anno-1"))
    #expect(second == .string("anno-2"))

    var output = MessageBuffer()
    #expect(readMessage(pipes.clientRead, &output) == .request(id: first, method: "client/registerCapability", params: registration.json))
    #expect(readMessage(pipes.clientRead, &output) == .request(id: second, method: "workspace/configuration", params: ["items": []]))

    let unrelated = JSONRPCMessage.response(id: .string("anno-99"), result: 1, error: nil)
    writeAll(pipes.clientWrite, frame(.response(id: first, result: .null, error: nil)))
    writeAll(pipes.clientWrite, frame(unrelated))
    writeAll(pipes.clientWrite, frame(.response(id: second, result: nil, error: .requestFailed("no"))))
    // The unrelated response goes to the handler; the two answers go to the callback only.
    #expect(recorder.wait(forCount: 1) == [.message(unrelated)])
    let deadline = Date().addingTimeInterval(5)
    while answers.lock.withLock({ answers.results.count }) < 2 && Date() < deadline { usleep(2_000) }
    let results = answers.lock.withLock { answers.results }
    #expect(results.count == 2)
    if results.count == 2 {
        #expect(try results[0].get() == .null)
        #expect(throws: ResponseError.requestFailed("no")) { try results[1].get() }
    }
    #expect(recorder.snapshot.count == 1)
}

@Test func pendingCallbacksFailWhenTheConnectionCloses() {
    let pipes = PipePair()
    defer { pipes.closeAll() }
    let connection = Connection(input: pipes.serverInput, output: pipes.serverOutput)
    let recorder = EventRecorder()
    connection.start(handler: recorder.record)
    let failed = DispatchSemaphore(value: 0)
    connection.sendRequest(method: LSPMethod.configuration, params: ["items": []]) { result in
        if case .failure(let error) = result, error.code == ResponseError.Code.unknownErrorCode { failed.signal() }
    }
    pipes.close(pipes.clientWrite)
    #expect(failed.wait(timeout: .now() + 5) == .success)
    #expect(recorder.wait(forCount: 1) == [.closed])
}

@Test func writingToAClosedPeerFailsWithoutCrashing() {
    let pipes = PipePair()
    defer { pipes.closeAll() }
    let connection = Connection(input: pipes.serverInput, output: pipes.serverOutput)
    pipes.close(pipes.clientRead)  // the client is gone: writes get EPIPE, not SIGPIPE
    #expect(connection.sendNotification(method: "window/logMessage", params: LogMessageParams(type: .log, message: "x").json) == false)
    #expect(connection.sendResponse(id: .number(1), result: nil) == false)
    let failed = DispatchSemaphore(value: 0)
    connection.sendRequest(method: "m") { result in
        if case .failure(let error) = result, error.code == ResponseError.Code.unknownErrorCode { failed.signal() }
    }
    #expect(failed.wait(timeout: .now() + 1) == .success)
}
