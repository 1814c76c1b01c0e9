import Testing
@testable import AnnoSyntax
import AnnoTestSupport

/// Inputs built to find crashes and super-linear paths. They assert results, not timings: a
/// quadratic path shows up as a test run that does not finish.
@Suite("NoteParser: hostile input")
struct HostileInputTests {
    @Test func invalidUTF8() throws {
        // Stray continuation bytes, a truncated sequence, 0xFF, an overlong NUL, inside and around citations.
        var bytes: [UInt8] = [0xFF, 0xFE, 0x80]
        bytes += Array("[[1960 | ".utf8) + [0xC3] + Array("X".utf8) + [0xE2, 0x82] + Array(" | p".utf8) + [0xC0, 0x80] + Array("]]".utf8)
        bytes += [0xF0, 0x9F] + Array("[[1961 | Y]]".utf8) + [0xED, 0xA0, 0x80]
        let note = NoteParser.parse(bytes)
        checkInvariants(bytes, note)
        try #require(note.citations.count == 2)
        #expect(note.citations[0].range == 3..<(bytes.count - 17))
        #expect(note.citations[0].parts.map(\.text) == ["1960", "\u{FFFD}X\u{FFFD}", "p\u{FFFD}\u{FFFD}"])
        #expect(note.citations[0].parts[1].range == 12..<16)
        #expect(note.citations[1].parts.map(\.text) == ["1961", "Y"])
    }

    @Test func everyByteValue() {
        // Each of the 256 byte values, alone and between citation syntax.
        for value in 0...255 {
            let b = UInt8(value)
            for bytes in [[b], [0x5B, 0x5B, b, 0x7C, b, 0x5D, 0x5D], [b, 0x5B, 0x5B, b], [0x60, b, 0x60, b]] {
                checkInvariants(bytes, NoteParser.parse(bytes))
            }
        }
    }

    @Test func fiveMegabyteLineOfCitations() throws {
        let unit = #"word [[1960-05-02 | Title [x] \| y | p. 3]] "#
        let count = 5_000_000 / unit.utf8.count + 1
        let bytes = Array(String(repeating: unit, count: count).utf8)
        #expect(bytes.count > 5_000_000)
        let note = NoteParser.parse(bytes)
        #expect(note.citations.count == count)
        let last = try #require(note.citations.last)
        #expect(last.isClosed && last.parts.map(\.text) == ["1960-05-02", "Title [x] | y", "p. 3"])
        #expect(note.citations.allSatisfy { $0.isClosed })
        let table = LineTable(bytes)
        #expect(table.lineCount == 1)
        #expect(table.position(ofByte: last.range.lowerBound, in: .utf16).column == last.range.lowerBound)
    }

    @Test func fiveMegabyteUnclosedCitation() throws {
        let bytes = Array(("[[1960 | " + String(repeating: "very long title ", count: 5_000_000 / 16)).utf8)
        let note = NoteParser.parse(bytes)
        let only = try #require(note.citations.first)
        #expect(note.citations.count == 1 && !only.isClosed)
        #expect(only.range == 0..<(bytes.count - 1))
        #expect(only.parts[1].text.utf8.count == bytes.count - 10)
    }

    @Test(arguments: [
        // 200k separate [[: each ends the one before.
        (String(repeating: "[[ ", count: 200_000), 200_000, 0),
        (String(repeating: "[[x ", count: 200_000), 200_000, 0),
        (String(repeating: "[[\n", count: 200_000), 200_000, 0),
        // One run of 400k [: one citation, at its end.
        (String(repeating: "[[", count: 200_000), 1, 0),
        (String(repeating: "[[", count: 200_000) + "1960 | X]]", 1, 1),
        (String(repeating: "[[x]]", count: 200_000), 200_000, 200_000),
        (String(repeating: "[[x | [a | b [", count: 100_000), 100_000, 0),
        (String(repeating: "]", count: 1_000_000) + "[[x]]", 1, 1),
        ("[[x | " + String(repeating: "[", count: 1) + String(repeating: "a[", count: 500_000) + "]]", 1, 1),
        ("[[x | " + String(repeating: "\\|", count: 500_000) + "]]", 1, 1),
        (String(repeating: "[[x | y\n", count: 200_000), 200_000, 0),
        (String(repeating: "x\n", count: 200_000) + "[[a]]", 1, 1),
        (String(repeating: "\n", count: 500_000) + "[[a]]", 1, 1),
        (String(repeating: "\r\n", count: 500_000) + "[[a]]", 1, 1),
    ] as [(String, Int, Int)])
    func brackets(_ input: String, _ citations: Int, _ closed: Int) {
        let bytes = Array(input.utf8)
        let note = NoteParser.parse(bytes)
        #expect(note.citations.count == citations)
        #expect(note.citations.filter(\.isClosed).count == closed)
    }

