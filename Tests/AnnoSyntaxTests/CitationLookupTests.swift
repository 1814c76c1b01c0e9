import Testing
@testable import AnnoSyntax

/// `ParsedNote.citation(at:)`, written as the editor sees it: a fixture with a cursor `‸`, and the
/// source of the citation the cursor is in (nil: none).
@Suite("ParsedNote.citation(at:)")
struct CitationLookupTests {
    @Test(arguments: [
        ("‸ab [[1960 | X]] cd", nil),
        ("ab‸ [[1960 | X]] cd", nil),
        ("ab ‸[[1960 | X]] cd", "[[1960 | X]]"),
        ("ab [[19‸60 | X]] cd", "[[1960 | X]]"),
        ("ab [[1960 | X]‸] cd", "[[1960 | X]]"),
        ("ab [[1960 | X]]‸ cd", "[[1960 | X]]"),   // just after the closing ]]
        ("ab [[1960 | X]] ‸cd", nil),
        ("ab [[1960 | X]] cd ‸[[1961 | Y]]", "[[1961 | Y]]"),
        ("ab [[1960 | X]] cd [[1961 | Y]]‸", "[[1961 | Y]]"),
        ("[[a]]‸[[b]]", "[[b]]"),                  // between adjacent citations: the one starting here
        ("[[a]]‸[[b]][[c]]", "[[b]]"),
        ("[[a]][[b]]‸[[c]]", "[[c]]"),
        ("[[a]][[b]][[c]]‸", "[[c]]"),
        ("‸[[a]][[b]][[c]][[d]]", "[[a]]"),
        ("[[1960 | unclosed‸\n\nmore", "[[1960 | unclosed"),
        ("[[1960 | unclosed\n‸\nmore", nil),
        ("‸", nil),
        ("text‸", nil),
    ] as [(String, String?)])
    func lookup(_ fixture: String, _ expected: String?) {
        let (bytes, offset) = cursor(fixture)
        let note = NoteParser.parse(bytes)
        let found = note.citation(at: offset).map { String(decoding: bytes[$0.range], as: UTF8.self) }
        #expect(found == expected)
    }

    @Test func everyOffsetOfAManyCitationNote() {
        // 100 citations with prose between: each offset finds the citation whose range holds it.
        var text = ""
        for k in 0..<100 { text += (k % 3 == 0 ? "" : "prose ") + "[[19\(k % 90 + 10) | Title \(k)]]" }
        let bytes = Array(text.utf8)
        let note = NoteParser.parse(bytes)
        #expect(note.citations.count == 100)
        for offset in -1...bytes.count + 1 {
            let expected = note.citations.last { $0.range.lowerBound <= offset && offset <= $0.range.upperBound }
            #expect(note.citation(at: offset) == expected, "offset \(offset)")
        }
    }
}
