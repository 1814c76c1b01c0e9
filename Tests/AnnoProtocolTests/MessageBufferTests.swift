import Testing
import AnnoProtocol

private func drain(_ buffer: inout MessageBuffer) -> [Frame] {
    var out: [Frame] = []
    while true {
        switch buffer.next() {
        case .needMoreBytes: return out
        case .message(let body, _): out.append(.body(String(decoding: body, as: UTF8.self)))
        case .invalid(let reason, _): out.append(.invalid(reason))
        }
    }
}

@Test func byteAtATimeYieldsOneMessageAtTheEnd() {
    let input = Array("Content-Length: 5\r\n\r\nhelloContent-Length: 2\r\n\r\n{}".utf8)
    var buffer = MessageBuffer()
    var seen: [Frame] = []
    for (i, byte) in input.enumerated() {
        buffer.append([byte])
        let got = drain(&buffer)
        if !got.isEmpty { seen.append(contentsOf: got.map { _ in .body("@\(i)") }) }
    }
    #expect(seen == [.body("@25"), .body("@48")])
}

@Test func oversizedBodyIsDroppedAsItArrives() {
    var buffer = MessageBuffer(maxBodyBytes: 10)
    buffer.append(Array("Content-Length: 30\r\n\r\n0123456789".utf8))
    #expect(drain(&buffer) == [.invalid("Content-Length 30 exceeds the limit of 10 bytes; message skipped")])
    #expect(buffer.pendingSkipByteCount == 20)
    #expect(buffer.bufferedByteCount == 0)
    buffer.append(Array("0123456789".utf8))
    #expect(drain(&buffer) == [])
    #expect(buffer.pendingSkipByteCount == 10)
    #expect(buffer.bufferedByteCount == 0)
    // The last skipped bytes and the next message arrive in one chunk.
    buffer.append(Array("0123456789Content-Length: 2\r\n\r\n{}".utf8))
    #expect(drain(&buffer) == [.body("{}")])
    #expect(buffer.pendingSkipByteCount == 0)
    #expect(buffer.bufferedByteCount == 0)
}

@Test func invalidHeaderResyncsOnTheNextFrame() {
    var buffer = MessageBuffer()
    buffer.append(Array("Content-Length: x\r\n\r\nContent-Length: 4\r\n\r\nnull".utf8))
    #expect(drain(&buffer) == [.invalid("invalid Content-Length 'x'"), .body("null")])
}

@Test func manyMessagesDoNotGrowTheBuffer() {
    var buffer = MessageBuffer()
    let frame = MessageFraming.frame(Array(repeating: UInt8(ascii: "a"), count: 1000))
    for _ in 0..<500 {
        buffer.append(frame + frame.prefix(10))
        _ = drain(&buffer)
        buffer.append(frame.dropFirst(10))
        _ = drain(&buffer)
    }
    #expect(buffer.bufferedByteCount == 0)
}
