@testable import AnnoSyntax

/// The notes parser and the line table on arbitrary bytes (spec/format.md).
///
/// Beyond "does not trap": every parse holds the invariants of Tests/AnnoSyntaxTests/ParserCheck,
/// `citation(at:)` agrees with a linear search, and line/column conversions agree with the
/// standard library's UTF-8 decoder (one U+FFFD per maximal ill-formed subpart) and round-trip.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNotes(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let note = NoteParser.parse(bytes)
    checkCitations(note, in: bytes)
    checkLineTable(LineTable(bytes), bytes)
    return 0
}

private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

func checkCitations(_ note: ParsedNote, in bytes: [UInt8]) {
    var previousEnd = 0
    for c in note.citations {
        let r = c.range
        require(r.lowerBound >= previousEnd && r.upperBound <= bytes.count && r.count >= 2, "citation \(r) out of order or bounds")
        previousEnd = r.upperBound
        require(bytes[r.lowerBound] == 0x5B && bytes[r.lowerBound + 1] == 0x5B, "citation \(r) starts with [[")
        if c.isClosed {
            require(r.count >= 4 && bytes[r.upperBound - 1] == 0x5D && bytes[r.upperBound - 2] == 0x5D, "closed citation \(r) ends with ]]")
        } else {
            require(!isSpace(bytes[r.upperBound - 1]), "unclosed citation \(r) ends at a non-space")
        }
        require(!c.parts.isEmpty, "citation \(r) has a part")
        var partEnd = c.interior.lowerBound
        for p in c.parts {
            require(p.range.lowerBound >= partEnd && p.range.upperBound <= c.interior.upperBound, "part \(p.range) inside \(c.interior)")
            partEnd = p.range.upperBound
            if p.range.isEmpty {
                require(p.text.isEmpty, "an empty range has empty text")
            } else {
                require(!isSpace(bytes[p.range.lowerBound]) && !isSpace(bytes[p.range.upperBound - 1]), "part \(p.range) is trimmed")
                require(!p.text.isEmpty, "a non-empty part range has text")
            }
            require(!p.text.hasPrefix(" ") && !p.text.hasSuffix(" ") && !p.text.contains("  "), "part text trimmed and collapsed")
            require(!p.text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }), "no line breaks or tabs in part text")
        }
    }
    // Lookup by offset agrees with a linear search ("the one beginning there wins").
    let probes = bytes.count <= 256 ? Array(0...bytes.count) : (0..<64).map { $0 * bytes.count / 63 }
    for offset in probes {
        let expected = note.citations.last { $0.range.lowerBound <= offset && offset <= $0.range.upperBound }
        require(note.citation(at: offset) == expected, "citation(at: \(offset))")
    }
}

func checkLineTable(_ table: LineTable, _ bytes: [UInt8]) {
    let starts = table.lineStarts
    require(starts.first == 0, "line 0 starts at 0")
    var breaks = 0
    var i = 0
    while i < bytes.count {
        if bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { breaks += 1; i += 2; continue }
        if bytes[i] == 0x0A || bytes[i] == 0x0D { breaks += 1 }
        i += 1
    }
    require(starts.count == breaks + 1, "\(starts.count) lines for \(breaks) line breaks")
    for k in 1..<max(1, starts.count) {
        require(starts[k] > starts[k - 1] && starts[k] <= bytes.count, "line starts increase")
        let previous = bytes[starts[k] - 1]
        require(previous == 0x0A || previous == 0x0D, "a line starts after a line break")
    }
    let lines = starts.count <= 8 ? Array(0..<starts.count) : (0..<8).map { $0 * (starts.count - 1) / 7 }
    for line in lines {
        let content = table.contentRange(ofLine: line)
        require(content.lowerBound == starts[line] && content.upperBound <= bytes.count, "content range of line \(line)")
        let decoded = String(decoding: bytes[content], as: UTF8.self)
        for unit in [ColumnUnit.utf8, .utf16, .utf32] {
            // The end of the line: the column is what an editor decoding the bytes counts.
            let end = table.position(ofByte: content.upperBound, in: unit)
            let expected: Int
            switch unit {
            case .utf8: expected = content.count
            case .utf16: expected = decoded.utf16.count
            case .utf32: expected = decoded.unicodeScalars.count
            }
            require(end == LineColumn(line: line, column: expected), "end of line \(line) in \(unit): \(end), expected column \(expected)")
            // Columns map to a byte on a character boundary of that line, and back (a sample of
            // columns, so that long lines stay linear).
            let columns = expected <= 16 ? Array(0...(expected + 2)) : (0..<16).map { $0 * (expected + 2) / 15 }
            for column in columns {
                let offset = table.byteOffset(of: LineColumn(line: line, column: column), in: unit)
                require(content.contains(offset) || offset == content.upperBound, "column \(column) of line \(line) maps inside it")
                let back = table.position(ofByte: offset, in: unit)
                require(back.line == line && back.column <= column, "column \(column) → byte \(offset) → \(back)")
                require(table.byteOffset(of: back, in: unit) == offset, "round trip of \(back)")
            }
        }
    }
    require(table.byteOffset(of: LineColumn(line: starts.count, column: 0), in: .utf16) == bytes.count, "a line past the end clamps to the end")
    require(table.byteOffset(of: LineColumn(line: -1, column: 5), in: .utf16) == 0, "a negative line clamps to the start")
}
