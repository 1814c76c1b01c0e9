import AnnoJSON
import AnnoProtocol

/// JSON-RPC framing and decoding on an arbitrary byte stream (spec/lsp.md, "Transport").
///
/// Differential: `MessageBuffer`, fed the stream in chunks of sizes drawn from the input, yields
/// exactly the messages that the pure `MessageFraming.nextMessage` finds in the whole stream.
/// Every body then decodes to a message or to an error value; a decoded message encodes and
/// decodes back to itself; and params that decode as an LSP type encode and decode back to
/// the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONRPC(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let stream = Array(UnsafeBufferPointer(start: data, count: size))
    let maxBody = 1 << 10   // small, so oversized bodies and their resync are reachable
    let whole = framedBodies(stream, maxBodyBytes: maxBody)

    var chunks = SplitMix(seed: stream.reduce(UInt64(size)) { $0 &* 31 &+ UInt64($1) })
    var buffer = MessageBuffer(maxBodyBytes: maxBody)
    var streamed: [[UInt8]] = []
    var offset = 0
    while offset < stream.count {
        let n = 1 + Int(chunks.next() % (chunks.next() % 3 == 0 ? 7 : 300))
        buffer.append(stream[offset..<min(offset + n, stream.count)])
        offset += n
        loop: while true {
            switch buffer.next() {
            case .needMoreBytes: break loop
            case .message(let body, _): streamed.append(body)
            case .invalid: continue
            }
        }
        require(buffer.bufferedByteCount <= MessageFraming.maxHeaderBytes + maxBody + 300 + 8, "the buffer holds at most one frame and a chunk (\(buffer.bufferedByteCount))")
    }
    require(streamed == whole, "chunked framing found \(streamed.count) messages, the whole stream \(whole.count)")

    for body in whole {
        guard case .success(let message) = JSONRPCMessage.decode(body) else { continue }
        let encoded = message.encode()
        require(JSONRPCMessage.decode(encoded) == .success(message), "a message encodes and decodes back to itself")
        switch message {
        case .request(_, _, let params?), .notification(_, let params?):
            decodeParams(params)
        default:
            break
        }
    }
    return 0
}

/// The bodies the pure framing function finds in a whole stream, in order.
private func framedBodies(_ stream: [UInt8], maxBodyBytes: Int) -> [[UInt8]] {
    var rest = stream[...]
    var bodies: [[UInt8]] = []
    while true {
        switch MessageFraming.nextMessage(in: rest, maxBodyBytes: maxBodyBytes) {
        case .needMoreBytes:
            return bodies
        case .message(let body, let consumed):
            require(consumed > 0, "a message consumes bytes")
            bodies.append(body)
            rest = rest.dropFirst(consumed)
        case .invalid(_, let consumed):
            require(consumed > 0, "an invalid frame consumes bytes")
            rest = rest.dropFirst(min(consumed, rest.count))
        }
    }
}

/// Params as every LSP type Anno reads: each decodes or throws, and what decodes is encoded so
/// that it decodes to the same again.
private func decodeParams(_ params: JSONValue) {
    roundTrip(InitializeParams.self, params)
    roundTrip(DidOpenTextDocumentParams.self, params)
    roundTrip(DidChangeTextDocumentParams.self, params)
    roundTrip(DidCloseTextDocumentParams.self, params)
    roundTrip(DidSaveTextDocumentParams.self, params)
    roundTrip(TextDocumentPositionParams.self, params)
    roundTrip(CompletionParams.self, params)
    roundTrip(CodeActionParams.self, params)
    roundTrip(DocumentDiagnosticParams.self, params)
    roundTrip(DidChangeConfigurationParams.self, params)
    roundTrip(DidChangeWatchedFilesParams.self, params)
    roundTrip(ReferenceParams.self, params)
    roundTrip(ExecuteCommandParams.self, params)
    roundTrip(WorkspaceSymbolParams.self, params)
    roundTrip(CancelParams.self, params)
}

private func roundTrip<T: JSONConvertible>(_ type: T.Type, _ json: JSONValue) {
    guard let value = try? T(json: json) else { return }
    // Compared as JSON: some types keep what they were decoded from (ClientCapabilities' raw object).
    let again = try? T(json: value.json)
    require(again?.json == value.json, "\(T.self) decodes back from its own JSON \(JSON.serializeString(value.json))")
}

/// A small deterministic generator for chunk sizes.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
