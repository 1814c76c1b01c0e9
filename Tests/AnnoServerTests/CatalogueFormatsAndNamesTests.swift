import AnnoJSON
import AnnoProtocol
import AnnoTestSupport
import Testing

/// Issue 8 in the editor: names typed in another script or romanization complete to the
/// archive's title, and catalogues in Zotero's formats are used and named in hover and completion.
@Suite struct CatalogueFormatsAndNamesTests {
    func complete(_ s: Session, _ marked: String, file: String = "note.anno") throws -> JSONValue {
        let f = s.fixture(marked)
        try s.open(file, f.text)
        return try s.completion(file, at: f.cursor)
    }

    /// `[[Пузанов` completes to the Puzanov journal, with the archive's spelling in the citation.
    @Test func cyrillicCompletesToThePuzanovJournal() throws {
        try withSession { s in
            let list = try complete(s, "Встреча [[Пузанов$0")
            let item = try #require(completionItems(list).first)
            #expect(item["label"] == .string(Bundled.puzanov))
            #expect(item["textEdit"]?["newText"] == .string("[[1960-05-02 | \(Bundled.puzanov)]]"))
            // The editor filters again on filterText: it starts with what was typed, so the item stays.
            #expect(item["filterText"]?.stringValue?.hasPrefix("[[Пузанов") == true)
        }
    }

    @Test func hangulAndOtherRomanizationsComplete() throws {
        try withSession { s in
            let hangul = try complete(s, "[[박성철$0", file: "a.anno")
            #expect(labels(hangul).first == Bundled.gromyko)
            let mr = try complete(s, "[[1967 | Park Sung-chul$0", file: "b.anno")
            #expect(labels(mr).first == Bundled.gromyko)
            let swapped = try complete(s, "[[Shtykov$0", file: "c.anno")
            #expect(labels(swapped).first == Bundled.cable)
        }
    }

    /// A variant spelling in a citation is never clean: "did you mean" with the archive's title.
    @Test func aVariantSpellingIsReportedWithTheArchivesSpelling() throws {
        try withSession { s in
            let published = try s.open("n.anno", "[[1947-05-12 | Cable No. 121973, Meretskov and Shtykov to Cde. Stalin]]\n")
            #expect(codes(published) == ["unknown-document"])
            let message = published["diagnostics"]?[0]?["message"]?.stringValue ?? ""
            #expect(message.hasSuffix("did you mean '\(Bundled.cable)' (1947-05-12)?"))
        }
    }

    static let bib = #"""
    @misc{minutes1952,
      title = {Minutes of the {Pyongyang} Trade Talks, {\v S}tykov Presiding},
      date = {1952-03},
      abstract = {Minutes kept by the Soviet side.},
      archive = {AVP RF},
      archive_location = {f. 0102, op. 8, d. 4},
    }
    """#

    /// A BibTeX catalogue named in anno.json completes, and hover and completion name it.
    @Test func aBibTeXCatalogueIsUsedAndNamed() throws {
        var options = ClientOptions()
        options.annoJSON = ["catalogues": ["library.bib"]]
        options.files = ["library.bib": Self.bib]
        try withSession(options) { s in
            let list = try complete(s, "[[Pyongyang$0")
            let item = try #require(completionItems(list).first)
            #expect(item["label"] == "Minutes of the Pyongyang Trade Talks, Štykov Presiding")
            let docs = item["documentation"]?["value"]?.stringValue ?? ""
            #expect(docs.contains("Catalogue: library.bib"))
            #expect(docs.contains("AVP RF · f. 0102, op. 8, d. 4"))
            let f = s.fixture("See [[1952-03 | Minutes of the Pyongyang Trade Talks, Štykov$0 Presiding]].")
            try s.open("h.anno", f.text)
            let hover = hoverText(try s.hover("h.anno", at: f.cursor))
            #expect(hover.contains("March 1952"))
            #expect(hover.contains("Catalogue: library.bib"))
            // The bundled catalogue's documents name theirs.
            let g = s.fixture("[[1960-05-02 | \(Bundled.puzanov)$0]]")
            try s.open("g.anno", g.text)
            #expect(hoverText(try s.hover("g.anno", at: g.cursor)).contains("Catalogue: Wilson Center Digital Archive (bundled)"))
        }
    }
}
