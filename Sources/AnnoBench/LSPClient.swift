#if canImport(Glibc)
import Glibc
#endif
import AnnoJSON
import Foundation

/// A message from the server, stamped when its last byte was read (before any parsing, so
/// round trips do not include the client's JSON work).
struct Incoming {
    var arrival: UInt64
    var message: JSONValue
    var size: Int
}

/// A tiny LSP client: Content-Length framing over the server's stdin/stdout.
///
/// A reader thread only frames and timestamps; the benchmark thread parses and dispatches
/// (`pump`), answering requests the server sends (workspace/configuration,
/// client/registerCapability, window/workDoneProgress/create) so the server never waits on us.
final class LSPClient: @unchecked Sendable {
    let child: PipedChild
    private let cond = NSCondition()
    private var frames: [(UInt64, [UInt8])] = []
    private var readerDone = false
    private var readerError: String?
    private let writeLock = NSLock()
    private var nextID = 1

    private(set) var responses: [Int: Incoming] = [:]
    /// Notifications not yet consumed, in arrival order.
    private(set) var notifications: [Incoming] = []
    private(set) var serverRequests: [String: Int] = [:]
    private(set) var notificationCounts: [String: Int] = [:]
    private(set) var bytesReceived = 0
    private(set) var bytesSent = 0
    var logTraffic = false

