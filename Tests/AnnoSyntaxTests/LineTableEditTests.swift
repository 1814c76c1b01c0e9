@testable import AnnoSyntax
import AnnoTestSupport
import Testing

/// A table carried through an edit inside one line (`LineTable.edit`, `init(_:after:)`) is the
/// table of the new text: same line starts, checkpoints and conversions.
@Suite struct LineTableEditTests {
    static let pieces: [String] = [
        "a", "Puz", " ", "[[", "]]", "|", "한", "Ж", "😀", "🇰🇷", "\n", "\r\n", "\r", "é", "\u{301}",
        String(repeating: "x", count: 300), String(repeating: "한국", count: 120), String(repeating: "😀", count: 90),
    ]

    func expectSame(_ a: LineTable, _ b: LineTable, _ note: String) {
        #expect(a.bytes == b.bytes, "\(note)")
        #expect(a.lineStarts == b.lineStarts, "\(note)")
        #expect(a.checkpoints == b.checkpoints, "\(note)")
    }

    @Test(arguments: 0..<40)
    func anEditInsideALineGivesTheTableOfTheNewText(seed: Int) {
        var rng = SeededRandom(seed: UInt64(seed))
        var text: [UInt8] = []
        for _ in 0..<(Int(rng.next() >> 1) % 60) { text += Array(Self.pieces[Int(rng.next() >> 1) % Self.pieces.count].utf8) }
        var table = LineTable(text)
        var kept = 0
        for step in 0..<60 {
            // Edits at character boundaries of UTF-8 (as the server makes them from positions).
            func boundary(_ i: Int) -> Int {
                var i = min(max(0, i), text.count)
                while i > 0 && i < text.count && (text[i] & 0xC0) == 0x80 { i -= 1 }
                return i
            }
            let start = boundary(text.isEmpty ? 0 : Int(rng.next() >> 1) % (text.count + 1))
            let end = boundary(start + (Int(rng.next() >> 1) % 4 == 0 ? Int(rng.next() >> 1) % 8 : 0))
            var replacement: [UInt8] = []
            for _ in 0..<(Int(rng.next() >> 1) % 3) { replacement += Array(Self.pieces[Int(rng.next() >> 1) % Self.pieces.count].utf8) }
            let edit = table.edit(replacing: start..<max(start, end), with: replacement)
            text.replaceSubrange(start..<max(start, end), with: replacement)
            let fresh = LineTable(text)
            if let edit {
                kept += 1
                table = LineTable(text, after: edit)
                expectSame(table, fresh, "seed \(seed) step \(step)")
                for offset in stride(from: 0, through: text.count, by: max(1, text.count / 50)) {
                    for unit in [ColumnUnit.utf8, .utf16, .utf32] {
                        let p = table.position(ofByte: offset, in: unit)
                        #expect(p == fresh.position(ofByte: offset, in: unit))
                        #expect(table.byteOffset(of: p, in: unit) == fresh.byteOffset(of: p, in: unit))
                    }
                }
            } else {
                // A line break removed, added or touched: the edit is refused, the table built anew.
                table = fresh
            }
        }
        #expect(kept > 0, "seed \(seed): no edit stayed inside a line")
    }

    @Test func typingOnALineOfALongNoteKeepsTheTable() {
        let text = Array((0..<2_000).map { "Line \($0): prose 한국어 Кириллица 😀 [[1960 | Title]]\n" }.joined().utf8)
        let table = LineTable(text)
        let at = table.lineStarts[1_000] + 10
        let edit = table.edit(replacing: at..<at, with: Array("[[Puz".utf8))
        #expect(edit != nil)
        var edited = text
        edited.replaceSubrange(at..<at, with: Array("[[Puz".utf8))
        if let edit { expectSame(LineTable(edited, after: edit), LineTable(edited), "typing") }
        // A line break typed, or one next to the edit removed: refused.
        #expect(table.edit(replacing: at..<at, with: Array("\n".utf8)) == nil)
        let lineEnd = table.lineStarts[1_001] - 1
        #expect(table.edit(replacing: lineEnd..<(lineEnd + 1), with: []) == nil)
        #expect(LineTable(Array("a\r\nb".utf8)).edit(replacing: 2..<2, with: Array("x".utf8)) == nil)
    }
}
