import AnnoCLI
import Foundation
import Testing

/// `anno catalogue list|search|validate`.
@Suite struct CatalogueCommandTests {
    @Test func validateReportsEveryProblemWithItsPosition() {
        let s = Scratch()
        let good = s.write("good.json", #"{"documents": [{"id": "a", "date": "1960", "title": "T", "summary": "s"}]}"#)
        let ok = anno("catalogue", "validate", good)
        #expect(ok.status == 0)
        #expect(ok.output == "\(good): 1 documents, 0 errors, 0 warnings\n")

        let bad = s.write("bad.json", "{\"name\": \"x\", \"documents\": [\n  {\"id\": \"a\", \"date\": \"1960\", \"title\": \"T\"},\n  {\"id\": \"a\", \"date\": \"1961\", \"title\": \"U\", \"summary\": \"s\"}\n")
        let run = anno("catalogue", "validate", bad)
        #expect(run.status == 1)
        #expect(run.outputLines.filter { !$0.isEmpty } == [
            "\(bad):2:3: warning: document \"a\" has no \"summary\"",
            "\(bad):3:10: error: duplicate id \"a\" (first defined on line 2); this entry is skipped",
            "\(bad):4:1: error: invalid JSON: unexpected end of input",
            "\(bad): 1 documents, 2 errors, 1 warning",
        ])
        let missing = anno("catalogue", "validate", s.path + "/nope.json")
        #expect(missing.status == 1)
        #expect(missing.output.contains("nope.json:1:1: error: cannot read catalogue: no such file or directory"))
    }

    @Test func validateOnlyWarningsExitsZero() {
        let s = Scratch()
        let warned = s.write("w.json", #"{"documents": [{"id": "a", "date": "1960", "title": "T"}]}"#)
        #expect(anno("catalogue", "validate", warned).status == 0)
    }

    @Test func listShowsTheBundledAndGivenCatalogues() throws {
        let s = Scratch()
        let mine = s.write("mine.json", #"{"name": "Mine", "documents": [{"id": "m", "date": "1950", "title": "Memo [draft]", "summary": "s"}]}"#)
        let run = anno("catalogue", "list", "--catalogue", mine)
        #expect(run.status == 0)
        let lines = run.outputLines.filter { !$0.isEmpty }
        #expect(lines.count == 8)
        #expect(lines.contains("1960-05-02  \(PUZ)  [wilson:1960-05-02-puzanov-journal]"))
        #expect(lines.contains("1950        Memo [draft]  [m]"))

        let json = anno("catalogue", "list", "--json", "--catalogue", mine)
        let docs = try #require(try json.json()["documents"] as? [[String: Any]])
        #expect(docs.count == 8)
        let m = try #require(docs.first { $0["id"] as? String == "m" })
        #expect(m["catalogue"] as? String == "Mine")
        #expect(m["title"] as? String == "Memo [draft]")
    }

    @Test func searchRanksAndFailsWhenNothingMatches() {
        let found = anno("catalogue", "search", "puzanov")
        #expect(found.status == 0)
        #expect(found.output == "1960-05-02  \(PUZ)  [wilson:1960-05-02-puzanov-journal]\n")
        let dated = anno("catalogue", "search", "1960", "--limit", "1")
        #expect(dated.outputLines.first?.hasPrefix("1960-") == true)
        #expect(dated.outputLines.filter { !$0.isEmpty }.count == 1)
        let none = anno("catalogue", "search", "zzzz")
        #expect(none.status == 1)
        #expect(none.errors == "no documents match\n")
        #expect(anno("catalogue", "search").status == 2)
        #expect(anno("catalogue", "search", "x", "--limit", "0").status == 2)
    }
}
