import AnnoCatalogue
import AnnoCheck
import AnnoJSON
import AnnoSyntax
import Testing

/// `Timeline`: cited documents in date order (partial dates sorted sensibly), each with the
/// notes and lines citing it; what cites nothing is listed apart.
@Suite struct TimelineTests {
    let checker = makeChecker([doc("y1960", "1960", "A Year Report"), doc("m1960", "1960-05", "A Month Report"),
                               doc("d1960", "1960-04-30", "A Day Report"), doc("z1960", "1960", "Another Year Report")])

    func note(_ path: String, _ text: String) -> Timeline.Note {
        Timeline.Note(path: path, summary: NoteSummary(bytes: Array(text.utf8), checker: checker))
    }

    @Test func documentsSortByPartialDateThenTitle() {
        let notes = [
            note("b.anno", "[[1960 | Another Year Report]] [[1960-05 | A Month Report]]"),
            note("a.anno", "Заметка\n한국어 [[1960-05-02 | \(PUZ) | p. 3]] [[1960-04-30 | A Day Report]] [[1960 | A Year Report]]"),
        ]
        let t = Timeline.build(notes: notes)
        // 1960 < 1960-04-30 < 1960-05 < 1960-05-02; two documents of 1960 by title.
        #expect(t.entries.map(\.document.id) == ["y1960", "z1960", "d1960", "m1960", "wilson:1960-05-02-puzanov-journal"])
        let puzanov = t.entries[4].citations
        #expect(puzanov.count == 1)
        #expect(puzanov[0].path == "a.anno" && puzanov[0].line == 2 && puzanov[0].column == 5 && puzanov[0].locator == "p. 3")
        #expect(t.unresolved.isEmpty)
    }

    @Test func citationsKeepTheOrderOfNotesAndText() {
        let t = Timeline.build(notes: [note("z.anno", "[[1960-06-12 | \(ECO)]]"), note("a.anno", "x\n[[1960-06-12 | \(ECO)]]\n[[1961-06-12 | \(ECO)]]")])
        let cites = t.entries.first?.citations ?? []
        #expect(cites.map { "\($0.path):\($0.line)" } == ["z.anno:1", "a.anno:2", "a.anno:3"])
        // A citation with a wrong date still cites its document, with its problem noted.
        #expect(cites[2].problems == [.dateMismatch])
        #expect(cites[2].date == "1961-06-12")
    }

    @Test func unresolvedCitationsAreListedApart() {
        let t = Timeline.build(notes: [note("a.anno", "[[1950 | Nothing like it]] [[1960 | A]] [[]]")])
        #expect(t.entries.isEmpty)
        #expect(t.unresolved.map(\.title) == ["Nothing like it", "A", ""])
        #expect(t.unresolved[0].problems == [.unknownDocument])
    }

    @Test func uncitedDocumentsOnlyWhenAsked() {
        let notes = [note("a.anno", "[[1960-06-12 | \(ECO)]]")]
        #expect(Timeline.build(notes: notes).entries.count == 1)
        let all = Timeline.build(notes: notes, uncitedFrom: [checker.index])
        #expect(all.entries.count == checker.index.count)
        #expect(all.entries.filter { !$0.citations.isEmpty }.map(\.document.title) == [ECO])
        // The bundled catalogue's oldest document comes first.
        #expect(all.entries.first?.document.id == "wilson:1947-05-12-cable-121973")
    }

    @Test func theJSONSchema() throws {
        let t = Timeline.build(notes: [note("notes/a.anno", "Кириллица [[1960-06-12 | \(ECO) | f. 2]] [[1950 | Nope]]")])
        let json = t.json { c in ["extra": .string("\(c.note)")] }
        #expect(json["version"] == 1)
        let d = try #require(json["documents"]?[0])
        #expect(d["id"] == "wilson:1960-06-12-economic-political-situation-dprk")
        #expect(d["date"] == "1960-06-12" && d["dateText"] == "12 June 1960" && d["title"] == .string(ECO))
        #expect(d["catalogue"] == "Wilson Center Digital Archive (bundled)")
        let c = try #require(d["citations"]?[0])
        #expect(c == ["path": "notes/a.anno", "line": 1, "column": 11, "date": "1960-06-12", "title": .string(ECO),
                      "locator": "f. 2", "problems": [], "extra": "0"])
        #expect(json["unresolved"]?[0]?["title"] == "Nope")
        #expect(json["summary"] == ["documents": 1, "cited": 1, "citations": 1, "unresolved": 1])
    }
}