    @Test(arguments: [
        // One run of 200k backticks has no closer: literal, and the citation after it counts.
        ("x " + String(repeating: "`", count: 200_000) + " [[a]]", 1),
        // At a line start the same run is a fence, its info string "[[a]]", and the block runs to the end.
        (String(repeating: "`", count: 200_000) + " [[a]]", 0),
        // 200k single backticks pair up into spans; the odd one out is literal.
        (String(repeating: "` ", count: 200_001) + "[[a]]", 1),
        (String(repeating: "`[[x]]` ", count: 100_000) + "[[a]]", 1),
        (String(repeating: "`\n", count: 200_001) + "[[a]]", 1),
        (String(repeating: "` [[x]]\n\n", count: 100_000), 100_000),
        // Runs of every length up to 1,400, none closed: each must not rescan the paragraph.
        ((1...1_400).map { String(repeating: "`", count: $0) }.joined(separator: " [[x]] "), 1_399),
        ((1...1_400).reversed().map { String(repeating: "`", count: $0) }.joined(separator: " [[x]] "), 1_399),
        // 200k fence lines open and close blocks alternately.
        (String(repeating: "```\n[[x]]\n", count: 200_000) + "[[a]]", 100_000 + 1),
        (String(repeating: "~~~\n", count: 200_000) + "[[a]]", 1),
        (String(repeating: "```` x`\n", count: 200_000) + "[[a]]", 1),
        (String(repeating: "[[x | a\n```\n", count: 100_000), 50_000),
    ] as [(String, Int)])
    func backticks(_ input: String, _ citations: Int) {
        let bytes = Array(input.utf8)
        let note = NoteParser.parse(bytes)
        #expect(note.citations.count == citations)
    }

    /// Random notes built from the grammar's tokens: every parse holds the invariants, and
    /// citation lookup agrees with a linear search.
    @Test func randomNotesHoldTheInvariants() {
        let tokens: [[UInt8]] = ["[[", "[", "]", "]]", "]]]", "|", "\\", "\\[", "`", "``", "```", "~~~", "\n", "\r\n",
                                 "\r", "\n\n", " ", "   ", "\t", "a", "1960-05-02", "한", "😀", "\0"].map { Array($0.utf8) } + [[0xFF], [0xE2, 0x82]]
        var random = SeededRandom(seed: 2)
        for _ in 0..<5_000 {
            var bytes: [UInt8] = []
            for _ in 0..<random.next(below: 40) { bytes += tokens[random.next(below: tokens.count)] }
            let note = NoteParser.parse(bytes)
            checkInvariants(bytes, note)
            for offset in [0, bytes.count / 2, bytes.count] {
                let expected = note.citations.last { $0.range.lowerBound <= offset && offset <= $0.range.upperBound }
                #expect(note.citation(at: offset) == expected)
            }
        }
    }

    @Test func lineTableOnAHugeText() {
        let bytes = Array(String(repeating: "한😀П\r\n", count: 300_000).utf8)
        let table = LineTable(bytes)
        #expect(table.lineCount == 300_001)
        let position = table.position(ofByte: bytes.count - 2, in: .utf16)
        #expect(position == LineColumn(line: 299_999, column: 4))
        #expect(table.byteOffset(of: position, in: .utf16) == bytes.count - 2)
    }
}
