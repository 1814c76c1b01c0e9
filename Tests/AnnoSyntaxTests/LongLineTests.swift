import Testing
@testable import AnnoSyntax

/// Line/column conversion on hostile text: long lines (checkpoints, LineTable+LongLines.swift)
/// and invalid UTF-8, against a plain scan from the line's start with the standard library's
/// decoder (one U+FFFD per maximal ill-formed subpart, as editors decode).
@Suite struct LongLineTests {
    /// The column an editor shows for a byte offset on its line, decoding the prefix.
    func expectedColumn(_ bytes: [UInt8], line start: Int, to offset: Int, _ unit: ColumnUnit) -> Int {
        let s = String(decoding: bytes[start..<offset], as: UTF8.self)
        switch unit {
        case .utf8: return offset - start
        case .utf16: return s.utf16.count
        case .utf32: return s.unicodeScalars.count
        }
    }

    /// Stray continuation bytes are one character each: `position` used to back up over them as
    /// if they were inside a character, so a column after `é\x80` was one short and did not
    /// round-trip through `byteOffset` (found by the notes fuzz target).
    @Test func strayContinuationBytesAreCharactersOfTheirOwn() {
        let bytes: [UInt8] = Array("aé".utf8) + [0x80, 0x97, 0x8B] + Array("z".utf8)
        let table = LineTable(bytes)
        for (offset, column) in [(0, 0), (1, 1), (3, 2), (4, 3), (5, 4), (6, 5)] {
            #expect(table.position(ofByte: offset, in: .utf16) == LineColumn(line: 0, column: column), "byte \(offset)")
            #expect(table.byteOffset(of: LineColumn(line: 0, column: column), in: .utf16) == offset)
        }
        // Inside é (a valid two-byte character) still counts as its start.
        #expect(table.position(ofByte: 2, in: .utf16).column == 1)
    }

    /// A 3 MB line of mixed characters and invalid bytes: every sampled offset converts to the
    /// column a decoder counts, and back, in each unit.
    @Test(arguments: [ColumnUnit.utf8, .utf16, .utf32])
    func aLongLineConvertsLikeAScanFromItsStart(_ unit: ColumnUnit) {
        let pieces: [[UInt8]] = [Array("word ".utf8), Array("é".utf8), Array("😀".utf8), Array("한".utf8), [0x80], [0xE2, 0x82], [0xFF],
                                 Array("[[1960 | x]] ".utf8)]
        var bytes: [UInt8] = Array("first line\r\n".utf8)
        var state: UInt64 = 3
        while bytes.count < 3_000_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            bytes += pieces[Int(state >> 33) % pieces.count]
        }
        bytes += Array("\nlast".utf8)
        let table = LineTable(bytes)
        #expect(table.lineCount == 3)
        let start = table.lineStarts[1]
        let end = table.contentRange(ofLine: 1).upperBound
        var offset = start
        var probes = 0
        var decoded = (byte: start, column: 0)   // decoding so far, up to a character start
        while offset <= end {
            // The start of the character containing `offset`, as the table defines it.
            let position = table.position(ofByte: offset, in: unit)
            let back = table.byteOffset(of: position, in: unit)
            #expect(back <= offset && back >= decoded.byte && position.line == 1)
            decoded = (back, decoded.column + expectedColumn(bytes, line: decoded.byte, to: back, unit))
            #expect(position.column == decoded.column, "byte \(offset)")
            #expect(table.position(ofByte: back, in: unit) == position)
            offset += 997 + probes % 7
            probes += 1
        }
        #expect(probes > 3_000)
        #expect(table.position(ofByte: end, in: unit).column == decoded.column + expectedColumn(bytes, line: decoded.byte, to: end, unit))
        #expect(table.byteOffset(of: LineColumn(line: 1, column: Int.max / 2), in: unit) == end)
    }

    /// A million conversions on one 3 MB line (a diagnostic on every citation of a note written as
    /// one paragraph) scan a bounded stretch each, not the line from its start: this finishes.
    @Test func aMillionConversionsOnOneLongLine() {
        let bytes = Array(String(repeating: "[[ ", count: 1_000_000).utf8)
        let table = LineTable(bytes)
        var total = 0
        for k in stride(from: 0, to: bytes.count, by: 3) {
            total &+= table.position(ofByte: k, in: .utf16).column
        }
        #expect(total == (0..<1_000_000).reduce(0) { $0 + $1 * 3 })
    }
}
