import AnnoCatalogue
import AnnoSyntax
import Foundation
import Testing

/// Loads text as the file `path` (its extension picks the format, as for a file on disk).
func loadAs(_ path: String, _ text: String) -> Catalogue {
    CatalogueLoader.load(bytes: Array(text.utf8), path: path, defaultName: String(path.split(separator: "/").last ?? ""))
}

func problems(_ c: Catalogue) -> [String] { c.problems.map(\.description) }

func document(_ c: Catalogue, _ id: String) -> CatalogueDocument? { c.documents.first { $0.id == id } }

/// Catalogues as historians already keep them: Zotero's CSL-JSON, BibTeX, spreadsheets as CSV.
@Suite struct CSLJSONTests {
    /// shared/data/zotero/archival_items.csl.json: 36 archival items, 28 with a date.
    @Test func aZoteroCSLJSONExportLoadsWithItsPartialDates() throws {
        let path = try SharedFiles.path("data/zotero/archival_items.csl.json")
        let c = CatalogueLoader.load(bytes: try SharedFiles.bytes(path), path: path, defaultName: "archival_items.csl.json")
        #expect(c.documents.count == 28)
        #expect(!c.problems.contains { $0.severity == .error })
        let year = try #require(document(c, "item0"))
        #expect(year.date.iso == "1958" && year.date.precision == .year)
        #expect(year.title == "Letter to the Deputy Chairman of the Soviet Committee of the MGG, Prof. Pushkov")
        #expect(year.url == "https://digitalarchive.wilsoncenter.org/document/280697")
        #expect(year.archive == "History and Public Policy Program Digital Archive")
        #expect(year.archiveLocation == "RGANI, f. 5, op. 49, d. 131, ll. 193-194. Translated by Gary Goldberg.")
        #expect(year.summary == "")
        let day = try #require(document(c, "item1"))
        #expect(day.date.iso == "1944-05-19")
        #expect(day.summary.hasPrefix("Milovan Djilas recounts"))
        #expect(document(c, "item32")?.date.iso == "1977-04")
        #expect(document(c, "item12")?.date.iso == "1949", "a range from a year to itself is that year")
        // Ranges and raw dates: the start, with a warning at the date.
        #expect(document(c, "item8")?.date.iso == "1939")
        #expect(document(c, "item19")?.date.iso == "2007-03-14")
        let messages = problems(c).map { $0.replacingOccurrences(of: path, with: "c.json") }
        #expect(messages.contains("c.json:184:13: warning: entry \"item8\" is dated by a range, 1939 to 1946; Anno uses its start, 1939"))
        #expect(messages.contains("c.json:443:13: warning: entry \"item19\" is dated by a range, 2007-03-14 to 2007-03-21; Anno uses its start, 2007-03-14"))
        // Undated items are reported at the item and skipped.
        #expect(messages.contains("c.json:130:2: warning: entry \"item5\" has no date; it is skipped"))
        #expect(document(c, "item5") == nil)
        #expect(c.problems.filter { $0.message.hasSuffix("has no date; it is skipped") }.count == 8)
    }

    /// The same items as Zotero's translators give them (its own field names).
    @Test func zoterosOwnJSONLoadsToo() throws {
        let path = try SharedFiles.path("data/zotero/zotero_archival_test_items.json")
        let c = CatalogueLoader.load(bytes: try SharedFiles.bytes(path), path: path, defaultName: "zotero.json")
        #expect(c.documents.count == 28)
        let djilas = try #require(c.documents.first { $0.title == "Djilas's First Conversation with Stalin" })
        #expect(djilas.date.iso == "1944-05-19")
        #expect(djilas.id == "1944-05-19-djilass-first-conversation-with-stalin", "no id: one made from date and title")
        #expect(djilas.summary.hasPrefix("Milovan Djilas recounts"))
        #expect(c.documents.contains { $0.date.iso == "1895-01-01" }, "'01 Jan 1895 - 31 Dec 1926' is read as a range")
    }

