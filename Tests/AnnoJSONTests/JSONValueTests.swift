import Testing
import AnnoJSON

@Test func accessorsReturnNilForOtherKinds() {
    let value: JSONValue = ["s": "x", "i": 3, "d": 2.5, "b": true, "a": [1], "o": ["k": nil], "n": nil]
    #expect(value["s"]?.stringValue == "x")
    #expect(value["i"]?.intValue == 3)
    #expect(value["d"]?.intValue == nil)
    #expect(value["d"]?.doubleValue == 2.5)
    #expect(value["b"]?.boolValue == true)
    #expect(value["a"]?.arrayValue == [1])
    #expect(value["o"]?.objectValue == ["k": .null])
    #expect(value["n"]?.isNull == true)
    #expect(value["missing"] == nil)
    #expect(value["s"]?.intValue == nil)
    #expect(value["i"]?.stringValue == nil)
    #expect(value[0] == nil)
    #expect(JSONValue.string("x")["k"] == nil)
}

@Test func arraySubscriptIsBoundsChecked() {
    let value: JSONValue = [10, 20]
    #expect(value[0] == 10)
    #expect(value[1] == 20)
    #expect(value[2] == nil)
    #expect(value[-1] == nil)
}

@Test func intValueOnlyForIntegralNumbersInRange() {
    #expect(JSONValue.number(1e300).intValue == nil)
    #expect(JSONValue.number(-7).intValue == -7)
    #expect(JSONValue.number(.nan).intValue == nil)
    #expect(JSONValue.number(0.5).intValue == nil)
}

@Test func literalsBuildTheExpectedCases() {
    let value: JSONValue = ["a": 1, "a2": 1.5, "b": "s", "c": false, "d": nil, "e": [1]]
    #expect(value == .object([
        "a": .number(1), "a2": .number(1.5), "b": .string("s"), "c": .bool(false), "d": .null,
        "e": .array([.number(1)]),
    ]))
    #expect(value["a"]?.kind == .number)
    #expect(value["d"]?.kind == JSONKind.null)
}

@Test func objectOmittingNilDropsAbsentMembers() {
    let version: Int? = nil
    let value = JSONValue.object(omittingNil: ["uri": JSONValue("file:///a"), "version": version.map { JSONValue($0) }, "n": .null])
    #expect(value == ["uri": "file:///a", "n": nil])
    #expect(JSONValue(3) == 3 && JSONValue(true) == true && JSONValue(2.5) == 2.5 && JSONValue("s") == "s")
}
