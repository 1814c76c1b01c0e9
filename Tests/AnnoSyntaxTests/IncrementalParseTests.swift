import Testing
@testable import AnnoSyntax
import AnnoTestSupport

/// `NoteParser.reparse` must give exactly what a full parse of the edited text gives, whatever
/// the edit: the server keeps its citations (and the diagnostics derived from them) from one
/// keystroke to the next on this promise.
@Suite("NoteParser.reparse: an edit re-parses locally and agrees with a full parse")
struct IncrementalParseTests {
    /// Pieces that matter to the grammar: citations whole and in parts, fences of both kinds,
    /// code spans, escapes, blank lines of every line-break kind, and wide characters.
    static let pieces = [
        "[[", "]]", "[", "]", "|", " | ", "\\", "\\[", "`", "``", "```", "```\n", "~~~\n", "~~~~\n", "```py\n",
        "\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "  \n", "\t\n", " ", "x", "prose ", "Пузанов ", "한국 ", "😀",
        "[[1960-05-02 | Journal of Soviet Ambassador A.M. Puzanov | p. 3]]", "[[1960 | Memo [draft]]]",
        "[[1960-05 | wrapped\ncitation]]", "`[[1960 | in code]]`", "\n```\n[[1960 | fenced]]\n```\n",
    ]

    static func text(_ random: inout SeededRandom, pieces count: Int) -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<count { out += Array(pieces[random.next(below: pieces.count)].utf8) }
        return out
    }

    static func render(_ note: ParsedNote) -> String {
        note.citations.map { c in
            "\(c.range) \(c.isClosed) " + c.parts.map { "\($0.range):\($0.text)" }.joined(separator: ",")
        }.joined(separator: "\n") + "\nfences \(note.fencedBlocks)"
    }

    /// Applies an edit to `bytes` and `note` the way the server does, and compares.
    static func edit(_ bytes: inout [UInt8], _ note: inout ParsedNote, range: Range<Int>, insert: [UInt8]) -> ReparseSplice {
        bytes.replaceSubrange(range, with: insert)
        let splice = NoteParser.reparse(bytes, after: NoteEdit(oldRange: range, newLength: insert.count), updating: &note)
        return splice
    }

    @Test("random edits of random notes", arguments: 0..<8)
    func randomEdits(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed) &* 7919 &+ 1)
        var bytes = IncrementalParseTests.text(&random, pieces: 400)
        var note = NoteParser.parse(bytes)
        for step in 0..<300 {
            let a = random.next(below: bytes.count + 1)
            let length = random.next(below: 4) == 0 ? random.next(below: 60) : random.next(below: 3)
            let range = a..<min(bytes.count, a + length)
            let insert = random.next(below: 3) == 0 ? [] : IncrementalParseTests.text(&random, pieces: 1 + random.next(below: 3))
            _ = IncrementalParseTests.edit(&bytes, &note, range: range, insert: insert)
            let expected = NoteParser.parse(bytes)
            #expect(IncrementalParseTests.render(note) == IncrementalParseTests.render(expected),
                    "seed \(seed) step \(step): replacing \(range) with \(String(decoding: insert, as: UTF8.self).debugDescription)")
            if IncrementalParseTests.render(note) != IncrementalParseTests.render(expected) { return }
        }
    }

    @Test("an edit in one paragraph of a long note re-parses only that paragraph")
    func localEdit() {
        var text = ""
        for k in 0..<200 { text += "Paragraph \(k) cites [[1960-05-02 | Journal \(k)]] in Пузанов's hand.\n\n" }
        var bytes = Array(text.utf8)
        var note = NoteParser.parse(bytes)
        let at = Array(text.utf8).count / 2
        let splice = IncrementalParseTests.edit(&bytes, &note, range: at..<at, insert: Array("x".utf8))
        #expect(splice.fresh <= 2)
        #expect(splice.resumed - splice.kept <= 2)
        #expect(note.citations.count == 200)
        #expect(IncrementalParseTests.render(note) == IncrementalParseTests.render(NoteParser.parse(bytes)))
    }

    @Test("opening a fence turns the citations after it into code, and closing it brings them back")
    func fenceOpensAndCloses() {
        let text = "Intro [[1960 | A]].\n\nMiddle [[1961 | B]].\n\nEnd [[1962 | C]].\n"
        var bytes = Array(text.utf8)
        var note = NoteParser.parse(bytes)
        let middle = Array("Middle".utf8)
        let at = bytes.indices.first { bytes[$0...].starts(with: middle) } ?? 0
        _ = IncrementalParseTests.edit(&bytes, &note, range: at..<at, insert: Array("```\n".utf8))
        #expect(note.citations.count == 1)
        #expect(note.fencedBlocks.count == 1)
        #expect(IncrementalParseTests.render(note) == IncrementalParseTests.render(NoteParser.parse(bytes)))
        _ = IncrementalParseTests.edit(&bytes, &note, range: at..<(at + 4), insert: [])
        #expect(note.citations.count == 3)
        #expect(note.fencedBlocks.isEmpty)
        #expect(IncrementalParseTests.render(note) == IncrementalParseTests.render(NoteParser.parse(bytes)))
    }

    @Test("a blank line typed inside a wrapped citation ends it, and removing it joins it again")
    func blankLineSplitsCitation() {
        let text = "Before.\n\nSee [[1960-05 | Journal of\nSoviet Ambassador]] here.\n\nAfter [[1961 | B]].\n"
        var bytes = Array(text.utf8)
        var note = NoteParser.parse(bytes)
        let at = (bytes.firstIndex(of: 0x0A).map { $0 } ?? 0) + 20   // inside "Journal of"
        let lineEnd = bytes[at...].firstIndex(of: 0x0A) ?? at
        _ = IncrementalParseTests.edit(&bytes, &note, range: lineEnd..<lineEnd, insert: Array("\n".utf8))
        #expect(note.citations.first?.isClosed == false)
        #expect(IncrementalParseTests.render(note) == IncrementalParseTests.render(NoteParser.parse(bytes)))
        _ = IncrementalParseTests.edit(&bytes, &note, range: lineEnd..<(lineEnd + 1), insert: [])
        #expect(note.citations.first?.isClosed == true)
        #expect(IncrementalParseTests.render(note) == IncrementalParseTests.render(NoteParser.parse(bytes)))
    }

    @Test("a line break typed before a line makes it a paragraph start, but the old parse there was inside a code span")
    func newBlankLineRightAfterTheEdit() {
        // Old: one code span over two lines hides nothing; `[[x]]` is a citation. New: the blank
        // line ends the first span's search, so the second line's backtick opens a span that
        // hides `[[x]]`. The old parse at that line was mid-span: it must not be reused.
        var bytes = Array("`a\nb` [[x]] `".utf8)
        var note = NoteParser.parse(bytes)
        #expect(note.citations.count == 1)
        _ = IncrementalParseTests.edit(&bytes, &note, range: 2..<2, insert: Array("\n".utf8))
        #expect(note.citations.isEmpty)
        #expect(IncrementalParseTests.render(note) == IncrementalParseTests.render(NoteParser.parse(bytes)))
    }

    @Test("an edit that does not fit the text parses it all again")
    func outOfBoundsEdit() {
        var note = NoteParser.parse(Array("[[1960 | A]]".utf8))
        let bytes = Array("[[1961 | B]] and [[1962 | C]]".utf8)
        _ = NoteParser.reparse(bytes, after: NoteEdit(oldRange: 5..<100, newLength: 3), updating: &note)
        #expect(IncrementalParseTests.render(note) == IncrementalParseTests.render(NoteParser.parse(bytes)))
    }
}
