import Testing
@testable import AnnoSyntax

/// `NoteOutline`: headings, their sections, and code blocks, as CommonMark reads them.
@Suite("NoteOutline")
struct NoteOutlineTests {
    /// `level text [first-last] section-last` for each heading.
    func headings(_ text: String) -> [String] {
        NoteOutline.scan(text).headings.map { "\($0.level) \($0.text) [\($0.firstLine)-\($0.lastLine)] \($0.sectionLastLine)" }
    }

    @Test func atxHeadingsAndTheirSections() {
        let text = """
            # Заметки о 1960 годе
            text

            ## 한국어 메모 ##
            more


            # Second #   
            """
        #expect(headings(text) == ["1 Заметки о 1960 годе [0-0] 4", "2 한국어 메모 [3-3] 4", "1 Second [7-7] 7"])
        let outline = NoteOutline.scan(text)
        let bytes = Array(text.utf8)
        let h = outline.headings[1]
        #expect(String(decoding: bytes[h.textRange], as: UTF8.self) == "한국어 메모")
        #expect(String(decoding: bytes[h.range], as: UTF8.self) == "## 한국어 메모 ##")
        // The first section runs to the next heading of its level.
        #expect(outline.headings[0].section.upperBound == LineTable(text).lineStarts[7])
    }

    @Test(arguments: [
        ("#no space", [String]()),
        ("####### seven", []),
        ("    # indented code-like", []),
        ("   # three spaces", ["1 three spaces [0-0] 0"]),
        ("#", ["1  [0-0] 0"]),
        ("## closing # inside #", ["2 closing # inside [0-0] 0"]),
        ("# C# and F#", ["1 C# and F# [0-0] 0"]),
        ("#\ttab", ["1 tab [0-0] 0"]),
    ])
    func atxEdgeCases(text: String, expected: [String]) {
        #expect(headings(text) == expected)
    }

    @Test func setextHeadings() {
        #expect(headings("Title over\ntwo lines\n===\nbody") == ["1 Title over two lines [0-2] 3"])
        #expect(headings("Sub\n---") == ["2 Sub [0-1] 1"])
        // A list item then a rule: no heading.
        #expect(headings("- item\n---") == [])
        // A rule after a blank line: no heading.
        #expect(headings("text\n\n---") == [])
        // A quote is not a paragraph.
        #expect(headings("> quoted\n===") == [])
    }

    @Test func codeFencesHideHeadingsAndFold() {
        let text = "# A\n```anno\n# not a heading\n[[1960 | X]]\n```\n~~~~\n# nor this\n~~~~~\n## B\n```\nunclosed"
        #expect(headings(text) == ["1 A [0-0] 10", "2 B [8-8] 10"])
        let blocks = NoteOutline.scan(text).codeBlocks.map { "\($0.firstLine)-\($0.lastLine)" }
        #expect(blocks == ["1-4", "5-7", "9-10"])
        // A backtick fence's info string may not hold a backtick: that line is prose.
        #expect(NoteOutline.scan("``` a`b\n# heading").headings.count == 1)
        // A closing fence must be as long as the opening one.
        #expect(NoteOutline.scan("````\n```\n# still code\n````\n# out").headings.map(\.text) == ["out"])
    }

    @Test func lineEndingsOfEveryKind() {
        #expect(headings("# A\r\ntext\r\n# B\rtext\r# C\n") == ["1 A [0-0] 1", "1 B [2-2] 3", "1 C [4-4] 4"])
    }

    @Test func trailingBlankLinesAreNotInTheFold() {
        #expect(headings("# A\ntext\n\n  \n# B") == ["1 A [0-0] 1", "1 B [4-4] 4"])
    }
}
