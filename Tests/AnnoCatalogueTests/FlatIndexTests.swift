import AnnoCatalogue
import AnnoSyntax
import Testing

/// The index's flat storage gives back what went in, and its hash tables match as `String` does.
@Suite struct FlatIndexTests {
    @Test func documentsComeBackFieldForField() {
        let docs = [
            CatalogueDocument(id: "a", date: PartialDate.parse("1960-05-02"), title: "Журнал посла", summary: "s",
                              url: "https://example.org/a", archive: "AVPRF", archiveLocation: "f. 0102, op. 16",
                              origin: CatalogueLocation(catalogueName: "One", path: "/x/one.json", byteOffset: 123, line: 4, column: 5)),
            CatalogueDocument(id: "b", date: PartialDate.parse("0001"), title: "", summary: "",
                              origin: CatalogueLocation(catalogueName: "Two", path: nil)),
            CatalogueDocument(id: "c", date: PartialDate.parse("9999-12"), title: "Late", summary: "",
                              archive: "", origin: CatalogueLocation(catalogueName: "One", path: "/x/one.json", byteOffset: 9, line: 7, column: 1)),
        ]
        let index = CatalogueIndex(catalogues: [Catalogue(name: "All", path: nil, documents: docs)])
        #expect(Array(index.documents) == docs)
        for (i, doc) in docs.enumerated() {
            let d = DocumentIndex(i)
            #expect(index[d] == doc)
            #expect(index.date(of: d) == doc.date && index.title(of: d) == doc.title && index.id(of: d) == doc.id)
            #expect(index.isoDate(of: d) == doc.date.iso && index.year(of: d) == doc.date.year)
            #expect(index.document(id: doc.id) == d)
        }
        #expect(index.document(id: "d") == nil)
        #expect(index.documents(inYear: 9999) == [2])
        #expect(index.documents(inYear: 10_000).isEmpty && index.documents(inYear: -1).isEmpty)
    }

    /// "é" precomposed and decomposed are one title to `String` and to the index.
    @Test func canonicallyEquivalentSpellingsMeet() {
        let composed = "Mémoire sur la Corée", decomposed = "Me\u{301}moire sur la Core\u{301}e"
        let index = CatalogueIndex(catalogues: [catalogue("C", [("caf\u{E9}", "1960", composed), ("x", "1961", "Other")])])
        #expect(index.exactTitleMatches(decomposed) == [0])
        #expect(index.exactTitleMatches(composed) == [0])
        #expect(index.looseTitleMatches("memoire sur la coree") == [0])
        #expect(index.document(id: "cafe\u{301}") == 0)
    }

    /// Many documents with one title come back in catalogue order; none with another title.
    @Test func sharedTitlesKeepCatalogueOrder() {
        var docs: [(String, String, String)] = []
        for i in 0..<300 { docs.append(("d\(i)", "19\(10 + i % 80)", i % 3 == 0 ? "Same Title" : "Title number \(i)")) }
        let index = CatalogueIndex(catalogues: [catalogue("C", docs)])
        let same = (0..<300).filter { $0 % 3 == 0 }.map { DocumentIndex($0) }
        #expect(index.exactTitleMatches("Same  Title") == same)
        #expect(index.looseTitleMatches("same title") == same)
        #expect(index.exactTitleMatches("Title number 7") == [7])
        #expect(index.exactTitleMatches("Title number 3").isEmpty)
        #expect(index.count == 300)
    }
}
