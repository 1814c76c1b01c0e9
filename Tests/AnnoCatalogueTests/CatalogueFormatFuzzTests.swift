import AnnoCatalogue
import Testing

/// Broken input gives problems with positions, never a crash: every reader on truncated and
/// mutated files, and the LaTeX decoder on fragments.
@Suite struct CatalogueFormatFuzzTests {
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    }

    static let seeds: [(String, String)] = [
        ("a.bib", #"""
        @string{w = "Wilson"}
        @misc{k1, title = {Cable {\v S}tykov \& {\"O}ber --- ``x''}, date = {1947-05/1948}, archive = w # { C},
          url = {http://x/{y}}, abstract = "q {a} \'\i"}
        @comment{ {nested} }
        @book(k2, title = "T", year = 1960, month = may, day = 31)
        """#),
        ("a.csv", "Title,Date,Key,Abstract\r\n\"A, \"\"q\"\"\r\nb\",1960-05,k,\"s\"\nB,[1961?],,\nC,ca. 1950,x,y,z\n"),
        ("a.csl.json", #"[{"id": 1, "title": "T", "issued": {"date-parts": [[1960, 5, 2], [1961]]}}, {"title": "U", "issued": {"raw": "1939/1946"}}, 3]"#),
        ("a.tsv", "title\tyear\tmonth\tday\nT\t1960\t2\t30\n"),
    ]

    static let splices: [String] = ["{", "}", "\"", "\\", "@", ",", "=", "#", "\n", "\r", "\t", "%", "~", "--", "''", "``",
                                    "\\'", "\\v", "{\\", "$", "]", "[", "Ж", "한", "\u{0301}", "\u{FFFD}", "1960", "-", "/", ";"]

    func check(_ c: Catalogue) {
        for p in c.problems { #expect(p.line >= 1 && p.column >= 1, "\(p)") }
        for d in c.documents { #expect(!d.id.isEmpty && !d.title.isEmpty) }
    }

    @Test func truncatedFilesNeverTrap() {
        for (path, text) in CatalogueFormatFuzzTests.seeds {
            let bytes = Array(text.utf8)
            for n in 0...bytes.count {
                check(CatalogueLoader.load(bytes: Array(bytes.prefix(n)), path: path, defaultName: path))
            }
        }
    }

    @Test func mutatedFilesNeverTrap() {
        var g = Generator(state: 8)
        for (path, text) in CatalogueFormatFuzzTests.seeds {
            for _ in 0..<1_500 {
                var bytes = Array(text.utf8)
                for _ in 0..<(1 + g.below(4)) {
                    let at = g.below(bytes.count + 1)
                    switch g.below(3) {
                    case 0: if at < bytes.count { bytes.remove(at: at) }
                    case 1: bytes.insert(contentsOf: Array(CatalogueFormatFuzzTests.splices[g.below(CatalogueFormatFuzzTests.splices.count)].utf8), at: at)
                    default: if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: g.next()) }
                    }
                }
                check(CatalogueLoader.load(bytes: bytes, path: path, defaultName: path))
                // The same bytes sniffed without a name.
                check(CatalogueLoader.load(bytes: bytes, path: nil, defaultName: "x"))
            }
        }
    }

    @Test func latexFragmentsNeverTrap() {
        var g = Generator(state: 3)
        for _ in 0..<5_000 {
            var s = ""
            for _ in 0..<g.below(8) { s += CatalogueFormatFuzzTests.splices[g.below(CatalogueFormatFuzzTests.splices.count)] + (g.below(2) == 0 ? "a" : "") }
            _ = LaTeX.decode(s)
            _ = LaTeX.decodeVerbatim(s)
        }
        #expect(LaTeX.decode("\\'{\\i}") == "í")
        #expect(LaTeX.decode("a\\") == "a")
    }
}
