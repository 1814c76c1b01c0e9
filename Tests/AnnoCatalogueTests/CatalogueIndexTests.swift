import AnnoCatalogue
import AnnoSyntax
import Testing

func catalogue(_ name: String, path: String? = nil, _ docs: [(String, String, String)]) -> Catalogue {
    Catalogue(name: name, path: path, documents: docs.enumerated().map { i, d in
        CatalogueDocument(id: d.0, date: PartialDate.parse(d.1), title: d.2, summary: "summary of \(d.0)",
                          origin: CatalogueLocation(catalogueName: name, path: path, line: i + 2, column: 3))
    })
}

extension PartialDate {
    static func parse(_ text: String) -> PartialDate {
        guard case .valid(let d) = DateParser.parse(text) else { fatalError("bad test date \(text)") }
        return d
    }
}

@Suite struct CatalogueIndexTests {
    let index = CatalogueIndex(catalogues: [CatalogueLoader.bundled])

    func ids(_ found: [DocumentIndex]) -> [String] { found.map { index[$0].id } }

    @Test func exactTitlesCollapseWhitespaceOnly() {
        let title = "The Economic and Political Situation of the DPRK"
        #expect(ids(index.exactTitleMatches(title)) == ["wilson:1960-06-12-economic-political-situation-dprk"])
        #expect(ids(index.exactTitleMatches("  The Economic and\n Political   Situation of the DPRK ")) == ["wilson:1960-06-12-economic-political-situation-dprk"])
        #expect(index.exactTitleMatches(title.lowercased()).isEmpty)
        #expect(index.exactTitleMatches("The Economic and Political Situation of the DPRK.").isEmpty)
    }

    @Test func looseTitlesIgnoreCaseDiacriticsPunctuationAndSpacing() {
        let puzanov = ["wilson:1960-05-02-puzanov-journal"]
        #expect(ids(index.looseTitleMatches("journal of soviet ambassador in the dprk a.m. puzanov for 2 may 1960")) == puzanov)
        #expect(ids(index.looseTitleMatches("JOURNAL OF SOVIET AMBASSADOR IN THE DPRK A. M. PUZANOV, FOR 2 MAY 1960")) == puzanov)
        #expect(ids(index.looseTitleMatches("Journal of Sóviet Ambassador in the DPRK A.M. Púzanov for 2 May 1960")) == puzanov)
        #expect(ids(index.looseTitleMatches("Excerpts from V.P. Tkachenko \u{2018}The Korean Peninsula and Russia\u{2019}s Interests\u{2019}")) == ["wilson:1960-06-17-tkachenko-korean-peninsula"])
        #expect(index.looseTitleMatches("Journal of Soviet Ambassador").isEmpty)
    }

    /// TitleKey's own documentation: "A.M." and "am" share a key (punctuation is ignored, not a word break).
    @Test func punctuationInsideAWordIsIgnored() {
        #expect(ids(index.looseTitleMatches("journal of soviet ambassador in the dprk am puzanov for 2 may 1960")) == ["wilson:1960-05-02-puzanov-journal"])
        #expect(TitleKey.loose("Journal of Soviet Ambassador in the DPRK A.M. Puzanov") == TitleKey.loose("journal of soviet ambassador in the dprk am puzanov"))
    }

    @Test func lookupsByIDAndYear() {
        let d = index.document(id: "wilson:1996-kapto-recollections")
        #expect(d.map { index[$0].date.iso } == "1996")
        #expect(index.document(id: "nope") == nil)
        #expect(Set(ids(index.documents(inYear: 1960))) == ["wilson:1960-06-12-economic-political-situation-dprk", "wilson:1960-05-02-puzanov-journal", "wilson:1960-06-17-tkachenko-korean-peninsula"])
        #expect(index.documents(inYear: 1800).isEmpty)
        #expect(index.count == 7)
    }

    /// Catalogues merge in order; an id defined again keeps its first definition, with a warning
    /// at the later one.
    @Test func mergingKeepsTheFirstDefinitionOfAnID() {
        let first = catalogue("First", path: "/p/first.json", [("x", "1950", "First title"), ("y", "1951", "Only here")])
        let second = catalogue("Second", path: "/p/second.json", [("x", "1960", "Second title"), ("z", "1952", "Also here")])
        let merged = CatalogueIndex(catalogues: [first, second])
        #expect(merged.count == 3)
        #expect(merged.catalogueNames == ["First", "Second"])
        #expect(merged.document(id: "x").map { merged[$0].title } == "First title")
        #expect(merged.exactTitleMatches("Second title").isEmpty)
        #expect(merged.mergeProblems.map(\.description) == [#"/p/second.json:2:3: warning: document "x" is also defined in /p/first.json with another date (1950 there, 1960 here) and title ('First title' there); the first definition is used"#])
    }

    @Test func theSameTitleInTwoDocumentsMatchesBoth() {
        let c = catalogue("C", [("a", "1950-01-10", "Memorandum of Conversation"), ("b", "1950-03-02", "Memorandum of Conversation")])
        let i = CatalogueIndex(catalogues: [c])
        #expect(i.exactTitleMatches("Memorandum of Conversation").map { i[$0].id } == ["a", "b"])
    }
}

@Suite struct SuggestionTests {
    let index = CatalogueIndex(catalogues: [CatalogueLoader.bundled])

    func first(_ title: String, _ date: String? = nil) -> String? {
        index.suggestions(forTitle: title, date: date.map(PartialDate.parse)).first.map { index[$0.document].id }
    }

    @Test func typosAndDroppedWords() {
        #expect(first("The Economic and Politcal Situation of the DPRK") == "wilson:1960-06-12-economic-political-situation-dprk")
        #expect(first("Journal of Soviet Ambassador Puzanov for 2 May 1960") == "wilson:1960-05-02-puzanov-journal")
        #expect(first("Cable No. 121973, Meretskov and Shtykov to Cde. Stalin") == "wilson:1947-05-12-cable-121973")
        #expect(first("Recollections by the Former Soviet Ambassador Aleksandr Kapto") == "wilson:1996-kapto-recollections")
    }

    @Test func nothingNearGivesNothing() {
        #expect(index.suggestions(forTitle: "Minutes of the Politburo", date: nil).isEmpty)
        #expect(index.suggestions(forTitle: "", date: nil).isEmpty)
    }

    @Test func documentsOnTheCitedDateComeFirst() {
        let c = catalogue("C", [("h58", "1958-09-01", "Report on the Harvest in Hwanghai"), ("h59", "1959-09-01", "Report on the Harvests in Hwanghae")])
        let i = CatalogueIndex(catalogues: [c])
        func order(_ date: String) -> [String] {
            i.suggestions(forTitle: "Report on the Harvest in Hwanghae", date: PartialDate.parse(date)).map { i[$0.document].id }
        }
        #expect(order("1958-09-01") == ["h58", "h59"])
        #expect(order("1959") == ["h59", "h58"])
    }

    @Test func scoresAreOrderedAndLimited() {
        let s = index.suggestions(forTitle: "Excerpts from the Soviet Ambassador", date: nil, limit: 2)
        #expect(s.count <= 2)
        #expect(zip(s, s.dropFirst()).allSatisfy { $0.score >= $1.score })
    }
}
