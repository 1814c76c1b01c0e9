import AnnoCLI
import Foundation
import Testing

/// `anno catalogue convert`, and catalogues in other formats through `validate`, `--catalogue`
/// and anno.json (spec/cli.md, spec/catalogue.md "Other formats").
@Suite struct CatalogueConvertTests {
    static let csv = "Title,Date,Abstract\r\n\"Minutes, Pyongyang Trade Talks\",1952-03,\"Kept by the Soviet side,\r\nin two copies\"\r\nNo date,,\r\n"

    @Test func convertWritesTheFormatTheOutputNameSays() throws {
        let s = Scratch()
        let input = s.write("list.csv", Self.csv)
        let bib = s.path + "/out/library.bib"
        let run = anno("catalogue", "convert", input, bib)
        #expect(run.status == 0)
        #expect(run.output == "\(input): 1 document written to \(bib) (BibTeX)\n")
        #expect(run.errors == "\(input):4:1: warning: row 3 has no date; it is skipped\n")
        let written = try String(contentsOfFile: bib, encoding: .utf8)
        #expect(written == """
        @misc{1952-03-minutes-pyongyang-trade-talks,
          title = {Minutes, Pyongyang Trade Talks},
          date = {1952-03},
          year = {1952},
          abstract = {Kept by the Soviet side, in two copies}
        }


        """)
        // And back, through every other format.
        for (name, format) in [("a.json", "Anno JSON"), ("b.csl.json", "CSL-JSON"), ("c.tsv", "TSV"), ("d.csv", "CSV")] {
            let out = s.path + "/" + name
            let again = anno("catalogue", "convert", bib, out)
            #expect(again.status == 0 && again.output.hasSuffix("(\(format))\n"), "\(again.errors)")
            let listed = anno("catalogue", "list", "--catalogue", out)
            #expect(listed.output.contains("1952-03     Minutes, Pyongyang Trade Talks  [1952-03-minutes-pyongyang-trade-talks]"), "\(name)")
        }
    }

    @Test func convertToStandardOutputNeedsAFormat() {
        let s = Scratch()
        let input = s.write("list.csv", Self.csv)
        let run = anno("catalogue", "convert", input, "-", "--to", "csl-json")
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("[\n  {\n    \"abstract\": \"Kept by the Soviet side, in two copies\""))
        #expect(run.errors.hasSuffix("1 document written to - (CSL-JSON)\n"))
        #expect(anno("catalogue", "convert", input, "-").status == 2)
        #expect(anno("catalogue", "convert", input, s.path + "/out.txt").errors.contains("cannot tell the output format"))
        #expect(anno("catalogue", "convert", input).status == 2)
        #expect(anno("catalogue", "convert", input, "x.bib", "--to", "yaml").status == 2)
    }

    @Test func convertOfAnUnreadableFileWritesNothing() {
        let s = Scratch()
        let input = s.write("broken.csv", "name,when\n")
        let out = s.path + "/out.json"
        let run = anno("catalogue", "convert", input, out)
        #expect(run.status == 1)
        #expect(run.errors.contains("nothing written"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func validateReadsEveryFormat() {
        let s = Scratch()
        let bib = s.write("refs.bib", "@misc{a, title = {Good}, year = 1960}\n@misc{b, title = {Undated}}\n@misc{c title = {Broken}}\n")
        let run = anno("catalogue", "validate", bib)
        #expect(run.status == 1)
        #expect(run.outputLines.filter { !$0.isEmpty } == [
            "\(bib):2:1: warning: entry \"b\" has no date; it is skipped",
            "\(bib):3:9: error: expected ',' after the key \"c\", found 't'",
            "\(bib): 1 documents, 1 error, 1 warning",
        ])
        let csv = s.write("list.csv", Self.csv)
        #expect(anno("catalogue", "validate", csv).status == 0, "warnings only")
    }

    /// anno.json names a Zotero export: notes are checked against it, and a variant spelling
    /// of a name in a citation is an error with the catalogue's title suggested.
    @Test func checkUsesCataloguesInOtherFormats() throws {
        let s = Scratch()
        s.write("anno.json", #"{"catalogues": ["zotero.csl.json"]}"#)
        s.write("zotero.csl.json", #"[{"id": "z1", "title": "Minutes of the Pyongyang Trade Talks, Štykov Presiding", "issued": {"date-parts": [[1952, 3]]}}]"#)
        let good = s.write("good.anno", "[[1952-03 | Minutes of the Pyongyang Trade Talks, Štykov Presiding]]\n")
        #expect(anno("check", "--color", "never", good).status == 0)
        let variant = s.write("variant.anno", "[[1952-03 | Minutes of the Pyongyang Trade Talks, Shtykov Presiding]]\n")
        let run = anno("check", "--color", "never", variant)
        #expect(run.status == 1)
        #expect(run.output.contains("did you mean 'Minutes of the Pyongyang Trade Talks, Štykov Presiding' (1952-03)? [unknown-document]"))
        let extra = s.write("extra.tsv", "title\tdate\nMemorandum on the Kraków Talks\t1950\n")
        let withExtra = s.write("extra.anno", "[[1950 | Memorandum on the Kraków Talks]]\n")
        #expect(anno("check", "--catalogue", extra, withExtra).status == 0)
    }
}
