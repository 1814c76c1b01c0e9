import AnnoCheck
import AnnoSyntax
import Testing

/// `CitationFormatter.escape` writes any title so the parser reads it back unchanged.
@Suite struct CitationFormatterTests {
    static let titles = [
        "Plain title",
        "Minutes | Annex",
        "Memo [draft]",
        "Memo [draft]]",
        "[Untitled] memorandum",
        "Economic Cooperation Division [Ministry of Foreign Affairs, Japan], 'Main Points of Meeting'",
        "Report [unbalanced",
        "Report ]closing",
        "a]]b",
        "a[[b",
        "[[",
        "]]",
        "[",
        "]",
        "x]",
        "[x",
        "Path C:\\notes",
        "ends with a backslash\\",
        "\\|",
        "\\\\",
        "a \\ b",
        "[[1960 | nested]]",
        "| leading bar",
        "trailing bar |",
        "Nested [[a] [b]]",
        "Кимъ [평양] 😀 | ёж",
    ]

    @Test(arguments: titles)
    func escapedTitlesReadBackUnchanged(_ title: String) throws {
        for locator in [nil, "p. 3", "f. [12] | verso"] as [String?] {
            let text = "See " + CitationFormatter.citation(date: "1960", title: title, locator: locator) + " and more."
            let note = NoteParser.parse(text)
            try #require(note.citations.count == 1, "\(text) parsed as \(note.citations.count) citations")
            let c = note.citations[0]
            #expect(c.isClosed, "\(text)")
            #expect(c.parts.map(\.text) == ["1960", title] + (locator.map { [$0] } ?? []), "\(text)")
            #expect(String(decoding: Array(text.utf8)[c.range], as: UTF8.self).hasSuffix("]]"))
        }
    }

    @Test func escapingIsMinimal() {
        #expect(CitationFormatter.escape("Memo [draft]") == "Memo [draft]")
        #expect(CitationFormatter.escape("Minutes | Annex") == "Minutes \\| Annex")
        #expect(CitationFormatter.escape("Report [unbalanced") == "Report \\[unbalanced")
        #expect(CitationFormatter.escape("Path C:\\notes") == "Path C:\\notes")
        #expect(CitationFormatter.escape("Line\nbreak") == "Line break")
        #expect(CitationFormatter.citation(date: "1960", title: "T") == "[[1960 | T]]")
        #expect(CitationFormatter.citation(date: "1960", title: "T", locator: "") == "[[1960 | T]]")
        #expect(CitationFormatter.citation(date: "1960", title: "T", locator: "p. 3") == "[[1960 | T | p. 3]]")
    }
}
