import AnnoCLI
import Foundation
import Testing

/// What `anno check` reads: files, directory trees, bad bytes, configuration.
@Suite struct CheckInputTests {
    @Test func invalidUTF8AndBinaryFilesAreReportedNotFatal() {
        let s = Scratch()
        let latin1 = s.write("latin1.anno", Array("caf".utf8) + [0xE9] + Array("\n[[1960-06-12 | \(ECO)]]\n".utf8))
        let binary = s.write("binary.anno", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00])
        let run = anno("check", "--color", "never", latin1, binary)
        #expect(run.status == 1)
        #expect(run.output.contains("\(latin1):1:4: error: invalid UTF-8 at byte offset 3 (1 invalid sequence in the file); save the note as UTF-8 [invalid-utf8]"))
        #expect(run.output.contains("\(binary):1:5: error: this is not a text file (a NUL byte at offset 4); it was not checked [binary-file]"))
        #expect(run.output.contains("2 errors, 0 warnings in 2 files (1 citation checked)"))
    }

    /// A binary file's line is not echoed to the terminal (it would print control bytes).
    @Test func aBinaryFilesContentIsNotEchoed() {
        let s = Scratch()
        let binary = s.write("binary.anno", [0x1B, 0x5B, 0x32, 0x4A, 0x00, 0x07])
        let run = anno("check", "--color", "never", binary)
        #expect(!run.output.contains("\u{1B}[2J"), "the escape sequence in the file reached the output")
        #expect(!run.output.contains("\u{0}"))
    }

    @Test func directoriesAreWalkedForAnnoFiles() {
        let s = Scratch()
        s.write("notes/a.anno", "[[1961 | \(ECO)]]\n")
        s.write("notes/deep/er/b.anno", "[[1961 | \(ECO)]]\n")
        s.write("notes/readme.md", "[[1961 | \(ECO)]]\n")
        s.write("notes/c.anno.txt", "[[1961 | \(ECO)]]\n")
        s.write("notes/.hidden/d.anno", "[[1961 | \(ECO)]]\n")
        let run = anno("check", "--format", "json", s.path + "/notes")
        let paths = ((try? run.json()["files"]) as? [[String: Any]])?.compactMap { $0["path"] as? String }
        #expect(paths == [s.path + "/notes/a.anno", s.path + "/notes/deep/er/b.anno"])
        #expect(run.status == 1)
    }

    @Test func aFileNamedExplicitlyIsCheckedWhateverItsExtension() {
        let s = Scratch()
        let md = s.write("notes.md", "[[1961 | \(ECO)]]\n")
        #expect(anno("check", md).status == 1)
    }

    @Test func anEmptyTreeWarns() {
        let s = Scratch()
        let dir = s.mkdir("empty/sub")
        s.write("empty/notes.txt", "not a note")
        let run = anno("check", s.path + "/empty")
        #expect(run.status == 0)
        #expect(run.errors.contains("anno: warning: no .anno notes found in \(s.path)/empty"))
        #expect(run.output.contains("0 errors, 0 warnings in 0 files (0 citations checked)"))
        _ = dir
    }

    @Test func theNearestConfigAndItsCataloguesAreUsed() {
        let s = Scratch()
        s.write("project/anno.json", #"{"catalogues": ["catalogues/mine.json"], "rules": {"title-variant": "off", "date-mismatch": "warning"}}"#)
        s.write("project/catalogues/mine.json", #"{"name": "Mine", "documents": [{"id": "m", "date": "1950", "title": "Memo [draft]", "summary": "s"}]}"#)
        let note = s.write("project/notes/deep/n.anno", "[[1950 | Memo [draft]]] [[1960-06-12 | the economic and political situation of the dprk]] [[1961 | \(ECO)]]\n")
        let run = anno("check", note)
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        #expect(run.output.contains("0 errors, 1 warning in 1 file (3 citations checked)"))
        // A note outside the project does not see its catalogue.
        let outside = s.write("elsewhere/n.anno", "[[1950 | Memo [draft]]]\n")
        #expect(anno("check", outside).status == 1)
    }

    @Test func catalogueFlagsAddCatalogues() {
        let s = Scratch()
        let catalogue = s.write("mine.json", #"{"documents": [{"id": "m", "date": "1950", "title": "Memo [draft]", "summary": "s"}]}"#)
        let note = s.write("n.anno", "[[1950 | Memo [draft]]]\n")
        #expect(anno("check", note).status == 1)
        #expect(anno("check", "--catalogue", catalogue, note).status == 0)
        #expect(anno("check", "-c", catalogue, note).status == 0)
        #expect(anno("check", "--catalogue=\(catalogue)", note).status == 0)
    }

    /// `--no-bundled-catalogue` is accepted, so it must drop the bundled catalogue.
    @Test func noBundledCatalogueDropsTheBundledCatalogue() {
        let s = Scratch()
        let note = s.write("n.anno", "[[1960-06-12 | \(ECO)]]\n")
        let run = anno("check", "--no-bundled-catalogue", note)
        #expect(run.status == 1, "the bundled title was still found")
        #expect(run.output.contains("[unknown-document]"))
    }

    @Test func aBrokenConfigExitsTwoWithItsPosition() {
        let s = Scratch()
        s.write("anno.json", "{\n  \"catalogues\": [\"x.json\",\n}\n")
        let note = s.write("n.anno", "[[1960-06-12 | \(ECO)]]\n")
        let run = anno("check", note)
        #expect(run.status == 2)
        #expect(run.errorLines.contains("\(s.path)/anno.json:3:1: error: invalid JSON: expected a JSON value, found '}'"))
    }

    /// A config that cannot be read must not be replaced by the defaults: the notes under it would
    /// be checked against the wrong catalogues and report errors that are not there.
    @Test func notesUnderABrokenConfigAreNotCheckedAgainstTheDefaults() {
        let s = Scratch()
        s.write("anno.json", #"{"catalogues": ["mine.json"], "bundledCatalogue": "no"}"#)
        s.write("mine.json", #"{"documents": [{"id": "m", "date": "1950", "title": "Memo [draft]", "summary": "s"}]}"#)
        let note = s.write("n.anno", "[[1950 | Memo [draft]]]\n")
        let run = anno("check", "--color", "never", note)
        #expect(run.status == 2)
        #expect(run.errorLines.contains(#"\#(s.path)/anno.json:1:51: error: "bundledCatalogue" must be true or false"#))
        #expect(!run.output.contains("[unknown-document]"), "the note was checked without its catalogue:\n\(run.output)")
    }

    @Test func configWarningsDoNotFailTheRun() {
        let s = Scratch()
        s.write("anno.json", "{\n  \"rules\": {\"no-such-rule\": \"off\"},\n  \"colour\": 1\n}\n")
        let note = s.write("n.anno", "[[1960-06-12 | \(ECO)]]\n")
        let run = anno("check", note)
        #expect(run.status == 0)
        #expect(run.errors.contains("\(s.path)/anno.json:2:13: warning: unknown rule \"no-such-rule\""))
        #expect(run.errors.contains("\(s.path)/anno.json:3:3: warning: unknown key \"colour\" in anno.json (known keys: catalogues, bundledCatalogue, rules)"))
    }

    @Test func aBadRuleValueIsAnError() {
        let s = Scratch()
        s.write("anno.json", #"{"rules": {"title-variant": "loud"}}"#)
        let note = s.write("n.anno", "[[1960-06-12 | \(ECO)]]\n")
        let run = anno("check", note)
        #expect(run.status == 2)
        #expect(run.errors.contains(#"anno.json:1:29: error: rule "title-variant" must be one of "error", "warning", "info", "hint", "off""#))
    }

    @Test func aMissingOrBrokenCatalogueExitsTwo() {
        let s = Scratch()
        s.write("anno.json", #"{"catalogues": ["missing.json"]}"#)
        let note = s.write("n.anno", "[[1960-06-12 | \(ECO)]]\n")
        let run = anno("check", note)
        #expect(run.status == 2)
        #expect(run.errors.contains("\(s.path)/missing.json:1:1: error: cannot read catalogue: no such file or directory"))

        let t = Scratch()
        let broken = t.write("broken.json", "{\"documents\": [\n  {\"id\": \"a\", \"date\": \"1960-13\", \"title\": \"T\", \"summary\": \"s\"}\n]}\n")
        let other = t.write("n.anno", "[[1960-06-12 | \(ECO)]]\n")
        let run2 = anno("check", "--catalogue", broken, other)
        #expect(run2.status == 2)
        #expect(run2.errors.contains("\(broken):2:23: error: document \"a\" has an invalid date: month 13 does not exist in '1960-13'"))
    }

    @Test func aDuplicateIDAcrossCataloguesWarnsAndKeepsTheFirst() {
        let s = Scratch()
        let mine = s.write("mine.json", #"{"documents": [{"id": "wilson:1996-kapto-recollections", "date": "1997", "title": "Not Kapto", "summary": "s"}]}"#)
        let note = s.write("n.anno", "[[1997 | Not Kapto]]\n")
        let run = anno("check", "--catalogue", mine, note)
        #expect(run.status == 1)
        #expect(run.errors.contains("\(mine):1:16: warning: document \"wilson:1996-kapto-recollections\" is also defined in Wilson Center Digital Archive (bundled) with another date (1996 there, 1997 here) and title ('Excerpts from Recollections by the Former Soviet Ambassador in North Korea Aleksandr Kapto' there); the first definition is used"))
    }
}
