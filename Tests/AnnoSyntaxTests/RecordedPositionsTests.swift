import Testing
@testable import AnnoSyntax

/// A workspace index keeps `RecordedPositions` instead of each note's text: every recorded
/// offset must convert exactly as the line table of the text would, in every unit.
@Suite struct RecordedPositionsTests {
    static let text = "# Заметки 한국\r\nKim 😀 [[1960 | Пузанов]] é\n\n\tline three 🇰🇷 end\rlast"

    @Test(arguments: [ColumnUnit.utf8, .utf16, .utf32])
    func recordedOffsetsConvertAsTheLineTableDoes(unit: ColumnUnit) {
        let lines = LineTable(RecordedPositionsTests.text)
        // Every character boundary, plus offsets past the end (clamped as the table clamps them).
        var offsets = Array(0...lines.bytes.count).filter { $0 == lines.bytes.count || lines.bytes[$0] & 0xC0 != 0x80 }
        offsets.append(lines.bytes.count + 5)
        let recorded = RecordedPositions(lines, offsets: offsets.reversed())
        for offset in offsets {
            #expect(recorded.position(ofByte: offset, in: unit) == lines.position(ofByte: offset, in: unit), "offset \(offset)")
        }
    }

    /// Every offset, inside characters too, of texts with invalid bytes, CRLF, lone CRs and
    /// astral characters, recorded in one go.
    @Test(arguments: [ColumnUnit.utf8, .utf16, .utf32])
    func everyOffsetConvertsAsTheLineTableDoes(unit: ColumnUnit) {
        let texts: [[UInt8]] = [
            Array(RecordedPositionsTests.text.utf8),
            Array("a\u{1F600}b".utf8) + [0xF0, 0x9F, 0x98] + Array("c\r\n\r한".utf8) + [0xC3, 0x28, 0xFF, 0xE0, 0x80] + Array("z\n".utf8),
            [],
            Array("\n\n\r\r\n".utf8),
        ]
        for bytes in texts {
            let lines = LineTable(bytes)
            let offsets = Array(-2...(bytes.count + 2))
            let recorded = RecordedPositions(lines, offsets: offsets + offsets.reversed())
            for offset in offsets {
                #expect(recorded.position(ofByte: offset, in: unit) == lines.position(ofByte: offset, in: unit), "offset \(offset) of \(bytes)")
            }
        }
    }

    @Test func anOffsetNotRecordedGetsTheNearestRecordedBeforeIt() {
        let lines = LineTable("ab\ncd\nef")
        let recorded = RecordedPositions(lines, offsets: [3, 7])
        #expect(recorded.count == 2)
        #expect(recorded.contains(3) && !recorded.contains(4))
        #expect(recorded.position(ofByte: 5, in: .utf16) == LineColumn(line: 1, column: 0))
        #expect(recorded.position(ofByte: 1, in: .utf16) == LineColumn(line: 0, column: 0))
    }
}
