@testable import AnnoCLI
import Foundation
import Testing

/// `anno check --fix` and `--fix --dry-run` (spec/cli.md): fixes written atomically, only over
/// the text that was read, and nothing else in the file changed, byte for byte.
@Suite struct FixCommandTests {
    func bytes(_ path: String) -> [UInt8] {
        (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))) ?? []
    }

    /// CRLF and lone-CR line endings, trailing spaces and tabs, no final newline, Hangul and
    /// Cyrillic, an invalid byte: only the two citations' wrong bytes change.
    @Test func fixesChangeOnlyTheirBytes() {
        let s = Scratch()
        s.write("anno.json", "{}")
        let before: [UInt8] = Array("# Заметки 🇰🇷  \r\n한국어 [[1961-06-12 | \(ECO)]] \t\r\rКириллица [[1960-05-02 | journal of soviet ambassador in the dprk a.m. puzanov for 2 may 1960 | с. 3]]  ".utf8) + [0xE9] + Array(" end \t".utf8)
        let note = s.write("notes/a.anno", before)
        let run = anno("check", "--fix", "--color", "never", note)
        let after = bytes(note)
        let expected: [UInt8] = Array("# Заметки 🇰🇷  \r\n한국어 [[1960-06-12 | \(ECO)]] \t\r\rКириллица [[1960-05-02 | \(PUZ) | с. 3]]  ".utf8) + [0xE9] + Array(" end \t".utf8)
        #expect(after == expected)
        #expect(run.errors.contains("anno: fixed 2 problems in \(note)"))
        // What remains is reported: the invalid byte (an error: exit 1).
        #expect(run.output.contains("[invalid-utf8]"))
        #expect(!run.output.contains("date-mismatch") && !run.output.contains("title-variant"))
        #expect(run.status == 1)
    }

    @Test func aCleanRunLeavesFilesUntouched() throws {
        let s = Scratch()
        s.write("anno.json", "{}")
        let note = s.write("n.anno", "[[1960-06-12 | \(ECO)]]\n")
        let before = try FileManager.default.attributesOfItem(atPath: note)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.01)
        let run = anno("check", "--fix", note)
        #expect(run.status == 0)
        #expect(!run.errors.contains("fixed"))
        #expect(try FileManager.default.attributesOfItem(atPath: note)[.modificationDate] as? Date == before)
    }

    @Test func aFileChangedAfterItWasReadIsNotWritten() throws {
        let s = Scratch()
        s.write("anno.json", "{}")
        let note = s.write("n.anno", "Пхеньян [[1961-06-12 | \(ECO)]]\n")
        let edited = Array("Пхеньян [[1961-06-12 | \(ECO)]]\nA line the historian just typed.\n".utf8)
        var command = try CheckCommand.parse(["--fix", note]).get()
        command.beforeWrite = { path in
            // Another program (an editor) saves the note between anno's read and its write.
            try? Data(edited).write(to: URL(fileURLWithPath: path))
        }
        var output = "", errors = ""
        let status = command.run(output: &output, errors: &errors)
        #expect(status == 2)
        #expect(errors.contains("changed since it was read; not written"))
        #expect(bytes(note) == edited)
        // No temporary file is left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: s.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func aSymbolicLinkStaysALinkAndPermissionsStay() throws {
        let s = Scratch()
        s.write("anno.json", "{}")
        let target = s.write("real/n.anno", "[[1961-06-12 | \(ECO)]]")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target)
        let link = s.path + "/link.anno"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let run = anno("check", "--fix", link)
        #expect(run.status == 0, "\(run.errors)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(String(decoding: bytes(target), as: UTF8.self) == "[[1960-06-12 | \(ECO)]]")
        #expect(try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int == 0o600)
    }

    @Test func aNoteNamedTwiceIsFixedOnce() throws {
        let s = Scratch()
        s.write("anno.json", "{}")
        let note = s.write("notes/n.anno", "[[1961-06-12 | \(ECO)]]")
        let link = s.path + "/link.anno"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: note)
        let run = anno("check", "--fix", note, s.path + "/notes", link)
        #expect(run.status == 0, "\(run.errors)")
        #expect(String(decoding: bytes(note), as: UTF8.self) == "[[1960-06-12 | \(ECO)]]")
    }

    @Test func dryRunPrintsAUnifiedDiffAndWritesNothing() {
        let s = Scratch()
        s.write("anno.json", "{}")
        let text = "line 1\nline 2\nline 3\nline 4\n한국어 [[1961-06-12 | \(ECO)]]\nline 6\nline 7\nline 8\nline 9\nline 10\nline 11\nline 12\nКириллица [[1960 | \(ECO)]]"
        let note = s.write("notes/a.anno", text)
        let run = anno("check", "--fix", "--dry-run", s.path + "/notes")
        #expect(bytes(note) == Array(text.utf8))
        // Absolute paths are shown as they are (relative ones get git's a/ and b/).
        #expect(run.output == """
            --- \(note)
            +++ \(note)
            @@ -2,7 +2,7 @@
             line 2
             line 3
             line 4
            -한국어 [[1961-06-12 | \(ECO)]]
            +한국어 [[1960-06-12 | \(ECO)]]
             line 6
             line 7
             line 8
            @@ -10,4 +10,4 @@
             line 10
             line 11
             line 12
            -Кириллица [[1960 | \(ECO)]]
            \\ No newline at end of file
            +Кириллица [[1960-06-12 | \(ECO)]]
            \\ No newline at end of file

            """)
        #expect(run.errors.contains("2 fixes in 1 file (dry run: nothing written)"))
        // The status is that of the check: an error in the note.
        #expect(run.status == 1)
    }

    @Test func dryRunKeepsCarriageReturnsInTheDiff() {
        let s = Scratch()
        s.write("anno.json", "{}")
        let note = s.write("c.anno", "a\r\n[[1961-06-12 | \(ECO)]]\r\nb\r\n")
        let run = anno("check", "--fix", "--dry-run", note)
        #expect(run.output.contains("-[[1961-06-12 | \(ECO)]]\r\n+[[1960-06-12 | \(ECO)]]\r\n"))
        #expect(run.output.contains("@@ -1,3 +1,3 @@\n a\r\n"))
    }

    @Test func usageErrors() {
        #expect(anno("check", "--dry-run").status == 2)
        #expect(anno("check", "--dry-run").errors.contains("--dry-run goes with --fix"))
        let stdin = anno("check", "--fix", "-")
        #expect(stdin.status == 2)
        #expect(stdin.errors.contains("cannot fix standard input"))
    }
}

/// `anno timeline` (spec/cli.md).
@Suite struct TimelineCommandTests {
    func project() -> Scratch {
        let s = Scratch()
        s.write("anno.json", "{}")
        s.write("notes/b.anno", "# Визит\n[[1960-06-12 | \(ECO) | л. 4]] и [[1950 | Nothing like it]]\n")
        s.write("notes/a.anno", "한국어 메모\n😀 [[1960-05-02 | \(PUZ)]]\n[[1961-06-12 | \(ECO)]]\n")
        return s
    }

    @Test func textFormat() {
        let s = project()
        let run = anno("timeline", s.path)
        #expect(run.status == 0, "\(run.errors)")
        let p = s.path
        #expect(run.output == """
            1960-05-02  \(PUZ)  [wilson:1960-05-02-puzanov-journal]
                        \(p)/notes/a.anno:2:3
            1960-06-12  \(ECO)  [wilson:1960-06-12-economic-political-situation-dprk]
                        \(p)/notes/a.anno:3:1 [date-mismatch]
                        \(p)/notes/b.anno:2:1, л. 4

            Citations that name no document:
              \(p)/notes/b.anno:2:76 [unknown-document]  [[1950 | Nothing like it]]
            2 documents cited 3 times in 2 notes (1 citation naming no document)

            """)
    }

    @Test func markdownFormat() {
        let s = project()
        let note = s.path + "/notes/b.anno"
        let run = anno("timeline", "--format", "markdown", note)
        #expect(run.output == """
            # Timeline

            ## 1960

            - **12 June 1960**: \(ECO) (`wilson:1960-06-12-economic-political-situation-dprk`)
              - [\(note):2](<\(note)#L2>), л. 4

            ## Citations that name no document

            - [\(note):2](<\(note)#L2>): 1950 | Nothing like it

            """)
    }

    @Test func jsonFormatAndUncited() throws {
        let s = project()
        let run = anno("timeline", "--format=json", "--uncited", s.path + "/notes")
        #expect(run.status == 0)
        let root = try run.json()
        let documents = try #require(root["documents"] as? [[String: Any]])
        #expect(documents.count == 7)   // every document of the bundled catalogue
        #expect(documents.first?["id"] as? String == "wilson:1947-05-12-cable-121973")
        let eco = try #require(documents.first { $0["title"] as? String == ECO })
        let citations = try #require(eco["citations"] as? [[String: Any]])
        #expect(citations.map { $0["path"] as? String } == [s.path + "/notes/a.anno", s.path + "/notes/b.anno"])
        #expect(citations[0]["problems"] as? [String] == ["date-mismatch"])
        #expect(citations[1]["locator"] as? String == "л. 4")
        #expect((root["summary"] as? [String: Int]) == ["documents": 7, "cited": 2, "citations": 3, "unresolved": 1])
    }

    @Test func errorsAndUsage() {
        let s = project()
        let missing = anno("timeline", s.path + "/nowhere")
        #expect(missing.status == 2)
        #expect(missing.errors.contains("nowhere"))
        #expect(anno("timeline", "--format", "yaml").status == 2)
        #expect(anno("timeline", "--bogus").status == 2)
        #expect(anno("timeline", "--help").status == 0)
        s.write("broken/anno.json", "{\"catalogues\": 3}")
        s.write("broken/n.anno", "[[1960-06-12 | \(ECO)]]")
        let broken = anno("timeline", s.path + "/broken")
        #expect(broken.status == 2)
        #expect(broken.output.contains("0 documents cited"))
    }
}
