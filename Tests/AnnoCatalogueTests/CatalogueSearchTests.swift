import AnnoCatalogue
import AnnoSyntax
import Testing

/// What completion and `anno catalogue search` rank: a date typed so far, words anywhere in the title.
@Suite struct CatalogueSearchTests {
    let index = CatalogueIndex(catalogues: [CatalogueLoader.bundled, catalogue("Extra", [
        ("krakow", "1950", "Memorandum on the Kraków Talks"),
        ("shtykov", "1946-09", "Note for Comrade Štykov"),
    ])])

    func search(_ date: String = "", _ words: String = "", limit: Int = 20) -> [String] {
        index.search(CatalogueQuery(datePrefix: date, titleText: words), limit: limit).results.map { index[$0.document].id }
    }

    /// `[[1960` typed: the documents of 1960 first, in date order.
    @Test func aYearPutsThatYearsDocumentsFirst() {
        let found = search("1960")
        #expect(Array(found.prefix(3)) == ["wilson:1960-05-02-puzanov-journal", "wilson:1960-06-12-economic-political-situation-dprk", "wilson:1960-06-17-tkachenko-korean-peninsula"])
        #expect(found.count == index.count)
    }

    @Test func aDatePrefixNarrowsByMonth() {
        #expect(search("1960-06").prefix(2) == ["wilson:1960-06-12-economic-political-situation-dprk", "wilson:1960-06-17-tkachenko-korean-peninsula"])
        #expect(search("1960-05-02").first == "wilson:1960-05-02-puzanov-journal")
    }

    @Test func wordsMatchAnywhereInTheTitle() {
        #expect(search("", "Puzanov") == ["wilson:1960-05-02-puzanov-journal"])
        #expect(search("", "stalin cable") == ["wilson:1947-05-12-cable-121973"])
        #expect(search("", "korean peninsula").first == "wilson:1960-06-17-tkachenko-korean-peninsula")
        #expect(search("", "puza") == ["wilson:1960-05-02-puzanov-journal"])
        #expect(search("", "zzzz").isEmpty)
    }

    @Test func diacriticsAreIgnoredBothWays() {
        #expect(search("", "krakow") == ["krakow"])
        #expect(search("", "Kraków") == ["krakow"])
        // Štykov is spelled as typed; the archive's Shytkov is one letter swap away (spec/romanization.md).
        #expect(search("", "stykov") == ["shtykov", "wilson:1947-05-12-cable-121973"])
    }

    @Test func aDateAndWordsTogether() {
        // "excerpts" fits two documents; the date decides which is first.
        #expect(search("1996", "excerpts").first == "wilson:1996-kapto-recollections")
        #expect(search("1960", "excerpts").first == "wilson:1960-06-17-tkachenko-korean-peninsula")
    }

    @Test func limitAndCompleteness() {
        let all = index.search(CatalogueQuery(datePrefix: "", words: []), limit: 100)
        #expect(all.results.count == index.count && all.isComplete)
        let two = index.search(CatalogueQuery(datePrefix: "19", words: []), limit: 2)
        #expect(two.results.count == 2 && !two.isComplete)
    }
}
