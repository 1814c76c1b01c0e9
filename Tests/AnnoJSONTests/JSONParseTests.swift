import Testing
@testable import AnnoJSON

private func parse(_ text: String) throws -> JSONValue { try JSON.parse(text) }

private func syntaxError(_ bytes: [UInt8]) -> JSONSyntaxError? {
    do {
        _ = try JSON.parse(bytes)
        return nil
    } catch let error as JSONSyntaxError {
        return error
    } catch {
        return nil
    }
}

struct ValidCase: Sendable, CustomStringConvertible {
    let text: String
    let expected: JSONValue
    var description: String { text }
}

let validCases: [ValidCase] = [
    .init(text: "null", expected: nil),
    .init(text: " true ", expected: true),
    .init(text: "false", expected: false),
    .init(text: "0", expected: 0),
    .init(text: "-0", expected: .number(-0.0)),
    .init(text: "1.5", expected: 1.5),
    .init(text: "-1.5e3", expected: -1500),
    .init(text: "1E+2", expected: 100),
    .init(text: "1e-2", expected: 0.01),
    .init(text: "0.000001", expected: 0.000001),
    .init(text: "123456789012345678", expected: .number(123456789012345680)),
    .init(text: "9007199254740993", expected: .number(9007199254740992)),
    .init(text: "\"\"", expected: ""),
    .init(text: #""a\"b\\c\/d\b\f\n\r\t""#, expected: "a\"b\\c/d\u{8}\u{C}\n\r\t"),
    .init(text: #""\u00e9\u00C9""#, expected: "éÉ"),
    .init(text: #""\u0000""#, expected: "\u{0}"),
    .init(text: #""\uD83D\uDE00""#, expected: "😀"),
    .init(text: #""\uDE00""#, expected: "\u{FFFD}"),
    .init(text: #""\uD83Dx""#, expected: "\u{FFFD}x"),
    .init(text: #""\uD83D\u0041""#, expected: "\u{FFFD}A"),
    .init(text: #""\uD83D\uD83D\uDE00""#, expected: "\u{FFFD}😀"),
    .init(text: #""\uD83D""#, expected: "\u{FFFD}"),
    .init(text: "\"한국어 기록\"", expected: "한국어 기록"),
    .init(text: "\"Москва, 1905\"", expected: "Москва, 1905"),
    .init(text: "\"📜 e\u{301} 👩‍👩‍👧\"", expected: "📜 e\u{301} 👩‍👩‍👧"),
    .init(text: "[]", expected: []),
    .init(text: "{}", expected: [:]),
    .init(text: " [1, [2, {\"a\": null}]] ", expected: [1, [2, ["a": nil]]]),
    .init(text: "{\"a\":1,\"a\":2}", expected: ["a": 2]),
    .init(text: "\u{FEFF}{\"bom\": true}", expected: ["bom": true]),
    .init(text: "\r\n\t{ \"k\" :\n[ ] }\n", expected: ["k": []]),
]

@Test("valid documents parse", arguments: validCases)
func validDocumentParses(_ c: ValidCase) throws {
    #expect(try parse(c.text) == c.expected)
}

@Test func negativeZeroKeepsItsSign() throws {
    let value = try parse("-0").doubleValue
    #expect(value?.sign == .minus)
}

struct InvalidCase: Sendable, CustomStringConvertible {
    let bytes: [UInt8]
    let message: String
    let line: Int
    let column: Int
    let offset: Int
    init(_ text: String, _ message: String, _ line: Int, _ column: Int, offset: Int) {
        self.init(bytes: Array(text.utf8), message, line, column, offset: offset)
    }
    init(bytes: [UInt8], _ message: String, _ line: Int, _ column: Int, offset: Int) {
        self.bytes = bytes
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
    }
    var description: String { String(decoding: bytes, as: UTF8.self) }
}

let invalidCases: [InvalidCase] = [
    .init("", "unexpected end of input", 1, 1, offset: 0),
    .init("   ", "unexpected end of input", 1, 4, offset: 3),
    .init("[", "unexpected end of input", 1, 2, offset: 1),
    .init("{\"a\":1,}", "trailing comma is not allowed", 1, 7, offset: 6),
    .init("[1,2,]", "trailing comma is not allowed", 1, 5, offset: 4),
    .init("{\"a\" 1}", "expected ':' after object key, found '1'", 1, 6, offset: 5),
    .init("{\"a\":1 \"b\":2}", "expected ',' or '}' after object member, found '\"'", 1, 8, offset: 7),
    .init("[1 2]", "expected ',' or ']' after array element, found '2'", 1, 4, offset: 3),
    .init("{\"a\":}", "expected a JSON value, found '}'", 1, 6, offset: 5),
    .init("{,}", "expected a string key, found ','", 1, 2, offset: 1),
    .init("{'a':1}", "expected a string key, found '''", 1, 2, offset: 1),
    .init("[1,,2]", "expected a JSON value, found ','", 1, 4, offset: 3),
    .init("\"abc", "unterminated string", 1, 1, offset: 0),
    .init("[\"abc\\", "unterminated string", 1, 2, offset: 1),
    .init("\"a\\x\"", "invalid escape \\x", 1, 3, offset: 2),
    .init("\"\\u12G4\"", "invalid \\u escape: expected 4 hex digits", 1, 2, offset: 1),
    .init("\"\\u00\"", "invalid \\u escape: expected 4 hex digits", 1, 2, offset: 1),
    .init("\"\\u00", "unterminated string", 1, 1, offset: 0),
    .init("\"a\tb\"", "control character U+0009 must be escaped in string", 1, 3, offset: 2),
    .init("\"ab\ncd\"", "unescaped line break in string (missing closing '\"'?)", 1, 4, offset: 3),
    .init("01", "leading zeros are not allowed in numbers", 1, 1, offset: 0),
    .init("-01", "leading zeros are not allowed in numbers", 1, 1, offset: 0),
    .init("-", "unexpected end of input", 1, 2, offset: 1),
    .init("-a", "expected a digit after '-', found 'a'", 1, 2, offset: 1),
    .init("1.", "unexpected end of input", 1, 3, offset: 2),
    .init("1.e5", "expected a digit after '.', found 'e'", 1, 3, offset: 2),
    .init("1e", "unexpected end of input", 1, 3, offset: 2),
    .init("[1e+]", "expected a digit after exponent, found ']'", 1, 5, offset: 4),
    .init("1e400", "number out of range", 1, 1, offset: 0),
    .init("+1", "expected a JSON value, found '+'", 1, 1, offset: 0),
    .init(".5", "expected a JSON value, found '.'", 1, 1, offset: 0),
    .init("NaN", "expected a JSON value, found 'N'", 1, 1, offset: 0),
    .init("tru", "unexpected end of input", 1, 4, offset: 3),
    .init("[trux]", "invalid literal, expected 'true'", 1, 2, offset: 1),
    .init("nul", "unexpected end of input", 1, 4, offset: 3),
    .init("// note\n1", "comments are not allowed in JSON", 1, 1, offset: 0),
    .init("[1] /* c */", "comments are not allowed in JSON", 1, 5, offset: 4),
    .init("{}\n  x", "unexpected 'x' after the JSON value", 2, 3, offset: 5),
    .init("1.5.3", "unexpected '.' after the JSON value", 1, 4, offset: 3),
    // Columns count scalars, not bytes.
    .init("[\"ключ\", x]", "expected a JSON value, found 'x'", 1, 10, offset: 13),
    .init("[\"😀\" x]", "expected ',' or ']' after array element, found 'x'", 1, 6, offset: 8),
    .init("{\n  \"이름\": \"값\",\n  \"x\" 1\n}", "expected ':' after object key, found '1'", 3, 7, offset: 27),
    // "\r\n" is one line break; a lone "\r" is one too.
    .init("[\r\n1,\r\n]", "trailing comma is not allowed", 2, 2, offset: 4),
    .init("[\r1\r2]", "expected ',' or ']' after array element, found '2'", 3, 1, offset: 4),
    .init("\u{FEFF}[x]", "expected a JSON value, found 'x'", 1, 2, offset: 4),
    .init("[\u{00A0}1]", "expected a JSON value, found U+00A0", 1, 2, offset: 1),
    // Invalid UTF-8 in strings is reported at the offending byte.
    .init(bytes: [0x22, 0x61, 0xFF, 0x22], "invalid UTF-8 in string", 1, 3, offset: 2),
    .init(bytes: [0x22, 0xC0, 0xAF, 0x22], "invalid UTF-8 in string", 1, 2, offset: 1),
    .init(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], "invalid UTF-8 in string", 1, 2, offset: 1),
    .init(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "invalid UTF-8 in string", 1, 2, offset: 1),
    .init(bytes: [0x22, 0xE2, 0x82], "invalid UTF-8 in string", 1, 2, offset: 1),
    .init(bytes: [0x22, 0xE2, 0x82, 0x41, 0x22], "invalid UTF-8 in string", 1, 2, offset: 1),
    .init(bytes: [0x5B, 0x80, 0x5D], "expected a JSON value, found byte 0x80", 1, 2, offset: 1),
]

@Test("invalid documents report message and position", arguments: invalidCases)
func invalidDocumentReportsPosition(_ c: InvalidCase) {
    let error = syntaxError(c.bytes)
    #expect(error?.message == c.message)
    #expect(error?.line == c.line)
    #expect(error?.column == c.column)
    #expect(error?.offset == c.offset)
}

@Test func errorDescriptionIsLineColonColumn() {
    let error = syntaxError(Array("[1,]".utf8))
    #expect(error?.description == "1:3: trailing comma is not allowed")
}

@Test func nestingAtTheLimitParses() throws {
    let depth = JSONReader.defaultMaxDepth
    let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    var value = try parse(text)
    var levels = 0
    while let inner = value.arrayValue {
        levels += 1
        guard let first = inner.first else { break }
        value = first
    }
    #expect(levels == depth)
}

@Test func nestingPastTheLimitIsAnErrorNotACrash() {
    let depth = JSONReader.defaultMaxDepth
    let text = String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)
    let error = syntaxError(Array(text.utf8))
    #expect(error?.message.hasPrefix("nesting too deep") == true)
    #expect(error?.offset == depth)

    let hostile = String(repeating: "{\"a\":", count: 200_000)
    #expect(syntaxError(Array(hostile.utf8))?.message.hasPrefix("nesting too deep") == true)
}

@Test func customDepthLimit() throws {
    var shallow = JSONReader(bytes: Array("[[1]]".utf8), maxDepth: 1)
    #expect(throws: JSONSyntaxError.self) { try shallow.readValue() }
    var enough = JSONReader(bytes: Array("[[1]]".utf8), maxDepth: 2)
    #expect(try enough.readValue() == [[1]])
}

@Test func everyTruncationOfADocumentFailsCleanly() {
    let document = Array(#"{"a": [1, -2.5e3, "x\u00e9\n", true, false, null], "b": {"c": "😀"}}"#.utf8)
    #expect(syntaxError(document) == nil)
    for length in 0..<document.count {
        // A prefix is never a complete document here, and must throw rather than trap.
        #expect(syntaxError(Array(document[0..<length])) != nil, "prefix of \(length) bytes")
    }
}