    @Test func brokenItemsAreReportedAndSkipped() {
        let c = loadAs("lib.csl.json", """
        [
          {"id": "a", "title": "Good", "issued": {"date-parts": [[1960, 5, 2]]}},
          "not an item",
          {"id": 7, "title": "Numeric id", "issued": {"date-parts": [["1961", "2"]]}},
          {"id": "b", "title": "Bad day", "issued": {"date-parts": [[1961, 2, 29]]}},
          {"id": "c", "title": 5, "issued": {"raw": "circa 1950"}},
          {"id": "d", "title": "Prose", "issued": {"raw": "May 2, 1960"}},
          {"id": "e", "title": "Season", "issued": {"date-parts": [[1960, 21]]}},
          {"id": "a", "title": "Again", "issued": {"literal": "1962"}},
          {"title": "No id", "issued": {"date-parts": [[1950]]}}
        ]
        """)
        #expect(c.documents.map(\.id) == ["a", "7", "d", "e", "1950-no-id"])
        #expect(document(c, "7")?.date.iso == "1961-02")
        #expect(document(c, "d")?.date.iso == "1960-05-02")
        #expect(document(c, "e")?.date.iso == "1960", "a CSL season is read as its year")
        #expect(problems(c) == [
            "lib.csl.json:3:3: error: items[1] must be an object",
            "lib.csl.json:5:45: warning: entry \"b\" has no usable date ('1961-02-29' is not a date); it is skipped",
            "lib.csl.json:6:24: warning: entry \"c\": \"title\" has the wrong type; it is ignored",
            "lib.csl.json:6:37: warning: entry \"c\" is dated approximately ('circa 1950'); Anno uses 1950",
            "lib.csl.json:6:3: warning: entry \"c\" has no title; it is skipped",
            "lib.csl.json:9:10: error: duplicate id \"a\" (first defined on line 2); this entry is skipped",
        ])
    }

    @Test func notJSONIsOneError() {
        #expect(problems(loadAs("x.csl.json", "[{\"id\": ")) == ["x.csl.json:1:9: error: invalid JSON: unexpected end of input"])
        #expect(problems(loadAs("x.csl.json", "{\"documents\": []}")) == ["x.csl.json:1:1: error: a CSL-JSON catalogue is an array of items, as Zotero exports it"])
    }
}

