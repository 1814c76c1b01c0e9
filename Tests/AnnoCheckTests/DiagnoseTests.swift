import AnnoCheck
import AnnoSyntax
import Testing

/// `anno check` goes through `Checker.diagnose`, which parses parts only for citations its cache
/// has not seen: what it reports must be exactly what `check` reports.
@Suite struct DiagnoseTests {
    let checker = makeChecker([doc("a1", "1960-05-02", ECO), doc("a2", "1960", PUZ), doc("a3", "1961-03", KAP)])

    let notes = [
        "[[1960-05-02 | \(ECO)]] and again [[1960-05-02 | \(ECO)]]\n",
        "[[1960-05-03 | \(ECO)]] [[1960-05-02 | \(ECO.lowercased())]] [[1960-05-02 | No Such Title]]\n",
        "unclosed [[1960-05-02 | \(ECO)\n\nthen [[1960-05-02 | \(ECO)]] [[ | ]] [[1960-13-01 | \(PUZ) | p. 3]]\n",
        "`[[1960 | code]]` ~~~\n```\n[[1960 | fenced]]\n```\n[[1961-03-04 | \(KAP)]] [[1960 | \(PUZ)]]\n",
        "Ки́рилл [[1960 | \(PUZ)\n | f. 2]] 평양 [[1960-05-02 | \(ECO) | \\| escaped]] [[\(ECO)]] [[1960-05-02]]\n",
        "[[1960-05-02 | \(ECO)]]",   // the same citation as in the first note, at another offset
        "[[1960-05-02 | \(ECO)",      // unclosed at the end: not the same citation as the closed one
        "bad \u{FF} byte [[1960-05-02 | \(ECO)]]\n",
    ]

    @Test func diagnoseReportsWhatCheckReports() {
        let cache = ResolutionCache()
        // Twice over, so the second round answers from the cache.
        for note in notes + notes {
            var bytes = Array(note.utf8)
            if note.hasPrefix("bad") { bytes = bytes.map { $0 == 0xC3 ? 0xFF : $0 } }
            let expected = checker.check(bytes)
            let got = checker.diagnose(bytes, cache: cache)
            #expect(got.diagnostics == expected.diagnostics, "\(note)")
            #expect(got.citationCount == expected.note.citations.count, "\(note)")
        }
        #expect(cache.count > 0)
    }

    @Test func aBinaryNoteIsNotChecked() {
        let bytes: [UInt8] = Array("[[1960-05-02 | \(ECO)]]".utf8) + [0, 1, 2]
        let got = checker.diagnose(bytes, cache: ResolutionCache())
        #expect(got.diagnostics == checker.check(bytes).diagnostics)
        #expect(got.diagnostics.map(\.code) == [.binaryFile])
        #expect(got.citationCount == 0)
    }

    /// The workspace index summarises notes through a per-thread cache: the same summary.
    @Test func aSummaryThroughTheCacheIsTheSame() {
        let cache = ResolutionCache()
        for note in notes + notes {
            let bytes = Array(note.utf8)
            let plain = NoteSummary(bytes: bytes, checker: checker)
            let cached = NoteSummary(bytes: bytes, checker: checker, cache: cache)
            #expect(Array(cached.citations) == Array(plain.citations), "\(note)")
            #expect(cached.diagnostics == plain.diagnostics, "\(note)")
        }
    }
}
