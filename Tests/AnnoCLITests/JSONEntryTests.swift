@testable import AnnoCLI
import AnnoCatalogue
import AnnoCheck
import AnnoJSON
import AnnoSyntax
import Testing

/// `--format json` writes each file's entry straight to bytes in the workers; it must be the
/// bytes the JSON serializer gives for the same tree, two levels deep.
@Suite struct JSONEntryTests {
    @Test func entriesAreWhatTheSerializerWrites() throws {
        let may2 = try #require(PartialDate(year: 1960, month: 5, day: 2)), year = try #require(PartialDate(year: 1960))
        let catalogue = Catalogue(name: "test", path: nil, documents: [
            CatalogueDocument(id: "a\"1", date: may2, title: ECO, summary: "", origin: CatalogueLocation(catalogueName: "test", path: nil)),
            CatalogueDocument(id: "b\\2", date: year, title: "Запись беседы \"в\" 평양\tтаб", summary: "", origin: CatalogueLocation(catalogueName: "test", path: nil)),
        ])
        let checker = Checker(index: CatalogueIndex(catalogues: [CatalogueLoader.bundled, catalogue]))
        let notes = [
            "",
            "[[1960-05-02 | \(ECO)]]\n",
            "Кириллица 🇰🇷 [[1960-05-03 | \(ECO)]] [[1960-05-02 | \(ECO.lowercased())]]\r\n[[1960 | Запись беседы в 평양]] [[1960-13-01 | No \"Such\" Title]]\n[[ | ]] [[1960 | \(ECO)\n\n",
            "[[1960-05-02 | \(ECO) | ]] [[\(ECO)]] [[1960-05-02]] \u{1}\n",
        ]
        for (k, note) in notes.enumerated() {
            let bytes = Array(note.utf8)
            let diagnostics = checker.check(bytes).diagnostics
            let report = FileReport(displayPath: "notes/\(k) \"quoted\".anno", lines: LineTable(bytes), diagnostics: diagnostics,
                                    citationCount: NoteParser.parse(bytes).citations.count)
            let expected = JSON.serialize(JSONFormatter.fileValue(report), pretty: true, indent: 2)
            #expect(JSONFormatter.fileEntry(report) == expected, "note \(k)")
        }
    }
}
