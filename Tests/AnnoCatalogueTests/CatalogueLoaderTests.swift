import AnnoCatalogue
import AnnoSyntax
import Testing

/// Broken catalogues are reported with file:line:column and never stop the rest from loading.
@Suite struct CatalogueLoaderTests {
    func load(_ json: String, path: String? = "c.json") -> Catalogue {
        CatalogueLoader.load(json: Array(json.utf8), path: path, defaultName: "default name")
    }

    /// The problems as `anno catalogue validate` prints them.
    func problems(_ json: String) -> [String] {
        load(json).problems.map(\.description)
    }

    @Test func aValidCatalogue() {
        let c = load("""
        {"name": "Mine", "documents": [
          {"id": "a", "date": "1960", "title": "Memo [draft]", "summary": "A draft.", "url": "https://example.org/a", "archive": "Somewhere"},
          {"id": "b", "date": "1960-05", "title": "Second", "summary": "", "url": null, "archive": null, "collection": "extra keys are ignored", "date_original": 1}
        ]}
        """)
        #expect(c.problems.isEmpty)
        #expect(c.name == "Mine")
        #expect(c.documents.map(\.id) == ["a", "b"])
        #expect(c.documents[0].url == "https://example.org/a")
        #expect(c.documents[0].archive == "Somewhere")
        #expect(c.documents[1].url == nil)
        #expect(c.documents[1].date == PartialDate(year: 1960, month: 5))
        #expect(c.documents[1].origin.line == 3 && c.documents[1].origin.column == 3)
        #expect(c.documents[0].origin.catalogueName == "Mine")
        #expect(!c.isUnreadable)
    }

