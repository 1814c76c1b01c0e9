import Testing
import AnnoJSON
import AnnoProtocol
import AnnoTestSupport

@Test func corruptedStreamsNeverTrapAndValidFramesStillArrive() {
    let good = MessageFraming.frame(JSONRPCMessage.request(id: .number(1), method: "textDocument/hover", params: ["x": 1]).encode())
    var rng = SeededRandom(seed: 7)
    for _ in 0..<300 {
        var stream: [UInt8] = []
        for _ in 0..<5 {
            var piece = good
            if Bool.random(using: &rng) {
                let position = Int.random(in: 0..<piece.count, using: &rng)
                piece[position] = UInt8.random(in: 0...255, using: &rng)
            }
            stream += piece
        }
        var buffer = MessageBuffer(maxBodyBytes: 1 << 10)
        var offset = 0
        while offset < stream.count {
            let size = Int.random(in: 1...40, using: &rng)
            buffer.append(stream[offset..<min(offset + size, stream.count)])
            offset += size
            while true {
                guard case .message(let body, _) = buffer.next() else { break }
                // Decoding garbage must produce a failure value, not a trap.
                if case .success(let message) = JSONRPCMessage.decode(body) {
                    _ = message.encode()
                }
            }
        }
        #expect(buffer.bufferedByteCount <= stream.count)
    }
}

@Test func paramsOfAnyShapeDecodeOrThrow() throws {
    let shapes: [JSONValue] = [nil, true, 1, -1, 1.5, "s", [], [:], [1, "a"], ["line": "x"], ["textDocument": []],
                               ["textDocument": ["uri": 1]], ["position": ["line": -3, "character": 1e300]]]
    for shape in shapes {
        for params in [shape, ["textDocument": shape, "position": shape, "contentChanges": shape, "context": shape]] {
            #expect((try? CompletionParams(json: params)) == nil)
            _ = try? DidChangeTextDocumentParams(json: params)
            _ = try? CodeActionParams(json: params)
            _ = try? InitializeParams(json: params)
            _ = try? LSPDiagnostic(json: params)
        }
    }
}
