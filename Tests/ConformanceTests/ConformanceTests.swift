import AnnoCatalogue
import AnnoCheck
import AnnoSyntax
import Foundation
import Testing

/// Holds the checker to spec/conformance: every case's note gives exactly the diagnostics its
/// `.expected.json` lists, in order, at the stated LSP ranges (0-based lines, UTF-16 characters).
@Suite struct ConformanceTests {
    @Test(arguments: ConformanceCase.all)
    func conformanceCase(_ c: ConformanceCase) throws {
        try ConformanceTests.run(c)
    }

    static func run(_ c: ConformanceCase) throws {
        let expected = try c.expectedDiagnostics()
        let (actual, setupProblems) = try c.actualDiagnostics()
        #expect(setupProblems.isEmpty, "case \(c.name): its configuration or catalogue has problems: \(setupProblems.map(\.description))")
        if let mismatch = ConformanceTests.compare(expected: expected, actual: actual) {
            Issue.record("case \(c.name) (spec/conformance/\(c.name).anno) differs from its .expected.json:\n\(mismatch)")
        }
    }

    /// nil when `actual` matches `expected`; otherwise both lists, one diagnostic a line, with
    /// the differing ones marked.
    static func compare(expected: [ExpectedDiagnostic], actual: [ExpectedDiagnostic]) -> String? {
        func matches(_ e: ExpectedDiagnostic, _ a: ExpectedDiagnostic) -> Bool {
            guard e.code == a.code, e.severity == a.severity, e.range == a.range else { return false }
            if let message = e.message, message != a.message { return false }
            if let fix = e.fix, fix != a.fix! { return false }
            return true
        }
        let count = max(expected.count, actual.count)
        var differs = expected.count != actual.count
        var lines: [String] = []
        for i in 0..<count {
            let e = i < expected.count ? expected[i] : nil
            let a = i < actual.count ? actual[i] : nil
            let same = e != nil && a != nil && matches(e!, a!)
            if !same { differs = true }
            let mark = same ? "  " : "≠ "
            let full = ExpectedDiagnostic(code: "", severity: "", range: CaseRange(start: .init(line: 0, character: 0), end: .init(line: 0, character: 0)), message: "", fix: .some(nil))
            lines.append("\(mark)[\(i)] expected: " + (e.map { $0.rendered(like: $0) } ?? "(nothing)"))
            lines.append("\(mark)[\(i)] actual:   " + (a.map { $0.rendered(like: e ?? full) } ?? "(nothing)"))
        }
        return differs ? lines.joined(separator: "\n") : nil
    }

    @Test func theCaseDirectoryHasCases() {
        #expect(ConformanceCase.all.count >= 20, "no conformance cases found in \(ConformanceCase.directory)")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: ConformanceCase.directory)) ?? []
        for file in files where file.hasSuffix(".anno") {
            let name = String(file.dropLast(5))
            #expect(files.contains(name + ".expected.json"), "case \(name) has no \(name).expected.json")
        }
        // Every other file belongs to a case (a misspelt suffix would otherwise be ignored silently).
        let names = Set(ConformanceCase.all.map(\.name))
        for file in files where file != "README.md" && !file.hasSuffix(".anno") {
            let known = [".expected.json", ".catalogue.json", ".config.json"].contains { suffix in
                file.hasSuffix(suffix) && names.contains(String(file.dropLast(suffix.count)))
            }
            #expect(known, "spec/conformance/\(file) belongs to no case")
        }
    }

    @Test func everyCodeHasACase() throws {
        var covered = Set<String>()
        for c in ConformanceCase.all { for d in try c.expectedDiagnostics() { covered.insert(d.code) } }
        for code in DiagnosticCode.allCases {
            #expect(covered.contains(code.rawValue), "no conformance case expects \(code.rawValue)")
        }
    }

    /// The seed-titles case cites every document of the bundled catalogue, and is clean.
    @Test func seedTitlesCaseCitesEveryBundledDocument() throws {
        let c = try #require(ConformanceCase.all.first { $0.name == "clean-seed-titles" })
        #expect(try c.expectedDiagnostics().isEmpty)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: c.notePath)))
        let (checker, _) = c.checker()
        let note = NoteParser.parse(bytes)
        let cited = Set(note.citations.compactMap { checker.resolve($0).document.map { checker.index[$0].id } })
        let bundled = Set(CatalogueLoader.bundled.documents.map(\.id))
        #expect(bundled.count == 7)
        #expect(cited == bundled)
    }
}
