import Testing
@testable import AnnoSyntax

/// A fixture with one cursor marker `‸`: the text without it, and the marker's byte offset.
func cursor(_ fixture: String) -> (bytes: [UInt8], offset: Int) {
    let marker = Array("‸".utf8)
    var bytes = Array(fixture.utf8)
    var at = 0
    while at + marker.count <= bytes.count && Array(bytes[at..<at + marker.count]) != marker { at += 1 }
    if at + marker.count <= bytes.count { bytes.removeSubrange(at..<at + marker.count) }
    return (bytes, at)
}

/// One row: a fixture with a cursor, and the cursor's line and column in each unit.
struct PositionCase: Sendable, CustomTestStringConvertible {
    let fixture: String
    let line: Int, utf8: Int, utf16: Int, utf32: Int
    var testDescription: String { fixture.debugDescription }
    init(_ fixture: String, line: Int, utf8: Int, utf16: Int, utf32: Int) {
        self.fixture = fixture; self.line = line; self.utf8 = utf8; self.utf16 = utf16; self.utf32 = utf32
    }
}

@Suite("LineTable")
struct LineTableTests {
    static let positions: [PositionCase] = [
        PositionCase("‸abc", line: 0, utf8: 0, utf16: 0, utf32: 0),
        PositionCase("abc‸", line: 0, utf8: 3, utf16: 3, utf32: 3),
        // Hangul: 3 bytes, 1 UTF-16 unit each.
        PositionCase("한국‸ [[1960 | X]]", line: 0, utf8: 6, utf16: 2, utf32: 2),
        // Cyrillic: 2 bytes, 1 UTF-16 unit each.
        PositionCase("Привет ‸[[1960 | X]]", line: 0, utf8: 13, utf16: 7, utf32: 7),
        // Emoji: 4 bytes, 2 UTF-16 units (a surrogate pair), 1 scalar.
        PositionCase("😀‸x", line: 0, utf8: 4, utf16: 2, utf32: 1),
        PositionCase("a😀한П‸", line: 0, utf8: 10, utf16: 5, utf32: 4),
        // A decomposed é is two scalars; a family emoji is five scalars joined by ZWJ.
        PositionCase("e\u{301}‸", line: 0, utf8: 3, utf16: 2, utf32: 2),
        PositionCase("👨‍👩‍👧‸", line: 0, utf8: 18, utf16: 8, utf32: 5),
        // Line endings: LF, CRLF and a lone CR each end a line.
        PositionCase("ab\ncd‸", line: 1, utf8: 2, utf16: 2, utf32: 2),
        PositionCase("ab\r\n한‸", line: 1, utf8: 3, utf16: 1, utf32: 1),
        PositionCase("ab\r😀‸", line: 1, utf8: 4, utf16: 2, utf32: 1),
        PositionCase("a\r\r\n‸b", line: 2, utf8: 0, utf16: 0, utf32: 0),
        PositionCase("a\n\r‸b", line: 2, utf8: 0, utf16: 0, utf32: 0),
        PositionCase("a\n\n‸", line: 2, utf8: 0, utf16: 0, utf32: 0),
        PositionCase("x\r\n\r\n  Привет 한국 😀 ‸[[1960 | X]]", line: 2, utf8: 2 + 13 + 7 + 5, utf16: 2 + 7 + 3 + 3, utf32: 2 + 7 + 3 + 2),
        // An offset on a line terminator belongs to the line it ends, at the line's end.
        PositionCase("ab‸\r\ncd", line: 0, utf8: 2, utf16: 2, utf32: 2),
        PositionCase("한‸\rcd", line: 0, utf8: 3, utf16: 1, utf32: 1),
    ]

    @Test(arguments: positions)
    func position(_ c: PositionCase) {
        check(c.fixture, line: c.line, utf8: c.utf8, utf16: c.utf16, utf32: c.utf32)
    }