    init(argv: [String], stderrPath: String) throws {
        child = try PipedChild(argv, stderrPath: stderrPath)
        let thread = Thread { [self] in readLoop() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    // MARK: Reading

    private func readLoop() {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var start = 0   // start of unconsumed bytes in buffer
        while true {
            let n = chunk.withUnsafeMutableBytes { read(child.stdoutFD, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                cond.lock(); readerDone = true; cond.broadcast(); cond.unlock()
                return
            }
            buffer.append(contentsOf: chunk[0..<n])
            var produced: [(UInt64, [UInt8])] = []
            // Frame as many complete messages as the buffer holds.
            while true {
                guard let headerEnd = LSPClient.find(Array("\r\n\r\n".utf8), in: buffer, from: start) else { break }
                let header = String(decoding: buffer[start..<headerEnd], as: UTF8.self)
                var length: Int?
                for line in header.split(separator: "\r\n") {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    if parts.count == 2, parts[0].lowercased() == "content-length" {
                        length = Int(parts[1].trimmingCharacters(in: .whitespaces))
                    }
                }
                guard let length else {
                    cond.lock(); readerError = "a header without Content-Length: \(header)"; readerDone = true; cond.broadcast(); cond.unlock()
                    return
                }
                let bodyStart = headerEnd + 4
                guard buffer.count - bodyStart >= length else { break }
                produced.append((nowNanos(), Array(buffer[bodyStart..<(bodyStart + length)])))
                start = bodyStart + length
            }
            if start > 0 && start == buffer.count { buffer.removeAll(keepingCapacity: true); start = 0 }
            else if start > 1 << 20 { buffer.removeFirst(start); start = 0 }
            if !produced.isEmpty {
                cond.lock(); frames.append(contentsOf: produced); cond.broadcast(); cond.unlock()
            }
        }
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard hay.count - from >= needle.count else { return nil }
        var i = from
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == needle[0] && hay[i + 1] == needle[1] && hay[i + 2] == needle[2] && hay[i + 3] == needle[3] { return i }
            i += 1
        }
        return nil
    }

    /// Dispatches frames that have arrived; waits up to `timeout` for at least one when none are pending.
    private func pump(timeout: Double) throws -> Bool {
        cond.lock()
        if frames.isEmpty && !readerDone {
            _ = cond.wait(until: Date(timeIntervalSinceNow: timeout))
        }
        let batch = frames
        frames.removeAll()
        let done = readerDone, error = readerError
        cond.unlock()
        for (arrival, body) in batch { try dispatch(arrival: arrival, body: body) }
        if batch.isEmpty {
            if let error { throw BenchError("server protocol error: \(error)") }
            if done { throw BenchError("the server closed its output (exited?)") }
        }
        return !batch.isEmpty
    }

    private func dispatch(arrival: UInt64, body: [UInt8]) throws {
        bytesReceived += body.count
        if logTraffic { log("<- " + String(decoding: body.prefix(300), as: UTF8.self)) }
        let message: JSONValue
        do { message = try JSON.parse(body) } catch {
            throw BenchError("the server sent invalid JSON: \(error): \(String(decoding: body.prefix(200), as: UTF8.self))")
        }
        let incoming = Incoming(arrival: arrival, message: message, size: body.count)
        if let method = message["method"]?.stringValue {
            if let id = message["id"], !id.isNull {
                serverRequests[method, default: 0] += 1
                try answerServerRequest(id: id, method: method, params: message["params"])
            } else {
                notificationCounts[method, default: 0] += 1
                if method == "textDocument/publishDiagnostics" || method == "window/showMessage" || method == "$/progress" {
                    notifications.append(incoming)
                }
            }
        } else if let id = message["id"]?.intValue {
            responses[id] = incoming
        }
    }

    private func answerServerRequest(id: JSONValue, method: String, params: JSONValue?) throws {
        var result: JSONValue = .null
        if method == "workspace/configuration" {
            let count = params?["items"]?.arrayValue?.count ?? 1
            result = .array(Array(repeating: .null, count: count))
        } else if method == "workspace/workspaceFolders" {
            result = .array([])
        }
        try send(.object(["jsonrpc": "2.0", "id": id, "result": result]))
    }

    // MARK: Writing

    @discardableResult
    func send(_ message: JSONValue) throws -> UInt64 {
        let body = JSON.serialize(message)
        var frame = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
        frame.append(contentsOf: body)
        if logTraffic { log("-> " + String(decoding: body.prefix(300), as: UTF8.self)) }
        writeLock.lock()
        defer { writeLock.unlock() }
        let t = nowNanos()
        try child.writeAll(frame)
        bytesSent += frame.count
        return t
    }

    /// Sends a request; returns its id and the time it was written.
    func request(_ method: String, _ params: JSONValue) throws -> (id: Int, sent: UInt64) {
        let id = nextID
        nextID += 1
        let t = try send(.object(["jsonrpc": "2.0", "id": .number(Double(id)), "method": .string(method), "params": params]))
        return (id, t)
    }

    @discardableResult
    func notify(_ method: String, _ params: JSONValue) throws -> UInt64 {
        try send(.object(["jsonrpc": "2.0", "method": .string(method), "params": params]))
    }

    /// Waits for the response to `id`; returns it with the round trip in milliseconds.
    func response(_ id: Int, sent: UInt64, timeout: Double = 30) throws -> (JSONValue, Double) {
        let (result, ms, _) = try responseSized(id, sent: sent, timeout: timeout)
        return (result, ms)
    }

    /// Waits for the response to `id`: its result, the round trip in ms and the body's size in bytes.
    func responseSized(_ id: Int, sent: UInt64, timeout: Double = 30) throws -> (JSONValue, Double, Int) {
        let deadline = nowNanos() + UInt64(timeout * 1e9)
        while responses[id] == nil {
            if nowNanos() > deadline { throw BenchError("no response to request \(id) within \(timeout) s") }
            _ = try pump(timeout: 0.05)
        }
        guard let r = responses.removeValue(forKey: id) else { throw BenchError("no response to request \(id)") }
        if let error = r.message["error"] {
            throw BenchError("request \(id) failed: \(JSON.serializeString(error))")
        }
        return (r.message["result"] ?? .null, Double(r.arrival - sent) / 1e6, r.size)
    }

    func callSized(_ method: String, _ params: JSONValue, timeout: Double = 30) throws -> (JSONValue, Double, Int) {
        let (id, sent) = try request(method, params)
        return try responseSized(id, sent: sent, timeout: timeout)
    }

    /// Sends a request and waits for its result: (result, round trip in ms).
    func call(_ method: String, _ params: JSONValue, timeout: Double = 30) throws -> (JSONValue, Double) {
        let (id, sent) = try request(method, params)
        return try response(id, sent: sent, timeout: timeout)
    }

    /// Waits for (and consumes) the first notification matching `predicate`.
    func waitNotification(timeout: Double = 30, what: String, _ predicate: (JSONValue) -> Bool) throws -> Incoming {
        let deadline = nowNanos() + UInt64(timeout * 1e9)
        while true {
            if let i = notifications.firstIndex(where: { predicate($0.message) }) {
                return notifications.remove(at: i)
            }
            if nowNanos() > deadline { throw BenchError("no \(what) within \(timeout) s") }
            _ = try pump(timeout: 0.05)
        }
    }

    /// The next publishDiagnostics for `uri` at `version` or later (or any, when the server
    /// sends no version), arriving after `after`.
    func waitDiagnostics(uri: String, version: Int?, after: UInt64, timeout: Double = 30) throws -> (Incoming, Double) {
        let note = try waitNotification(timeout: timeout, what: "textDocument/publishDiagnostics for \(uri)") { m in
            guard m["method"]?.stringValue == "textDocument/publishDiagnostics", let p = m["params"],
                  p["uri"]?.stringValue == uri else { return false }
            if let version, let v = p["version"]?.intValue { return v >= version }
            return true
        }
        return (note, Double(Int64(note.arrival) - Int64(after)) / 1e6)
    }

    /// Forgets notifications received so far (stale diagnostics).
    func drainNotifications() throws {
        while try pump(timeout: 0) {}
        notifications.removeAll()
    }

    func closeAndWait(timeout: Double) -> Int32? {
        child.closeStdin()
        return child.wait(timeout: timeout)
    }
}
