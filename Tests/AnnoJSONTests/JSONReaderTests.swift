import Testing
import AnnoJSON

private let catalogue = """
{
  "version": 2,
  "archives": [
    {"id": "RGADA", "name": "Российский архив", "founded": 1852},
    {"id": "KOR", "name": "국사편찬위원회", "tags": ["a", {"x": [1]}]}
  ],
  "unknown": {"ignored": [true, null]}
}
"""

@Test func streamingReadGivesKeysOffsetsAndValues() throws {
    let bytes = Array(catalogue.utf8)
    var reader = JSONReader(bytes: bytes)
    var version: Int?
    var archives: [(id: String, name: String, idLine: Int, idColumn: Int)] = []
    var seenKeys: [String] = []
    try reader.readObject { key, keyOffset, r in
        seenKeys.append(key)
        #expect(bytes[keyOffset] == UInt8(ascii: "\""))
        switch key {
        case "version":
            #expect(try r.peekKind() == .number)
            version = Int(try r.readNumber())
        case "archives":
            try r.readArray { index, r in
                var id = "", name = ""
                var idPosition = (line: 0, column: 0)
                try r.readObject { key, _, r in
                    switch key {
                    case "id":
                        idPosition = r.location(ofByte: try r.valueStartOffset())
                        id = try r.readString()
                    case "name": name = try r.readString()
                    default: try r.skipValue()
                    }
                }
                #expect(index == archives.count)
                archives.append((id, name, idPosition.line, idPosition.column))
            }
        default:
            break  // left unconsumed: readObject validates and skips it
        }
    }
    try reader.expectEnd()
    #expect(version == 2)
    #expect(seenKeys == ["version", "archives", "unknown"])
    #expect(archives.map(\.id) == ["RGADA", "KOR"])
    #expect(archives.map(\.name) == ["Российский архив", "국사편찬위원회"])
    #expect(archives[0].idLine == 4 && archives[0].idColumn == 12)
    #expect(archives[1].idLine == 5 && archives[1].idColumn == 12)
}

@Test func keyOffsetsPointAtTheOpeningQuote() throws {
    let text = #"{"a": 1, "éé": 2}"#
    var reader = JSONReader(bytes: Array(text.utf8))
    var offsets: [String: Int] = [:]
    try reader.readObject { key, offset, r in
        offsets[key] = offset
        _ = try r.readNumber()
    }
    #expect(offsets == ["a": 1, "éé": 9])
    #expect(reader.location(ofByte: 9) == (1, 10))
}

@Test func typedReadsRejectOtherKindsWithPositions() throws {
    var reader = JSONReader(bytes: Array("\n  [\"x\"]".utf8))
    do {
        _ = try reader.readString()
        Issue.record("expected an error")
    } catch let error as JSONSyntaxError {
        #expect(error.message == "expected a string, found '['")
        #expect(error.line == 2 && error.column == 3)
    }
    var numbers = JSONReader(bytes: Array("true".utf8))
    #expect(throws: JSONSyntaxError.self) { try numbers.readNumber() }
    var nulls = JSONReader(bytes: Array("false".utf8))
    #expect(throws: JSONSyntaxError.self) { try nulls.readNull() }
    var bools = JSONReader(bytes: Array("null".utf8))
    #expect(throws: JSONSyntaxError.self) { try bools.readBool() }
    var objects = JSONReader(bytes: Array("[]".utf8))
    #expect(throws: JSONSyntaxError.self) { try objects.readObject { _, _, _ in } }
}

@Test func peekKindDoesNotConsume() throws {
    var reader = JSONReader(bytes: Array("  [1, \"s\", true, null, {}]".utf8))
    #expect(try reader.peekKind() == .array)
    #expect(reader.offset == 2)
    var kinds: [JSONKind] = []
    try reader.readArray { _, r in
        kinds.append(try r.peekKind())
        try r.skipValue()
    }
    #expect(kinds == [.number, .string, .bool, .null, .object])
    #expect(reader.offset == 26)
    try reader.expectEnd()
}

@Test func readerHandsOverAfterAValue() throws {
    var reader = JSONReader(bytes: Array(#"{"a": 1} trailing"#.utf8))
    #expect(try reader.readValue() == ["a": 1])
    #expect(reader.offset == 8)
    #expect(throws: JSONSyntaxError.self) { try reader.expectEnd() }
}

@Test func errorsThrownByTheBodyPassThrough() {
    struct Rejected: Error {}
    var reader = JSONReader(bytes: Array(#"{"a": 1}"#.utf8))
    #expect(throws: Rejected.self) {
        try reader.readObject { _, _, _ in throw Rejected() }
    }
}

@Test func skipValueValidates() {
    var reader = JSONReader(bytes: Array(#"["ok", "bad\q"]"#.utf8))
    #expect(throws: JSONSyntaxError.self) { try reader.skipValue() }
}

@Test func locationClampsAndCountsScalars() {
    let reader = JSONReader(bytes: Array("ab\nд😀x".utf8))
    #expect(reader.location(ofByte: 0) == (1, 1))
    #expect(reader.location(ofByte: 3) == (2, 1))
    #expect(reader.location(ofByte: 5) == (2, 2))
    #expect(reader.location(ofByte: 9) == (2, 3))
    #expect(reader.location(ofByte: -5) == (1, 1))
    #expect(reader.location(ofByte: 1000) == (2, 4))
}
