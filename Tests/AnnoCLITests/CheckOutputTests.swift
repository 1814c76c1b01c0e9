import AnnoCLI
import Foundation
import Testing

/// The four output formats of `anno check` (spec/cli.md).
@Suite struct CheckOutputTests {
    @Test func textLinesHaveThePathPositionSeverityMessageAndCode() {
        let s = Scratch()
        let note = s.write("n.anno", "First line.\n평양 회담: [[1961-06-12 | \(ECO)]]\n")
        let run = anno("check", "--color", "never", note)
        #expect(run.status == 1)
        let lines = run.outputLines
        #expect(lines[0] == "\(note):2:10: error: the catalogue dates '\(ECO)' 12 June 1960 (1960-06-12), not 1961-06-12 [date-mismatch]")
        #expect(lines[1] == "2 | 평양 회담: [[1961-06-12 | \(ECO)]]")
        // Hangul takes two terminal columns each: the carets sit under the date.
        #expect(lines[2] == "  |              ^^^^^^^^^^")
        #expect(lines[3] == "  fix: Use the catalogue's date 1960-06-12")
        #expect(lines[4] == "1 error, 0 warnings in 1 file (1 citation checked)")
        #expect(!run.output.contains("\u{1B}["))
    }

    @Test func colourOnlyWhenAsked() {
        let s = Scratch()
        let note = s.write("n.anno", "[[1961-06-12 | \(ECO)]]\n")
        #expect(anno("check", "--color", "always", note).output.contains("\u{1B}[1;31merror:"))
        // In-process output is not a terminal: auto means no colour.
        #expect(!anno("check", note).output.contains("\u{1B}["))
    }

    @Test func theSummaryCountsEverySeverity() {
        let s = Scratch()
        let note = s.write("n.anno", "[[1961 | \(ECO)]] [[1960-06-12 | the economic and political situation of the dprk]] [[1960 | \(ECO)]]\n")
        let run = anno("check", note)
        #expect(run.outputLines.last(where: { !$0.isEmpty }) == "1 error, 1 warning, 1 hint in 1 file (3 citations checked)")
    }

    @Test func jsonFollowsTheSchema() throws {
        let s = Scratch()
        let note = s.write("n.anno", "Пхеньян 😀 [[1961-06-12 | \(ECO)]]\n")
        let run = anno("check", "--format", "json", note)
        #expect(run.status == 1)
        let root = try run.json()
        #expect(root["version"] as? Int == 1)
        #expect((root["tool"] as? [String: Any])?["name"] as? String == "anno")
        #expect((root["problems"] as? [Any])?.isEmpty == true)
        let summary = try #require(root["summary"] as? [String: Int])
        #expect(summary == ["files": 1, "citations": 1, "errors": 1, "warnings": 0, "infos": 0, "hints": 0])
        let files = try #require(root["files"] as? [[String: Any]])
        #expect(files.count == 1)
        #expect(files[0]["path"] as? String == note)
        #expect(files[0]["citations"] as? Int == 1)
        let d = try #require((files[0]["diagnostics"] as? [[String: Any]])?.first)
        #expect(d["code"] as? String == "date-mismatch")
        #expect(d["severity"] as? String == "error")
        #expect((d["message"] as? String)?.hasPrefix("the catalogue dates") == true)
        let range = try #require(d["range"] as? [String: [String: Int]])
        // "Пхеньян 😀 [[" is 12 characters, 13 UTF-16 units and 22 bytes.
        #expect(range["start"] == ["line": 1, "column": 13, "utf16Character": 13, "byteOffset": 22])
        #expect(range["end"] == ["line": 1, "column": 23, "utf16Character": 23, "byteOffset": 32])
        #expect((d["related"] as? [[String: String]]) == [["id": "wilson:1960-06-12-economic-political-situation-dprk", "date": "1960-06-12", "title": ECO]])
        let fix = try #require(d["fix"] as? [String: Any])
        #expect(fix["title"] as? String == "Use the catalogue's date 1960-06-12")
        let edit = try #require((fix["edits"] as? [[String: Any]])?.first)
        #expect(edit["newText"] as? String == "1960-06-12")
        #expect((d["suggestions"] as? [[String: Any]])?.count == 1)
    }

    @Test func jsonOfACleanRunHasNoDiagnosticsAndSetupProblemsAreListed() throws {
        let s = Scratch()
        s.write("anno.json", #"{"colour": true}"#)
        let note = s.write("n.anno", "[[1960-06-12 | \(ECO)]]\n")
        let run = anno("check", "--format", "json", note)
        #expect(run.status == 0)
        let root = try run.json()
        let files = try #require(root["files"] as? [[String: Any]])
        #expect((files[0]["diagnostics"] as? [Any])?.isEmpty == true)
        let problems = try #require(root["problems"] as? [[String: Any]])
        #expect(problems.count == 1)
        #expect(problems.first?["severity"] as? String == "warning")
        #expect(problems.first?["line"] as? Int == 1)
        #expect(problems.first?["column"] as? Int == 2)
    }

    @Test func sarifIsVersion210WithResultsAndRules() throws {
        let s = Scratch()
        let note = s.write("notes dir/n.anno", "😀 [[1961-06-12 | \(ECO)]]\n")
        let run = anno("check", "--format", "sarif", note)
        #expect(run.status == 1)
        let root = try run.json()
        #expect(root["version"] as? String == "2.1.0")
        let sarifRun = try #require((root["runs"] as? [[String: Any]])?.first)
        let driver = try #require((sarifRun["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "anno")
        let ruleIDs = (driver["rules"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(ruleIDs?.count == 10 && ruleIDs?.contains("date-mismatch") == true)
        let result = try #require((sarifRun["results"] as? [[String: Any]])?.first)
        #expect(result["ruleId"] as? String == "date-mismatch")
        #expect(result["level"] as? String == "error")
        let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let uri = (location["artifactLocation"] as? [String: Any])?["uri"] as? String
        #expect(uri?.hasSuffix("/notes%20dir/n.anno") == true)
        // SARIF columns are 1-based UTF-16 code units: the emoji counts two.
        #expect((location["region"] as? [String: Int]) == ["startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 16])
    }

    @Test func githubPrintsWorkflowCommands() {
        let s = Scratch()
        let note = s.write("n.anno", "[[1961-06-12 | \(ECO)]]\n[[1960-06-12 | the economic and political situation of the dprk]]\n[[1960 | \(ECO)]]\n")
        let run = anno("check", "--format", "github", note)
        #expect(run.status == 1)
        let lines = run.outputLines.filter { !$0.isEmpty }
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("::error file=\(note),line=1,col=3,endLine=1,endColumn=13,title=anno date-mismatch::the catalogue dates"))
        #expect(lines[1].hasPrefix("::warning file=\(note),line=2,col=16,"))
        #expect(lines[2].hasPrefix("::notice file=\(note),line=3,col=3,"))
        #expect(run.errors.contains("1 error, 1 warning, 1 hint in 1 file (3 citations checked)"))
    }

    @Test func githubEscapesPropertiesAndData() {
        let s = Scratch()
        let note = s.write("a,b:c.anno", "[[1960 | 100% Zzz]]\n")
        let run = anno("check", "--format", "github", note)
        #expect(run.output.contains("file=\(s.path)/a%2Cb%3Ac.anno,"))
        #expect(run.output.contains("'100%25 Zzz'"))
    }
}
