import AnnoCLI
import Foundation
import Testing

/// `anno` run in-process: arguments in, text and an exit status out.
@Suite struct CommandLineTests {
    @Test func helpAndVersion() {
        let help = anno("--help")
        #expect(help.status == 0)
        #expect(help.output.contains("usage: anno check"))
        #expect(anno("--version").output == "anno 0.1.0\n")
        #expect(anno("check", "--help").output.contains("Exit status: 0 no errors, 1 errors in notes, 2 usage, I/O or configuration errors."))
        #expect(anno("catalogue", "--help").status == 0)
    }

    @Test func usageErrorsExitTwo() {
        let none = anno([])
        #expect(none.status == 2 && none.errors.contains("usage:"))
        let unknownCommand = anno("frobnicate")
        #expect(unknownCommand.status == 2)
        #expect(unknownCommand.errors.hasPrefix("anno: unknown command 'frobnicate'"))
        let unknownFlag = anno("check", "--bogus")
        #expect(unknownFlag.status == 2)
        #expect(unknownFlag.errors.hasPrefix("anno: unknown option '--bogus' for 'anno check'"))
        #expect(unknownFlag.errors.contains("usage: anno check"))
        #expect(unknownFlag.output.isEmpty)
        #expect(anno("check", "--format", "xml", "x.anno").status == 2)
        #expect(anno("check", "--format").status == 2)
        #expect(anno("check", "--color", "sometimes").status == 2)
        #expect(anno("check", "--catalogue").status == 2)
        #expect(anno("catalogue").status == 2)
        #expect(anno("catalogue", "frobnicate").status == 2)
        #expect(anno("catalogue", "list", "--bogus").status == 2)
        #expect(anno("catalogue", "validate").status == 2)
        #expect(anno("lsp", "--bogus").status == 2)
    }

    @Test func exitStatusZeroOneAndTwo() {
        let s = Scratch()
        let clean = s.write("clean.anno", "[[1960-06-12 | \(ECO)]]\n")
        let broken = s.write("broken.anno", "[[1961-06-12 | \(ECO)]]\n")
        let warned = s.write("warned.anno", "[[1960-06-12 | the economic and political situation of the dprk]]\n")
        #expect(anno("check", clean).status == 0)
        #expect(anno("check", warned).status == 0)
        #expect(anno("check", broken).status == 1)
        #expect(anno("check", clean, broken).status == 1)
        #expect(anno("check", clean, s.path + "/missing.anno").status == 2)
    }

    @Test func aMissingPathIsReportedAndTheRestChecked() {
        let s = Scratch()
        let clean = s.write("clean.anno", "[[1961-06-12 | \(ECO)]]\n")
        let run = anno("check", s.path + "/missing.anno", clean)
        #expect(run.status == 2)
        #expect(run.errorLines.contains("anno: error: \(s.path)/missing.anno: no such file or directory"))
        #expect(run.output.contains("\(clean):1:3: error:"))
    }

    @Test func anOptionValueMayFollowAnEqualsSign() {
        let s = Scratch()
        let note = s.write("n.anno", "[[1961-06-12 | \(ECO)]]\n")
        #expect(anno("check", "--format=github", note).output.hasPrefix("::error file="))
        // After "--", everything is a path.
        #expect(anno("check", "--", "--format").status == 2)
    }
}