@Suite struct BibTeXTests {
    /// Braces, accents, escapes, dashes, quotes and macros as Zotero and Better BibTeX write them.
    @Test func bibTeXBracesAndLaTeXEscapesDecode() throws {
        let c = loadAs("refs.bib", #"""
        % Exported by Better BibTeX
        @string{wca = "Wilson Center Digital Archive"}
        @comment{jabref-meta: nothing here {for Anno}}

        @misc{gromyko1967,
          title = {Record of Conversation Between {A.A.} Gromyko and Comrade Pak Seong-cheol},
          date = {1967-11-20},
          abstract = {Gromyko and Pak discuss the {DPRK}'s position~on Vietnam \& the {USSR}---a ``frank'' talk.},
          url = {https://digitalarchive.wilsoncenter.org/document/116691?x=1\%202},
          archive = wca,
        }
        @Article{cable,
          Title = "{Cable No. 121973, Meretskov and} {\v S}tykov to Cde. Stalin",
          year = 1947, month = may, day = {12},
        }
        @unpublished(krakow,
          title = {Memorandum on the Krak{\'o}w Talks, Stra{\ss}e and {\L}{\'o}d{\'z}, 1950--1951},
          year = {1950},
          annotation = "Notes " # wca # ", p.~3",
        )
        @misc{emph, title = {\emph{The} \textit{Nature} of Our {Revolution}, {\"U}ber \c{C}a}, date = {1955-04}}
        """#)
        #expect(c.problems.isEmpty, "\(problems(c))")
        let g = try #require(document(c, "gromyko1967"))
        #expect(g.title == "Record of Conversation Between A.A. Gromyko and Comrade Pak Seong-cheol")
        #expect(g.date.iso == "1967-11-20")
        #expect(g.summary == "Gromyko and Pak discuss the DPRK's position on Vietnam & the USSR—a “frank” talk.")
        #expect(g.url == "https://digitalarchive.wilsoncenter.org/document/116691?x=1%202")
        #expect(g.archive == "Wilson Center Digital Archive")
        let cable = try #require(document(c, "cable"))
        #expect(cable.title == "Cable No. 121973, Meretskov and Štykov to Cde. Stalin")
        #expect(cable.date.iso == "1947-05-12")
        let k = try #require(document(c, "krakow"))
        #expect(k.title == "Memorandum on the Kraków Talks, Straße and Łódź, 1950–1951")
        #expect(k.summary == "Notes Wilson Center Digital Archive, p. 3")
        #expect(document(c, "emph")?.title == "The Nature of Our Revolution, Über Ça")
        #expect(document(c, "emph")?.date.iso == "1955-04")
        #expect(document(c, "cable")?.origin.line == 12)
    }

    @Test func brokenEntriesAreReportedAndReadingGoesOn() {
        let c = loadAs("refs.bib", """
        @misc{a, title = {Good}, year = 1960}
        @misc{b, title = {No equals} year 1960}
        @misc{c, title = {After the broken one}, date = {1961-02}}
        @misc{d, title = {Undated}}
        @misc{e, date = {1962}}
        @misc{f, title = {Range}, date = {1939/1946}}
        @misc{a, title = {Twice}, year = {1963}}
        @misc{g, title = {Bad month}, year = {1964}, month = {Brumaire}}
        @misc{h, title = {Unknown macro}, year = 1965, archive = nowhere}
        Someone's e-mail: historian@example.org
        @misc{i, title = {Never closed}, year = 1966,
        """)
        #expect(c.documents.map(\.id) == ["a", "c", "f", "h"])
        #expect(problems(c) == [
            "refs.bib:2:30: error: expected ',' or '}' after the field \"title\" in entry \"b\", found 'y'",
            "refs.bib:4:1: warning: entry \"d\" has no date; it is skipped",
            "refs.bib:5:1: warning: entry \"e\" has no title; it is skipped",
            "refs.bib:6:34: warning: entry \"f\" is dated by a range, 1939 to 1946; Anno uses its start, 1939",
            "refs.bib:7:7: error: duplicate id \"a\" (first defined on line 1); this entry is skipped",
            "refs.bib:8:38: warning: entry \"g\" has no usable date ('Brumaire' is not a month); it is skipped",
            "refs.bib:9:58: warning: unknown @string macro \"nowhere\"; it reads as empty",
            "refs.bib:11:1: error: entry \"i\" is not closed before the end of the file",
        ])
    }
}

@Suite struct DelimitedTests {
    /// RFC 4180: quoted commas, doubled quotes and line breaks inside a field; CRLF rows.
    @Test func aCSVWithQuotedCommasAndNewlinesLoads() throws {
        let text = "\u{FEFF}Title,Date,Abstract Note,Url,Archive,Loc. in Archive,Key\r\n"
            + "\"Cable No. 121973, Meretskov and Shytkov to Cde. Stalin\",1947-05-12,\"Two lines,\r\nand \"\"quotes\"\"\",https://example.org/1,Wilson Center,\"f. 5, op. 49\",cable\r\n"
            + "The Economic and Political Situation of the DPRK,\"June 12, 1960\",,,,,\r\n"
            + "\r\n"
            + "No date here,,s,,,,nodate\r\n"
            + "Journal of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960,1960-05-02,,,,,puzanov,extra\r\n"
        let c = loadAs("list.csv", text)
        #expect(c.documents.map(\.id) == ["cable", "1960-06-12-the-economic-and-political-situation-of-the-dprk", "puzanov"])
        let cable = try #require(document(c, "cable"))
        #expect(cable.title == "Cable No. 121973, Meretskov and Shytkov to Cde. Stalin")
        #expect(cable.summary == "Two lines, and \"quotes\"")
        #expect(cable.archiveLocation == "f. 5, op. 49")
        #expect(cable.url == "https://example.org/1")
        #expect(c.documents[1].date.iso == "1960-06-12")
        #expect(document(c, "puzanov")?.origin.line == 7, "a line break inside a quoted field counts")
        #expect(problems(c) == [
            "list.csv:6:1: warning: entry \"nodate\" has no date; it is skipped",
            "list.csv:7:93: warning: row 6 has 8 fields but the first row names 7; the rest are ignored",
        ])
    }

    @Test func tsvSemicolonsAndSeparateYearColumns() {
        let tsv = loadAs("list.tsv", "id\ttitle\tyear\tmonth\nx\tA title, with a comma\t1960\tMay\ny\tUndated\t\t\n")
        #expect(tsv.documents.map { "\($0.id) \($0.date.iso) \($0.title)" } == ["x 1960-05 A title, with a comma"])
        #expect(problems(tsv) == ["list.tsv:3:1: warning: entry \"y\" has no date; it is skipped"])
        let semicolons = loadAs("excel.csv", "Title;Date\n\"Memo; draft\";1950\n")
        #expect(semicolons.documents.map(\.title) == ["Memo; draft"])
    }

    @Test func aHeaderWithoutTitleOrDateIsAnError() {
        #expect(problems(loadAs("x.csv", "name,when\na,1960\n")) == [
            #"x.csv:1:1: error: the first row must name a "title" column and a "date" (or "year") column; it names "name", "when""#])
        #expect(problems(loadAs("x.csv", "")) == ["x.csv:1:1: error: the file is empty: a CSV catalogue starts with a row naming its columns (title, date, …)"])
        let unclosed = loadAs("x.csv", "title,date\nok,1960\n\"never closed,1961\nmore,1962\n")
        #expect(unclosed.documents.map(\.title) == ["ok"])
        #expect(problems(unclosed) == [#"x.csv:3:1: error: unclosed quoted field: the '"' here needs a closing '"'"#])
    }
}

@Suite struct CatalogueFormatDetectionTests {
    @Test func byExtensionThenContent() {
        #expect(CatalogueFormat.detect(path: "a.bib", bytes: []) == .bibtex)
        #expect(CatalogueFormat.detect(path: "a.csl.json", bytes: Array("{}".utf8)) == .cslJSON)
        #expect(CatalogueFormat.detect(path: "a.json", bytes: Array(" [ ]".utf8)) == .cslJSON)
        #expect(CatalogueFormat.detect(path: "a.json", bytes: Array("{\"documents\": []}".utf8)) == .anno)
        #expect(CatalogueFormat.detect(path: "refs", bytes: Array("% comment\n@misc{x,}".utf8)) == .bibtex)
        #expect(CatalogueFormat.detect(path: "list.txt", bytes: Array("title\tdate\n".utf8)) == .tsv)
        #expect(CatalogueFormat.detect(path: nil, bytes: Array("title,date\n".utf8)) == .csv)
        #expect(CatalogueFormat.forOutput(path: "out.json") == .anno)
        #expect(CatalogueFormat.forOutput(path: "out.CSL.JSON") == .cslJSON)
        #expect(CatalogueFormat.forOutput(path: "out.txt") == nil)
    }

    @Test func utf16IsRefusedWithAReason() {
        let c = CatalogueLoader.load(bytes: [0xFF, 0xFE, 0x74, 0x00], path: "x.csv", defaultName: "x.csv")
        #expect(problems(c) == ["x.csv:1:1: error: the file is UTF-16; save it as UTF-8"])
    }
}

/// `anno catalogue convert`: every format written reads back as the same documents.
@Suite struct CatalogueRoundTripTests {
    static func fields(_ d: CatalogueDocument) -> [String?] {
        [d.id, d.date.iso, d.title, d.summary, d.url, d.archive, d.archiveLocation]
    }

    @Test(arguments: CatalogueFormat.allCases)
    func everyFormatReadsBackTheSameDocuments(_ format: CatalogueFormat) throws {
        let archive = try SharedFiles.path("data/archive-documents.json")
        let zotero = try SharedFiles.path("data/zotero/archival_items.csl.json")
        var documents = CatalogueLoader.bundled.documents
        documents += CatalogueLoader.load(bytes: try SharedFiles.bytes(archive), path: archive, defaultName: "a").documents
        documents += CatalogueLoader.load(bytes: try SharedFiles.bytes(zotero), path: zotero, defaultName: "z").documents
        documents.append(CatalogueDocument(
            id: "odd", date: try #require(PartialDate(year: 1950, month: 3)),
            title: #"Braces {and} back\slash, 50% & $5 # _ ~ ^ `tick` -- ''two'' "quoted", tab"#,
            summary: " line one\nline two ", url: "https://example.org/a{b}?q=1%20#x", archive: "A, \"B\"",
            origin: CatalogueLocation(catalogueName: "t", path: nil)))
        let bytes = CatalogueWriter.write(documents, name: "Mixed", format: format)
        let read = CatalogueLoader.load(bytes: bytes, path: nil, defaultName: "out", format: format)
        #expect(read.problems.isEmpty, "\(problems(read).prefix(5))")
        #expect(read.documents.count == documents.count)
        for (a, b) in zip(documents, read.documents) {
            var expected = CatalogueRoundTripTests.fields(a)
            if format != .anno {
                // Other formats' readers collapse runs of whitespace (line breaks in BibTeX and CSV cells).
                expected = expected.map { $0.map(TitleKey.exact) }
                if expected[3] == nil { expected[3] = "" }
            }
            if a.id == "odd" && format == .bibtex { expected[4] = "https://example.org/a%7Bb%7D?q=1%20#x" }
            #expect(CatalogueRoundTripTests.fields(b) == expected)
        }
        if format == .anno { #expect(read.name == "Mixed") }
    }
}

/// Several catalogues: the same document (id or URL) once, disagreements reported.
@Suite struct CatalogueMergeTests {
    func doc(_ id: String, _ date: String, _ title: String, url: String? = nil, line: Int = 2, path: String) -> CatalogueDocument {
        CatalogueDocument(id: id, date: PartialDate.parse(date), title: title, summary: "", url: url,
                          origin: CatalogueLocation(catalogueName: path, path: path, line: line, column: 3))
    }

    @Test func theSameURLIsTheSameDocument() {
        let zotero = Catalogue(name: "zotero", path: "/z.bib", documents: [
            doc("z1", "1960-05-02", "Journal of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960",
                url: "http://www.digitalarchive.wilsoncenter.org/document/puzanov/", path: "/z.bib"),
            doc("z2", "1960-06-13", "The Economic and Political Situation of the DPRK", url: "https://digitalarchive.wilsoncenter.org/document/eco", line: 5, path: "/z.bib"),
        ])
        let wilson = Catalogue(name: "wilson", path: "/w.json", documents: [
            doc("w1", "1960-05-02", "Journal of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960", url: "https://digitalarchive.wilsoncenter.org/document/puzanov", path: "/w.json"),
            doc("w2", "1960-06-12", "The Economic and Political Situation of the DPRK", url: "https://DigitalArchive.WilsonCenter.org/document/eco#top", line: 3, path: "/w.json"),
        ])
        let index = CatalogueIndex(catalogues: [wilson, zotero])
        #expect(index.count == 2)
        #expect(index.exactTitleMatches("The Economic and Political Situation of the DPRK").map { index[$0].id } == ["w2"])
        #expect(index.mergeProblems.map(\.description) == [
            #"/z.bib:2:3: warning: document "z1" has the URL of "w1" in /w.json; the first definition is used"#,
            #"/z.bib:5:3: warning: document "z2" has the URL of "w2" in /w.json with another date (1960-06-12 there, 1960-06-13 here); the first definition is used"#,
        ])
    }

    /// A URL several entries of one catalogue share is a collection's page, not a document's.
    @Test func aSharedCollectionURLJoinsNothing() {
        let visits = Catalogue(name: "visits", path: "/v.json", documents: [
            doc("v1", "1961-11-13", "Chairman Park (Korea)", url: "https://history.state.gov/visits/korea", path: "/v.json"),
            doc("v2", "1965-05-17", "President Park (Korea)", url: "https://history.state.gov/visits/korea", line: 3, path: "/v.json"),
        ])
        let mine = Catalogue(name: "mine", path: "/m.csv", documents: [
            doc("m1", "1968-04-17", "President Park Chung Hee (Korea)", url: "https://history.state.gov/visits/korea", path: "/m.csv"),
        ])
        let index = CatalogueIndex(catalogues: [visits, mine])
        #expect(index.count == 3)
        #expect(index.mergeProblems.isEmpty)
    }
}