    @Test func theNameMayComeAfterTheDocumentsAndDefaultsToTheFileName() {
        let late = load(#"{"documents": [{"id": "a", "date": "1960", "title": "T", "summary": "s"}], "name": "Late"}"#)
        #expect(late.name == "Late")
        #expect(late.documents[0].origin.catalogueName == "Late")
        let unnamed = load(#"{"documents": []}"#)
        #expect(unnamed.name == "default name")
        #expect(unnamed.problems.isEmpty)
    }

    @Test func badJSONHasItsPosition() {
        #expect(problems("{\"documents\": [\n  {\"id\": \"a\", \"date\": \"1960\", \"title\": \"T\", \"summary\": \"s\"},\n") ==
                ["c.json:3:1: error: invalid JSON: unexpected end of input"])
        #expect(problems("") == ["c.json:1:1: error: invalid JSON: unexpected end of input"])
        let trailingComma = problems("{\"documents\": [\n  {\"id\": \"a\", \"date\": \"1960\", \"title\": \"T\", \"summary\": \"s\",}\n]}")
        #expect(trailingComma.count == 1)
        #expect(trailingComma.first?.hasPrefix("c.json:2:") == true)
        #expect(trailingComma.first?.contains("error: invalid JSON") == true)
        #expect(problems("{\"documents\": []} x") == ["c.json:1:19: error: invalid JSON: unexpected 'x' after the JSON value"])
    }

    @Test func notAnObject() {
        #expect(problems("[1, 2]") == [#"c.json:1:1: error: a catalogue is a JSON object with a "documents" array"#])
        #expect(problems("  \"x\"") == [#"c.json:1:3: error: a catalogue is a JSON object with a "documents" array"#])
        #expect(problems(#"{"name": "n"}"#) == [#"c.json:1:1: error: the catalogue has no "documents" array"#])
        #expect(problems(#"{"documents": {}}"#) == [#"c.json:1:15: error: "documents" must be an array of document objects"#])
        #expect(load("[1, 2]").isUnreadable)
    }

    @Test func missingFields() {
        let c = load("""
        {"documents": [
          {"id": "a", "title": "T", "summary": "s"},
          {"date": "1960", "title": "T", "summary": "s"},
          {"id": "c", "date": "1960", "title": "   ", "summary": "s"},
          {"id": "d", "date": "1960"},
          {"id": "e", "date": "1960", "title": "Kept"}
        ]}
        """)
        #expect(c.problems.map(\.description) == [
            #"c.json:2:3: error: document "a" is missing "date""#,
            #"c.json:3:3: error: documents[1] is missing "id""#,
            #"c.json:4:3: error: document "c" is missing "title""#,
            #"c.json:5:3: error: document "d" is missing "title""#,
            #"c.json:6:3: warning: document "e" has no "summary""#,
        ])
        #expect(c.documents.map(\.id) == ["e"])
        #expect(c.documents[0].summary == "")
    }

    @Test func invalidDates() {
        let c = load("""
        {"documents": [
          {"id": "a", "date": "1960-13", "title": "T", "summary": "s"},
          {"id": "b", "date": "1961-02-29", "title": "T", "summary": "s"},
          {"id": "c", "date": "60", "title": "T", "summary": "s"},
          {"id": "d", "date": "1960/05/02", "title": "T", "summary": "s"},
          {"id": "e", "date": "", "title": "T", "summary": "s"},
          {"id": "f", "date": "1960-02-29", "title": "Leap day", "summary": "s"}
        ]}
        """)
        #expect(c.problems.map(\.description) == [
            #"c.json:2:23: error: document "a" has an invalid date: month 13 does not exist in '1960-13'"#,
            #"c.json:3:23: error: document "b" has an invalid date: day 29 does not exist in February 1961, which has 28 days"#,
            #"c.json:4:23: error: document "c" has an invalid date: the year in '60' must have four digits (YYYY-MM-DD)"#,
            #"c.json:5:23: error: document "d" has an invalid date: '1960/05/02' is not an ISO date; separate its parts with '-' (did you mean "1960-05-02"?)"#,
            #"c.json:6:3: error: document "e" is missing "date""#,
        ])
        #expect(c.documents.map(\.id) == ["f"])
    }

    /// The reason already gives the ISO form; the hint should not say it twice.
    @Test func aProseDateIsSuggestedOnce() {
        let p = problems(#"{"documents": [{"id": "a", "date": "May 2, 1960", "title": "T", "summary": "s"}]}"#)
        #expect(p.count == 1)
        #expect(p.first.map { $0.components(separatedBy: "1960-05-02").count - 1 } == 1, "\(p)")
    }

    @Test func duplicateIDsKeepTheFirst() {
        let c = load("""
        {"documents": [
          {"id": "a", "date": "1960", "title": "First", "summary": "s"},
          {"id": "b", "date": "1960", "title": "Other", "summary": "s"},
          {"id": "a", "date": "1961", "title": "Second", "summary": "s"}
        ]}
        """)
        #expect(c.problems.map(\.description) == [#"c.json:4:10: error: duplicate id "a" (first defined on line 2); this entry is skipped"#])
        #expect(c.documents.map(\.title) == ["First", "Other"])
    }

    @Test func wrongTypes() {
        let c = load("""
        {"name": 5, "documents": [
          {"id": 3, "date": "1960", "title": "T", "summary": "s"},
          {"id": "b", "date": 1960, "title": "T", "summary": "s"},
          {"id": "c", "date": "1960", "title": ["T"], "summary": "s"},
          {"id": "d", "date": "1960", "title": "T", "summary": "s", "url": 7},
          "a string",
          null,
          {"id": "g", "date": "1960", "title": "T", "summary": "s"}
        ], "colour": "red"}
        """)
        #expect(c.problems.map(\.description) == [
            #"c.json:1:10: error: "name" must be a string"#,
            "c.json:2:10: error: documents[0].id must be a string",
            "c.json:3:23: error: documents[1].date must be a string",
            "c.json:4:40: error: documents[2].title must be a string",
            "c.json:5:68: error: documents[3].url must be a string",
            "c.json:6:3: error: documents[4] must be an object",
            "c.json:7:3: error: documents[5] must be an object",
            #"c.json:9:4: warning: unknown key "colour" in catalogue (expected "name" and "documents")"#,
        ])
        #expect(c.documents.map(\.id) == ["g"])
        #expect(c.name == "default name")
    }

    /// Columns count characters, not bytes, so a Cyrillic or Korean catalogue points at the right place.
    @Test func columnsCountCharacters() {
        #expect(problems(#"{"name": "Пхеньян 평양", "documents": 5}"#) == [#"c.json:1:37: error: "documents" must be an array of document objects"#])
    }

    @Test func theSchemaAndDescriptionKeysAreAllowed() {
        #expect(problems(#"{"$schema": "catalogue.schema.json", "description": "d", "version": 1, "documents": []}"#).isEmpty)
    }

    /// Every prefix of a valid catalogue loads without trapping, and each problem points inside the text.
    @Test func truncatedCataloguesNeverCrash() {
        let json = Array(BundledCatalogue.json.utf8.prefix(2500))
        let lines = LineTable(json)
        for end in stride(from: 0, through: json.count, by: 7) {
            let c = CatalogueLoader.load(json: Array(json[..<end]), path: "t.json", defaultName: "t")
            #expect(!c.problems.isEmpty)
            for p in c.problems {
                #expect(p.line >= 1 && p.line <= lines.lineCount && p.column >= 1)
            }
        }
    }
}
