import Testing
import AnnoJSON
import AnnoProtocol

private func decode(_ text: String) -> Result<JSONRPCMessage, DecodeFailure> {
    JSONRPCMessage.decode(Array(text.utf8))
}

struct DecodeCase: Sendable, CustomStringConvertible {
    let body: String
    let expected: JSONRPCMessage
    var description: String { body }
}

let validMessages: [DecodeCase] = [
    .init(body: #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null}}"#,
          expected: .request(id: .number(1), method: "initialize", params: ["processId": nil])),
    .init(body: #"{"jsonrpc":"2.0","id":"abc","method":"shutdown"}"#,
          expected: .request(id: .string("abc"), method: "shutdown", params: nil)),
    .init(body: #"{"jsonrpc":"2.0","id":2,"method":"shutdown","params":null}"#,
          expected: .request(id: .number(2), method: "shutdown", params: nil)),
    .init(body: #"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
          expected: .notification(method: "initialized", params: [:])),
    .init(body: #"{"method":"x/y","jsonrpc":"2.0","params":[1,2]}"#,
          expected: .notification(method: "x/y", params: [1, 2])),
    .init(body: #"{"jsonrpc":"2.0","id":"anno-1","result":null}"#,
          expected: .response(id: .string("anno-1"), result: .null, error: nil)),
    .init(body: #"{"jsonrpc":"2.0","id":7,"result":[{"a":1}]}"#,
          expected: .response(id: .number(7), result: [["a": 1]], error: nil)),
    .init(body: #"{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"nope","data":{"m":"x"}}}"#,
          expected: .response(id: .number(3), result: nil,
                              error: ResponseError(code: -32601, message: "nope", data: ["m": "x"]))),
    .init(body: #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"bad"}}"#,
          expected: .response(id: nil, result: nil, error: .parseError("bad"))),
]

@Test("valid messages decode", arguments: validMessages)
func validMessageDecodes(_ c: DecodeCase) throws {
    #expect(try decode(c.body).get() == c.expected)
    // And survive a round trip through encode.
    #expect(try JSONRPCMessage.decode(c.expected.encode()).get() == c.expected)
}

struct FailureCase: Sendable, CustomStringConvertible {
    let body: String
    let code: Int
    let id: RequestID?
    let message: String
    var description: String { body }
}

