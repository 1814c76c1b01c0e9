import Testing
import AnnoProtocol

/// Resynchronisation after a framing error (spec/lsp.md, "Transport"): a `Content-Length: N`
/// line cannot occur inside a JSON body, so the stream resumes at the next one, whatever the
/// broken frame claimed. Without it, one wrong length glues every later header to some body.

private let next = "Content-Length: 2\r\n\r\n{}"

let resyncCases: [FramingCase] = [
    .init("a bad length's body is dropped up to the next header",
          "Content-Length: x\r\n\r\n{\"a\":1}" + next,
          [.invalid("invalid Content-Length 'x'"), .body("{}"), .needMore]),
    .init("a header block without a length, with a body",
          "X-Anno: 1\r\n\r\n{\"a\":1}" + next,
          [.invalid("missing Content-Length header"), .body("{}"), .needMore]),
    .init("a body shorter than its length ends where the next header begins",
          "Content-Length: 50\r\n\r\n{\"a\":1}" + next,
          [.invalid("a body declared as 50 bytes ended after 7: a new header begins there; message skipped"), .body("{}"), .needMore]),
    .init("a length far beyond the limit skips only up to the next header",
          "Content-Length: 999999999999\r\n\r\n{\"a\":1}" + next, max: 10,
          [.invalid("Content-Length 999999999999 exceeds the limit of 10 bytes; message skipped; a new header follows after 7 bytes"),
           .body("{}"), .needMore]),
    .init("a length counted in characters, not bytes: the rest of the body is junk before the next header",
          "Content-Length: 3\r\n\r\n\"é\"" + next,
          [.body("\"é"), .invalid("missing Content-Length header"), .body("{}"), .needMore]),
    .init("junk with no line break before a header",
          "}}}garbage" + next,
          [.invalid("missing Content-Length header"), .body("{}"), .needMore]),
    .init("a header line inside a JSON string is text, not a header",
          "Content-Length: 29\r\n\r\n\"Content-Length: 2\\r\\n\\r\\n{}\"",
          [.body("\"Content-Length: 2\\r\\n\\r\\n{}\""), .needMore]),
    .init("header names in any case, padded", "Content-Length: x\r\n\r\n{}CONTENT-LENGTH \t:\t2 \r\n\r\n{}",
          [.invalid("invalid Content-Length 'x'"), .body("{}"), .needMore]),
    .init("a header line cut before its line break is not decided yet",
          "Content-Length: 50\r\n\r\n{\"a\":1}Content-Length: 2",
          [.needMore]),
    .init("many bad frames in a row, each followed by a good one",
          String(repeating: "Content-Length: -1\r\n\r\n[1]" + next, count: 3),
          [.invalid("invalid Content-Length '-1'"), .body("{}"), .invalid("invalid Content-Length '-1'"), .body("{}"),
           .invalid("invalid Content-Length '-1'"), .body("{}"), .needMore]),
]

@Test("framing resyncs", arguments: resyncCases)
func framingResyncs(_ c: FramingCase) {
    #expect(frames(Array(c.input.utf8), maxBodyBytes: c.maxBodyBytes) == c.expected)
}

/// The buffer finds the same messages however the stream is cut into chunks.
@Test("chunked resync finds the same messages", arguments: resyncCases)
func chunkedResync(_ c: FramingCase) {
    let input = Array(c.input.utf8)
    let expected = c.expected.filter { if case .body = $0 { return true } else { return false } }
    for size in [1, 2, 3, 7, 64] {
        var buffer = MessageBuffer(maxBodyBytes: c.maxBodyBytes)
        var bodies: [Frame] = []
        var offset = 0
        while offset < input.count {
            buffer.append(input[offset..<min(offset + size, input.count)])
            offset += size
            while true {
                let result = buffer.next()
                if result == .needMoreBytes { break }
                if case .message(let body, _) = result { bodies.append(.body(String(decoding: body, as: UTF8.self))) }
            }
        }
        #expect(bodies == expected, "chunks of \(size)")
    }
}

/// The old failure: a declared length far beyond what arrives swallowed every later message.
/// Now the refused body is dropped as it arrives, up to the next header, which is served.
@Test func aHugeLengthThenMegabytesThenAMessage() {
    var buffer = MessageBuffer()
    buffer.append(Array("Content-Length: 999999999999999999\r\n\r\n".utf8))
    #expect(buffer.next() == .invalid(reason: "Content-Length 999999999999999999 exceeds the limit of 67108864 bytes; message skipped", consumed: 38))
    let junk = [UInt8](repeating: UInt8(ascii: "A"), count: 1 << 20)
    for _ in 0..<8 {
        buffer.append(junk)
        #expect(buffer.next() == .needMoreBytes)
        #expect(buffer.bufferedByteCount == 0)   // nothing of the refused body is held
    }
    buffer.append(Array(next.utf8))
    guard case .invalid(let reason, _) = buffer.next() else {
        Issue.record("expected the skip to end at the header")
        return
    }
    #expect(reason == "the skipped body of 999999999999999999 bytes ended after 8388608: a new header begins there")
    #expect(buffer.next() == .message(body: Array("{}".utf8), consumed: 23))
    #expect(buffer.pendingSkipByteCount == 0)
}

/// A body cut short is noticed as soon as the next header arrives, not after its declared
/// length has (the server would wait, and the client with it).
@Test func aShortBodyIsNoticedWhenTheNextHeaderArrives() {
    var buffer = MessageBuffer()
    buffer.append(Array("Content-Length: 1000000\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}".utf8))
    #expect(buffer.next() == .needMoreBytes)
    buffer.append(Array(next.utf8))
    guard case .invalid = buffer.next() else {
        Issue.record("expected the short body to be dropped")
        return
    }
    #expect(buffer.next() == .message(body: Array("{}".utf8), consumed: 23))
}

/// A header line split across chunks, at every byte, while skipping an oversized body.
@Test func aHeaderLineSplitAtEveryByteWhileSkipping() {
    let input = Array(("Content-Length: 100\r\n\r\n0123456789abc" + next + "Content-Length: 4\r\n\r\nnull").utf8)
    for cut in 1..<input.count {
        var buffer = MessageBuffer(maxBodyBytes: 10)
        var bodies: [String] = []
        for piece in [input[..<cut], input[cut...]] {
            buffer.append(piece)
            while true {
                let result = buffer.next()
                if result == .needMoreBytes { break }
                if case .message(let body, _) = result { bodies.append(String(decoding: body, as: UTF8.self)) }
            }
        }
        #expect(bodies == ["{}", "null"], "cut at \(cut)")
    }
}

/// A 16 MB body arriving in 4 KiB chunks is scanned for header lines once, not once per chunk
/// (which would be 4,000 rescans of up to 16 MB). Asserts the result; a quadratic scan shows up
/// as a test that does not finish.
@Test func aLargeBodyInSmallChunks() {
    let body = Array("\"".utf8) + [UInt8](repeating: UInt8(ascii: "c"), count: 16 << 20) + Array("\"".utf8)
    let stream = MessageFraming.frame(body)
    var buffer = MessageBuffer()
    var delivered: [UInt8]?
    var offset = 0
    while offset < stream.count {
        buffer.append(stream[offset..<min(offset + 4096, stream.count)])
        offset += 4096
        if case .message(let b, _) = buffer.next() { delivered = b }
    }
    #expect(delivered == body)
}
