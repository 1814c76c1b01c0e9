import Testing
import AnnoProtocol

/// What a run of the framing function over a buffer yields, in order.
enum Frame: Equatable, CustomStringConvertible {
    case body(String)
    case invalid(String)
    case needMore

    var description: String {
        switch self {
        case .body(let s): return "body(\(s))"
        case .invalid(let s): return "invalid(\(s))"
        case .needMore: return "needMore"
        }
    }
}

/// Applies the pure function repeatedly, dropping what each result consumed.
func frames(_ input: [UInt8], maxBodyBytes: Int = MessageFraming.defaultMaxBodyBytes) -> [Frame] {
    var rest = input[...]
    var out: [Frame] = []
    while true {
        switch MessageFraming.nextMessage(in: rest, maxBodyBytes: maxBodyBytes) {
        case .needMoreBytes:
            out.append(.needMore)
            return out
        case .message(let body, let consumed):
            out.append(.body(String(decoding: body, as: UTF8.self)))
            rest = rest.dropFirst(consumed)
        case .invalid(let reason, let consumed):
            out.append(.invalid(reason))
            rest = rest.dropFirst(min(consumed, rest.count))
        }
    }
}

struct FramingCase: Sendable, CustomStringConvertible {
    let name: String
    let input: String
    let maxBodyBytes: Int
    let expected: [Frame]
    init(_ name: String, _ input: String, max: Int = MessageFraming.defaultMaxBodyBytes, _ expected: [Frame]) {
        self.name = name
        self.input = input
        self.maxBodyBytes = max
        self.expected = expected
    }
    var description: String { name }
}


let framingCases: [FramingCase] = [
    .init("one message", "Content-Length: 2\r\n\r\n{}", [.body("{}"), .needMore]),
    .init("empty buffer", "", [.needMore]),
    .init("body split", "Content-Length: 4\r\n\r\nnu", [.needMore]),
    .init("header split mid-line", "Content-Len", [.needMore]),
    .init("header split before blank line", "Content-Length: 2\r\n", [.needMore]),
    .init("header split inside CRLF CRLF", "Content-Length: 2\r\n\r", [.needMore]),
    .init("two messages in one buffer", "Content-Length: 2\r\n\r\n{}Content-Length: 4\r\n\r\nnull",
          [.body("{}"), .body("null"), .needMore]),
    .init("message then partial", "Content-Length: 2\r\n\r\n[]Content-Length: 9\r\n\r\n{\"a\"",
          [.body("[]"), .needMore]),
    .init("lowercase header", "content-length: 2\r\n\r\n{}", [.body("{}"), .needMore]),
    .init("uppercase, no space", "CONTENT-LENGTH:2\r\n\r\n{}", [.body("{}"), .needMore]),
    .init("padded value", "Content-Length: \t 2  \r\n\r\n{}", [.body("{}"), .needMore]),
    .init("extra headers", "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 2\r\nX-Anno: yes\r\n\r\n{}",
          [.body("{}"), .needMore]),
    .init("bare LF", "Content-Length: 2\n\n{}", [.body("{}"), .needMore]),
    .init("non-ASCII body counted in bytes", "Content-Length: 8\r\n\r\n\"é😀\"", [.body("\"é😀\""), .needMore]),
    .init("zero length", "Content-Length: 0\r\n\r\n", [.body(""), .needMore]),
    .init("missing length resyncs after the header block",
          "Content-Type: x\r\n\r\nContent-Length: 2\r\n\r\n{}",
          [.invalid("missing Content-Length header"), .body("{}"), .needMore]),
    .init("negative length", "Content-Length: -5\r\n\r\n", [.invalid("invalid Content-Length '-5'"), .needMore]),
    .init("non-numeric length", "Content-Length: abc\r\n\r\n", [.invalid("invalid Content-Length 'abc'"), .needMore]),
    .init("empty length", "Content-Length:\r\n\r\n", [.invalid("invalid Content-Length ''"), .needMore]),
    .init("overflowing length", "Content-Length: 99999999999999999999\r\n\r\n",
          [.invalid("invalid Content-Length '99999999999999999999'"), .needMore]),
    .init("conflicting lengths", "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
          [.invalid("conflicting Content-Length headers (2 and 3)"), .needMore]),
    .init("huge length is skipped, not allocated", "Content-Length: 100\r\n\r\n0123456789", max: 10,
          [.invalid("Content-Length 100 exceeds the limit of 10 bytes; message skipped"), .needMore]),
    .init("length at the limit", "Content-Length: 10\r\n\r\n0123456789", max: 10, [.body("0123456789"), .needMore]),
    .init("stray blank line", "\r\nContent-Length: 2\r\n\r\n{}",
          [.invalid("missing Content-Length header"), .body("{}"), .needMore]),
]

@Test("framing table", arguments: framingCases)
func framingTable(_ c: FramingCase) {
    #expect(frames(Array(c.input.utf8), maxBodyBytes: c.maxBodyBytes) == c.expected)
}

@Test func hugeHeaderWithoutTerminatorIsInvalid() {
    let junk = Array(String(repeating: "X", count: MessageFraming.maxHeaderBytes + 10).utf8)
    #expect(frames(junk) == [.invalid("header block exceeds 8192 bytes without a blank line"), .needMore])
    let almost = Array(String(repeating: "X", count: MessageFraming.maxHeaderBytes - 10).utf8)
    #expect(frames(almost) == [.needMore])
}

@Test func consumedCountsHeaderAndBody() {
    let input = Array("Content-Length: 2\r\n\r\n{}rest".utf8)
    #expect(MessageFraming.nextMessage(in: input) == .message(body: Array("{}".utf8), consumed: 23))
    let huge = Array("Content-Length: 1000\r\n\r\n".utf8)
    guard case .invalid(_, let consumed) = MessageFraming.nextMessage(in: huge, maxBodyBytes: 10) else {
        Issue.record("expected invalid")
        return
    }
    #expect(consumed == huge.count + 1000)
}

@Test func framingWorksOnSlicesThatDoNotStartAtZero() {
    let input = Array("garbageContent-Length: 2\r\n\r\n{}".utf8)
    #expect(MessageFraming.nextMessage(in: input[7...]) == .message(body: Array("{}".utf8), consumed: 23))
}

@Test func frameWritesContentLengthInBytes() {
    let framed = MessageFraming.frame(Array("\"é\"".utf8))
    #expect(String(decoding: framed, as: UTF8.self) == "Content-Length: 4\r\n\r\n\"é\"")
    #expect(frames(framed) == [.body("\"é\""), .needMore])
}
