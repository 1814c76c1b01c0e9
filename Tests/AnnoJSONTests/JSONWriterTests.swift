import Testing
@testable import AnnoJSON

struct NumberCase: Sendable, CustomStringConvertible {
    let value: Double
    let text: String
    var description: String { text }
}

@Test("numbers serialize in their shortest JSON form", arguments: [
    NumberCase(value: 3, text: "3"),
    NumberCase(value: -42, text: "-42"),
    NumberCase(value: -0.0, text: "0"),
    NumberCase(value: 1.5, text: "1.5"),
    NumberCase(value: 0.1, text: "0.1"),
    NumberCase(value: 9_007_199_254_740_991, text: "9007199254740991"),
    NumberCase(value: -9_007_199_254_740_991, text: "-9007199254740991"),
    NumberCase(value: 9_007_199_254_740_992, text: "9007199254740992"),
    NumberCase(value: 9_007_199_254_740_994, text: "9.007199254740994e+15"),
    NumberCase(value: 1e20, text: "1e+20"),
    NumberCase(value: 1e-7, text: "1e-07"),
    NumberCase(value: .nan, text: "null"),
    NumberCase(value: .infinity, text: "null"),
    NumberCase(value: -.infinity, text: "null"),
])
func numberSerialization(_ c: NumberCase) throws {
    #expect(JSON.serializeString(.number(c.value)) == c.text)
    if c.value.isFinite {
        #expect(try JSON.parse(c.text).doubleValue == c.value)
    }
}

@Test func stringsEscapeQuotesBackslashesAndControlsOnly() {
    let value: JSONValue = .string("a\"b\\c/\n\r\t\u{8}\u{C}\u{1}\u{1F}é한😀")
    #expect(JSON.serializeString(value) == #""a\"b\\c/\n\r\t\b\f\u0001\u001Fé한😀""#)
}

@Test func keysAreSortedAndOutputIsCompact() {
    let value: JSONValue = ["b": 1, "a": [true, nil], "é": "x", "Z": [:]]
    #expect(JSON.serializeString(value) == #"{"Z":{},"a":[true,null],"b":1,"é":"x"}"#)
}

@Test func prettyIndentsByTwoSpaces() {
    let value: JSONValue = ["name": "Acta", "pages": [1, 2], "empty": [], "meta": ["k": nil]]
    let expected = """
    {
      "empty": [],
      "meta": {
        "k": null
      },
      "name": "Acta",
      "pages": [
        1,
        2
      ]
    }
    """
    #expect(JSON.serializeString(value, pretty: true) == expected)
}

@Test func valueTreesRoundTrip() throws {
    let value: JSONValue = [
        "archive": "Rossiyskiy gosudarstvennyy arkhiv — РГАДА",
        "korean": "국사편찬위원회",
        "emoji": "📜✒️",
        "controls": "tab\there\u{0}nul",
        "numbers": [0, -1, 2.5, 1e300, -1e-300, 123456789],
        "nested": [["deep": [[[nil]]]]],
        "flags": [true, false],
    ]
    for pretty in [false, true] {
        let bytes = JSON.serialize(value, pretty: pretty)
        #expect(try JSON.parse(bytes) == value)
    }
}

@Test func textRoundTripsToCanonicalForm() throws {
    let text = #" { "b" : [ 1.0 , 2e0 , "\u0041\/" ] , "a" : { } } "#
    #expect(JSON.serializeString(try JSON.parse(text)) == #"{"a":{},"b":[1,2,"A/"]}"#)
}

@Test func descriptionIsCompactJSON() {
    let value: JSONValue = ["k": [1, "v"]]
    #expect(value.description == #"{"k":[1,"v"]}"#)
}
