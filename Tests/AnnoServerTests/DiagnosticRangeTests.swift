import AnnoJSON
import AnnoProtocol
import AnnoTestSupport
import Testing

/// The range of each diagnostic code, with Hangul, Cyrillic and emoji earlier on the line, in
/// UTF-16 and UTF-8 (issue 3, "Positions" and "Diagnostics").
@Suite struct DiagnosticRangeTests {
    /// One note per code; `«…»` marks where the diagnostic must be.
    static let cases: [(code: String, marked: String)] = [
        ("malformed-citation", "\(mixedScript)«[[1960-05-02]]» ещё"),
        ("malformed-citation", "Строка 🇰🇷\n\(mixedScript)«[[1960-05-02 | \(Bundled.puzanov)»\n\nNext paragraph."),
        ("invalid-date", "\(mixedScript)[[«1960-13-02» | \(Bundled.puzanov)]]"),
        ("unknown-document", "\(mixedScript)[[1960-05-02 | «Памятная записка 😀 о несуществующем»]]"),
        ("date-mismatch", "\(mixedScript)[[«1960-05-03» | \(Bundled.puzanov)]]"),
        ("title-variant", "\(mixedScript)[[1960-05-02 | «journal of soviet ambassador in the dprk a.m. puzanov for 2 may 1960»]]"),
        ("ambiguous-citation", "\(mixedScript)«[[1961 | Report on the Harvest]]»"),
        ("unverifiable-date", "\(mixedScript)[[«1996-03-04» | \(Bundled.kapto)]]"),
        ("imprecise-date", "\(mixedScript)[[«1960» | \(Bundled.puzanov)]]"),
        ("binary-file", "한국어 😀 «\u{0}» binary"),
        // CRLF line ends and a citation on the third line.
        ("date-mismatch", "Первая строка 🇰🇷\r\n한국어\r\n\(mixedScript)[[«1960-05-03» | \(Bundled.puzanov)]]\r\n"),
    ]

    static func options(_ encoding: PositionEncoding) -> ClientOptions {
        var options = ClientOptions.encoding(encoding)
        // Two documents with one title in 1961, so a year alone is ambiguous.
        options.annoJSON = ["catalogues": ["harvest.json"]]
        options.files = ["harvest.json": JSON.serializeString(catalogueJSON(name: "Harvest", documents: [
            ["id": "harvest:spring", "date": "1961-03-01", "title": "Report on the Harvest", "summary": "Spring."],
            ["id": "harvest:autumn", "date": "1961-09-15", "title": "Report on the Harvest", "summary": "Autumn."],
        ]))]
        return options
    }

    @Test(arguments: [PositionEncoding.utf16, .utf8], 0..<cases.count)
    func eachCodeHasItsExactRange(encoding: PositionEncoding, index: Int) throws {
        let (code, marked) = Self.cases[index]
        try withSession(Self.options(encoding)) { s in
            #expect(s.encoding == encoding)
            let f = s.fixture(marked)
            let published = try s.open("note.anno", f.text)
            #expect(diagnostics(published) == [SeenDiagnostic(code: code, range: f.range)])
        }
    }

    @Test func severitiesAreThoseOfTheChecker() throws {
        try withSession(Self.options(.utf16)) { s in
            let note = """
                [[1960-05-03 | \(Bundled.puzanov)]]
                [[1960-05-02 | journal of soviet ambassador in the dprk a.m. puzanov for 2 may 1960]]
                [[1960 | \(Bundled.puzanov)]]
                """
            let published = try s.open("note.anno", note)
            let severities = (published["diagnostics"]?.arrayValue ?? []).map { ($0["code"]?.stringValue ?? "", $0["severity"]?.intValue ?? 0) }
            #expect(severities.map(\.0) == ["date-mismatch", "title-variant", "imprecise-date"])
            #expect(severities.map(\.1) == [1, 2, 4])
        }
    }

    @Test func ambiguousCitationsNameEveryCandidate() throws {
        try withSession(Self.options(.utf16)) { s in
            let published = try s.open("note.anno", "[[1961 | Report on the Harvest]]")
            let documents = published["diagnostics"]?[0]?["data"]?["documents"]?.arrayValue ?? []
            #expect(Set(documents.compactMap(\.stringValue)) == ["harvest:spring", "harvest:autumn"])
        }
    }
}