/// A summary keeps positions, not text: each range it holds converts exactly as the note's
/// line table would (Hangul, Cyrillic and an astral emoji before them on the line).
@Suite struct NoteSummaryPositionTests {
    @Test func everyRangeOfASummaryHasItsExactPosition() {
        let checker = makeChecker([doc("d1960", "1960-04-30", "A Day Report")])
        let text = "# Заметки 한국 😀\n\n한국어 [[1960-04-30 | A Day Report]] Пузанов 😀 [[1961 | Nothing Known]]\n## Раздел 😀\n[[1960-05-01 | A Day Report]]\n"
        let bytes = Array(text.utf8)
        let summary = NoteSummary(bytes: bytes, checker: checker)
        let lines = LineTable(bytes)
        var ranges = summary.citations.map(\.range) + summary.diagnostics.map(\.range)
        ranges += summary.outline.headings.flatMap { [$0.range, $0.textRange] }
        #expect(summary.citations.count == 3 && summary.diagnostics.count >= 2 && summary.outline.headings.count == 2)
        for range in ranges {
            for offset in [range.lowerBound, range.upperBound] {
                #expect(summary.positions.contains(offset))
                for unit in [ColumnUnit.utf8, .utf16, .utf32] {
                    #expect(summary.positions.position(ofByte: offset, in: unit) == lines.position(ofByte: offset, in: unit))
                }
            }
        }
        #expect(summary.fingerprint == TextFingerprint(bytes))
        #expect(summary.fingerprint != TextFingerprint(Array((text + " ").utf8)))
    }

    /// Citations are kept flat (`SummaryCitations`); each read back equals what a full parse and
    /// check of the note say: range, parts as written, document, id and codes.
    @Test func citationsReadBackAsParsedAndChecked() {
        let checker = makeChecker([doc("d1960", "1960-04-30", "A Day Report"), doc("m1960", "1960-05", "Отчёт 한국")])
        let text = "Пузанов [[1960-04-30 | A Day Report | p. 3]] and [[1960-05 | Отчёт 한국]]\n[[1961 | Nothing \\| Known]] [[1960-04-30 | A Dya Report\n\nunclosed [[1960"
        let bytes = Array(text.utf8)
        let summary = NoteSummary(bytes: bytes, checker: checker)
        let parsed = NoteParser.parse(bytes)
        let diagnostics = checker.check(parsed)
        #expect(summary.citations.count == parsed.citations.count && parsed.citations.count == 5)
        for (resolved, citation) in zip(summary.citations, parsed.citations) {
            #expect(resolved.range == citation.range)
            #expect(resolved.date == (citation.date?.text ?? ""))
            #expect(resolved.title == (citation.title?.text ?? ""))
            #expect(resolved.locator == citation.locator?.text)
            let codes = diagnostics.filter { citation.range.contains($0.range.lowerBound) }.map(\.code)
            #expect(resolved.codes == codes)
            let resolution = checker.resolve(citation)
            #expect(resolved.document == resolution.document)
            #expect(resolved.documentID == resolution.document.map { checker.index.id(of: $0) })
        }
        #expect(summary.citations[0].locator == "p. 3" && summary.citations[0].documentID == "d1960")
        #expect(summary.citations[1].documentID == "m1960")
        #expect(summary.citations[2].title == "Nothing | Known" && summary.citations[2].document == nil)
        #expect(summary.citations.ranges(citing: [summary.citations[1].document ?? -1]) == [summary.citations[1].range])
    }
}