    /// Checks the cursor's position in every unit, and that each position leads back to the cursor.
    func check(_ fixture: String, line: Int, utf8: Int, utf16: Int, utf32: Int,
               sourceLocation: SourceLocation = #_sourceLocation) {
        let (bytes, offset) = cursor(fixture)
        let table = LineTable(bytes)
        for (unit, column) in [(ColumnUnit.utf8, utf8), (.utf16, utf16), (.utf32, utf32)] {
            let position = table.position(ofByte: offset, in: unit)
            #expect(position == LineColumn(line: line, column: column), "\(unit)", sourceLocation: sourceLocation)
            #expect(table.byteOffset(of: position, in: unit) == min(offset, table.contentRange(ofLine: line).upperBound),
                    "\(unit) round trip", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [
        ("", [0..<0]),
        ("a", [0..<1]),
        ("a\n", [0..<1, 2..<2]),
        ("a\r\n", [0..<1, 3..<3]),
        ("a\r", [0..<1, 2..<2]),
        ("a\r\r\nb\nc", [0..<1, 2..<2, 4..<5, 6..<7]),
        ("\n\n", [0..<0, 1..<1, 2..<2]),
    ])
    func lines(_ text: String, _ contents: [Range<Int>]) {
        let table = LineTable(text)
        #expect(table.lineCount == contents.count)
        #expect((0..<table.lineCount).map(table.contentRange(ofLine:)) == contents)
        #expect(table.lineStarts.first == 0)
        #expect(table.contentRange(ofLine: -1) == text.utf8.count..<text.utf8.count)
        #expect(table.contentRange(ofLine: contents.count) == text.utf8.count..<text.utf8.count)
    }

    @Test func lineContainingByte() {
        let table = LineTable("ab\r\ncd\ref\n")
        let lines = (0...10).map(table.line(containingByte:))
        #expect(lines == [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3])
        #expect(table.line(containingByte: -4) == 0)
        #expect(table.line(containingByte: 99) == 3)
    }

    /// A text with every script and every line ending, for round trips.
    static let mixed = "Kim 한국어\r\nПривет 😀 [[1960 | X]]\rline\n\n👨‍👩‍👧 e\u{301}\r\n"

    @Test(arguments: [ColumnUnit.utf8, .utf16, .utf32])
    func offsetToPositionToOffset(_ unit: ColumnUnit) {
        let bytes = Array(Self.mixed.utf8)
        let table = LineTable(bytes)
        for offset in 0...bytes.count where isCharacterBoundary(bytes, offset) && !isInsideCRLF(bytes, offset) {
            let position = table.position(ofByte: offset, in: unit)
            #expect(table.byteOffset(of: position, in: unit) == offset, "offset \(offset) → \(position)")
        }
    }

    @Test(arguments: [ColumnUnit.utf8, .utf16, .utf32])
    func positionToOffsetToPosition(_ unit: ColumnUnit) {
        let text = Self.mixed
        let table = LineTable(text)
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        #expect(lines.count == table.lineCount)
        for (number, line) in lines.enumerated() {
            // Every column that falls between two scalars of the line.
            var columns = [0]
            for scalar in line.unicodeScalars {
                let width: Int
                switch unit {
                case .utf8: width = scalar.utf8.count
                case .utf16: width = scalar.utf16.count
                case .utf32: width = 1
                }
                columns.append(columns[columns.count - 1] + width)
            }
            for column in columns {
                let position = LineColumn(line: number, column: column)
                #expect(table.position(ofByte: table.byteOffset(of: position, in: unit), in: unit) == position)
            }
        }
    }

    @Test func clampingOffsets() {
        let table = LineTable("ab\n한")
        #expect(table.position(ofByte: -5, in: .utf16) == LineColumn(line: 0, column: 0))
        #expect(table.position(ofByte: 999, in: .utf16) == LineColumn(line: 1, column: 1))
        #expect(table.position(ofByte: 999, in: .utf8) == LineColumn(line: 1, column: 3))
        let empty = LineTable("")
        #expect(empty.lineCount == 1)
        #expect(empty.position(ofByte: 0, in: .utf16) == LineColumn(line: 0, column: 0))
        #expect(empty.position(ofByte: 3, in: .utf16) == LineColumn(line: 0, column: 0))
        #expect(empty.byteOffset(of: LineColumn(line: 0, column: 5), in: .utf16) == 0)
        #expect(empty.byteOffset(of: LineColumn(line: 4, column: 0), in: .utf16) == 0)
    }

    @Test func clampingPositions() {
        let table = LineTable("ab\r\n한😀\nz")
        // Lines before the text clamp to its start, lines after it to its end.
        #expect(table.byteOffset(of: LineColumn(line: -1, column: 3), in: .utf16) == 0)
        #expect(table.byteOffset(of: LineColumn(line: 3, column: 0), in: .utf16) == 13)
        // Columns past a line's end clamp to the end of its content, before the terminator.
        #expect(table.byteOffset(of: LineColumn(line: 0, column: 40), in: .utf16) == 2)
        #expect(table.byteOffset(of: LineColumn(line: 1, column: 40), in: .utf32) == 11)
        #expect(table.byteOffset(of: LineColumn(line: 1, column: -2), in: .utf16) == 4)
    }

    @Test func columnsInsideACharacterMoveToItsStart() {
        let table = LineTable("한😀x")
        // Between the halves of the emoji's surrogate pair.
        #expect(table.byteOffset(of: LineColumn(line: 0, column: 2), in: .utf16) == 3)
        #expect(table.byteOffset(of: LineColumn(line: 0, column: 3), in: .utf16) == 7)
        // Inside the UTF-8 bytes of the Hangul syllable and of the emoji.
        #expect(table.byteOffset(of: LineColumn(line: 0, column: 1), in: .utf8) == 0)
        #expect(table.byteOffset(of: LineColumn(line: 0, column: 2), in: .utf8) == 0)
        #expect(table.byteOffset(of: LineColumn(line: 0, column: 5), in: .utf8) == 3)
        // Byte offsets inside a character count up to that character's start.
        #expect(table.position(ofByte: 1, in: .utf16) == LineColumn(line: 0, column: 0))
        #expect(table.position(ofByte: 5, in: .utf16) == LineColumn(line: 0, column: 1))
        #expect(table.position(ofByte: 5, in: .utf32) == LineColumn(line: 0, column: 1))
        #expect(table.position(ofByte: 7, in: .utf16) == LineColumn(line: 0, column: 3))
    }

    @Test func invalidUTF8CountsWithoutCrashing() {
        // A stray continuation byte, a truncated 3-byte sequence at the end of a line, a lone 4-byte lead.
        let bytes: [UInt8] = [0x80, 0x61, 0xE2, 0x82, 0x0A, 0xF0, 0x0A, 0xFF, 0x00]
        let table = LineTable(bytes)
        #expect(table.lineCount == 3)
        for unit in [ColumnUnit.utf8, .utf16, .utf32] {
            for offset in -1...bytes.count + 1 {
                let position = table.position(ofByte: offset, in: unit)
                let back = table.byteOffset(of: position, in: unit)
                #expect((0...bytes.count).contains(back))
                #expect(position.line == table.line(containingByte: min(max(offset, 0), bytes.count)))
            }
        }
    }

    @Test func countBetweenOffsets() {
        let bytes = Array("a😀한".utf8)
        #expect(LineTable.count(bytes, from: 0, to: bytes.count, in: .utf8) == 8)
        #expect(LineTable.count(bytes, from: 0, to: bytes.count, in: .utf16) == 4)
        #expect(LineTable.count(bytes, from: 0, to: bytes.count, in: .utf32) == 3)
        #expect(LineTable.count(bytes, from: 1, to: 5, in: .utf16) == 2)
    }
}

func isCharacterBoundary(_ bytes: [UInt8], _ offset: Int) -> Bool {
    offset == bytes.count || bytes[offset] & 0xC0 != 0x80
}

func isInsideCRLF(_ bytes: [UInt8], _ offset: Int) -> Bool {
    offset > 0 && offset < bytes.count && bytes[offset - 1] == 0x0D && bytes[offset] == 0x0A
}