let invalidMessages: [FailureCase] = [
    .init(body: "{", code: -32700, id: nil, message: "invalid JSON at 1:2: unexpected end of input"),
    .init(body: "", code: -32700, id: nil, message: "invalid JSON at 1:1: unexpected end of input"),
    .init(body: #"{"jsonrpc":"2.0","id":1,"method":"x",}"#, code: -32700, id: nil,
          message: "invalid JSON at 1:37: trailing comma is not allowed"),
    .init(body: "[]", code: -32600, id: nil, message: "batch messages are not supported"),
    .init(body: "42", code: -32600, id: nil, message: "a message must be a JSON object"),
    .init(body: #"{"id":1,"method":"x"}"#, code: -32600, id: .number(1), message: #""jsonrpc" must be "2.0""#),
    .init(body: #"{"jsonrpc":"1.0","id":"a","method":"x"}"#, code: -32600, id: .string("a"), message: #""jsonrpc" must be "2.0""#),
    .init(body: #"{"jsonrpc":2,"id":"a","method":"x"}"#, code: -32600, id: .string("a"), message: #""jsonrpc" must be "2.0""#),
    .init(body: #"{"jsonrpc":"2.0","id":true,"method":"x"}"#, code: -32600, id: nil, message: #""id" must be an integer or a string"#),
    .init(body: #"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#, code: -32600, id: nil, message: #""id" must be an integer or a string"#),
    .init(body: #"{"jsonrpc":"2.0","id":{"n":1},"method":"x"}"#, code: -32600, id: nil, message: #""id" must be an integer or a string"#),
    .init(body: #"{"jsonrpc":"2.0","id":null,"method":"x"}"#, code: -32600, id: nil,
          message: "a request id must be an integer or a string, not null"),
    .init(body: #"{"jsonrpc":"2.0","id":4,"method":5}"#, code: -32600, id: .number(4), message: #""method" must be a string"#),
    .init(body: #"{"jsonrpc":"2.0","id":4,"method":"x","params":"s"}"#, code: -32600, id: .number(4),
          message: #""params" must be an object or an array"#),
    .init(body: #"{"jsonrpc":"2.0"}"#, code: -32600, id: nil, message: #"a message needs "method" or "id""#),
    .init(body: #"{"jsonrpc":"2.0","id":5}"#, code: -32600, id: .number(5), message: #"a response needs "result" or "error""#),
    .init(body: #"{"jsonrpc":"2.0","id":null,"result":1}"#, code: -32600, id: nil, message: "a successful response needs an id"),
    .init(body: #"{"jsonrpc":"2.0","id":6,"error":{"code":"x","message":"m"}}"#, code: -32600, id: .number(6),
          message: #""error" must be an object with an integer "code" and a string "message""#),
]

@Test("invalid messages fail with the right code and id", arguments: invalidMessages)
func invalidMessageFails(_ c: FailureCase) {
    guard case .failure(let failure) = decode(c.body) else {
        Issue.record("decoded \(c.body)")
        return
    }
    #expect(failure.responseError.code == c.code)
    #expect(failure.responseError.message == c.message)
    #expect(failure.id == c.id)
    #expect(failure.errorResponse == .response(id: c.id, result: nil, error: failure.responseError))
}

@Test func encodingIsExactAndOmitsAbsentParams() {
    func text(_ m: JSONRPCMessage) -> String { String(decoding: m.encode(), as: UTF8.self) }
    #expect(text(.request(id: .number(1), method: "m", params: nil)) == #"{"id":1,"jsonrpc":"2.0","method":"m"}"#)
    #expect(text(.notification(method: "n", params: ["a": "é"])) == #"{"jsonrpc":"2.0","method":"n","params":{"a":"é"}}"#)
    #expect(text(.response(id: .string("s"), result: nil, error: nil)) == #"{"id":"s","jsonrpc":"2.0","result":null}"#)
    #expect(text(.response(id: nil, result: nil, error: .parseError("bad"))) ==
            #"{"error":{"code":-32700,"message":"bad"},"id":null,"jsonrpc":"2.0"}"#)
}

@Test func responseErrorCodes() {
    #expect(ResponseError.parseError("").code == -32700)
    #expect(ResponseError.invalidRequest("").code == -32600)
    #expect(ResponseError.methodNotFound("x").code == -32601)
    #expect(ResponseError.methodNotFound("x").message == "method not found: x")
    #expect(ResponseError.invalidParams("").code == -32602)
    #expect(ResponseError.internalError("").code == -32603)
    #expect(ResponseError.serverNotInitialized().code == -32002)
    #expect(ResponseError.unknownErrorCode("").code == -32001)
    #expect(ResponseError.requestCancelled().code == -32800)
    #expect(ResponseError.contentModified().code == -32801)
    #expect(ResponseError.requestFailed("").code == -32803)
    let withData = ResponseError(code: 1, message: "m", data: [1])
    #expect(ResponseError(json: withData.json) == withData)
    #expect(ResponseError(code: 1, message: "m").json == ["code": 1, "message": "m"])
}

@Test func requestIDConversion() {
    #expect(RequestID(json: 3) == .number(3))
    #expect(RequestID(json: "x") == .string("x"))
    #expect(RequestID(json: 3.5) == nil)
    #expect(RequestID(json: nil) == nil)
    #expect(RequestID(json: true) == nil)
    #expect(RequestID.number(3).json == 3)
    #expect(RequestID.string("x").json == "x")
}
