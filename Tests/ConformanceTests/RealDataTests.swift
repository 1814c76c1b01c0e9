import AnnoCatalogue
import AnnoCheck
import AnnoSyntax
import Foundation
import Testing

/// The checker on text nobody on the project wrote: shared/data/archive-documents.json holds 78
/// real archival documents (Wilson Center, Office of the Historian) in the catalogue's shape.
/// Citing every title as the catalogue gives it must check clean; each kind of slip a historian
/// makes must be caught, with the remedy pointing back at the right document.
@Suite struct RealDataTests {
    static let expectedDocumentCount = 78

    /// `<repository>/../shared/data/archive-documents.json` (in CI, shared/ is copied beside the
    /// clone); found by walking up from this file so it also works from a worktree.
    static func archiveDocumentsPath() throws -> String {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        var tried: [String] = []
        while url.path != "/" {
            let candidate = url.appendingPathComponent("shared/data/archive-documents.json").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            tried.append(candidate)
            url.deleteLastPathComponent()
        }
        throw CaseFileError("shared/data/archive-documents.json not found beside the repository; looked at:\n" + tried.joined(separator: "\n"))
    }

    struct Fixture {
        let catalogue: Catalogue
        let checker: Checker
    }

    static func fixture() throws -> Fixture {
        let path = try archiveDocumentsPath()
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let catalogue = CatalogueLoader.load(json: bytes, path: path, defaultName: "archive-documents.json")
        let index = CatalogueIndex(catalogues: [CatalogueLoader.bundled, catalogue])
        #expect(index.mergeProblems.isEmpty, "merging with the bundled catalogue: \(index.mergeProblems)")
        return Fixture(catalogue: catalogue, checker: Checker(index: index))
    }

    @Test func theCatalogueLoadsWithoutProblems() throws {
        let f = try RealDataTests.fixture()
        #expect(f.catalogue.problems.isEmpty, "\(f.catalogue.problems.map(\.description))")
        #expect(f.catalogue.documents.count == RealDataTests.expectedDocumentCount)
        let precisions = Dictionary(grouping: f.catalogue.documents, by: \.date.precision).mapValues(\.count)
        #expect(precisions == [.day: 74, .month: 3, .year: 1])
        #expect(f.catalogue.documents.contains { $0.title.contains("[") && $0.title.contains("]") })
    }

    @Test func everyTitleCitedAsCataloguedIsClean() throws {
        let f = try RealDataTests.fixture()
        var note = "# Every document of archive-documents.json\n\n"
        for (i, doc) in f.catalogue.documents.enumerated() {
            // Alternate plain citations, locators and a hard wrap, as notes are written.
            switch i % 3 {
            case 0: note += "- \(CitationFormatter.citation(date: doc.date.iso, title: doc.title)).\n"
            case 1: note += "- See \(CitationFormatter.citation(date: doc.date.iso, title: doc.title, locator: "p. \(i)")), and more.\n"
            default: note += "- As reported in\n  \(CitationFormatter.citation(date: doc.date.iso, title: doc.title))\n  at length.\n"
            }
        }
        let result = f.checker.check(note)
        #expect(result.note.citations.count == f.catalogue.documents.count)
        let lines = LineTable(note)
        for d in result.diagnostics {
            let p = lines.position(ofByte: d.range.lowerBound, in: .utf16)
            Issue.record("line \(p.line + 1): \(d.code.rawValue): \(d.message)")
        }
        // Each citation resolves to the document it was written from.
        for (citation, doc) in zip(result.note.citations, f.catalogue.documents) {
            let resolved = f.checker.resolve(citation).document.map { f.checker.index[$0].id }
            #expect(resolved == doc.id, "citation of \(doc.id) resolved to \(resolved ?? "nothing")")
        }
    }

    /// Two records keep their sources' inconsistencies (the title's date is not the record's date,
    /// see shared/data/README.md): the catalogue is the authority, so citing them as catalogued is clean.
    @Test func recordsWithInconsistentSourceDatesCheckCleanAsCatalogued() throws {
        let f = try RealDataTests.fixture()
        for id in ["frus-history:1959-11-06-hac-meeting-minutes", "frus-history:1979-09-25-ho-meeting-with-cia"] {
            let doc = try #require(f.catalogue.documents.first { $0.id == id }, "\(id) is not in the catalogue")
            let citation = CitationFormatter.citation(date: doc.date.iso, title: doc.title)
            #expect(f.checker.check(citation).diagnostics.isEmpty, "\(citation)")
        }
        let hac = try #require(f.catalogue.documents.first { $0.id == "frus-history:1959-11-06-hac-meeting-minutes" })
        #expect(hac.date.iso == "1958-11-07")
    }

    /// A letter dropped from the title's longest word: unknown-document, with the document first
    /// among the suggestions, and the suggestion's edits restore the catalogued citation.
    @Test func aTypoInATitleIsAnUnknownDocumentWithTheRightSuggestionFirst() throws {
        let f = try RealDataTests.fixture()
        var failures: [String] = []
        for doc in f.catalogue.documents {
            let typo = RealDataTests.dropLetter(from: doc.title)
            let note = CitationFormatter.citation(date: doc.date.iso, title: typo)
            let diagnostics = f.checker.check(note).diagnostics
            guard diagnostics.count == 1, let d = diagnostics.first, d.code == .unknownDocument else {
                failures.append("\(doc.id): \(note) gave \(diagnostics.map { "\($0.code.rawValue): \($0.message)" })")
                continue
            }
            if d.related.first?.id != doc.id {
                failures.append("\(doc.id): first suggestion is \(d.related.first?.id ?? "none") for \(note)")
                continue
            }
            let fixed = apply(try #require(d.alternatives.first), to: note)
            if fixed != CitationFormatter.citation(date: doc.date.iso, title: doc.title) {
                failures.append("\(doc.id): the suggestion gives \(fixed)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(f.catalogue.documents.count) typos:\n\(failures.joined(separator: "\n"))")
    }

    /// The year moved by one, at the catalogue's own precision: date-mismatch on the date, whose
    /// fix writes the catalogue's date.
    @Test func aWrongDateIsADateMismatchFixedToTheCataloguesDate() throws {
        let f = try RealDataTests.fixture()
        var failures: [String] = []
        for doc in f.catalogue.documents {
            let wrong = PartialDate(year: doc.date.year + 1, month: doc.date.month, day: doc.date.month == 2 && doc.date.day == 29 ? 28 : doc.date.day)!
            let note = CitationFormatter.citation(date: wrong.iso, title: doc.title)
            let diagnostics = f.checker.check(note).diagnostics
            guard diagnostics.count == 1, let d = diagnostics.first, d.code == .dateMismatch, let fix = d.fix else {
                failures.append("\(doc.id): \(note) gave \(diagnostics.map { "\($0.code.rawValue): \($0.message)" })")
                continue
            }
            if !d.message.contains(doc.date.iso) { failures.append("\(doc.id): message does not give \(doc.date.iso): \(d.message)") }
            if d.range != 2..<(2 + wrong.iso.utf8.count) { failures.append("\(doc.id): range \(d.range) is not the date") }
            let fixed = apply(fix, to: note)
            if fixed != CitationFormatter.citation(date: doc.date.iso, title: doc.title) { failures.append("\(doc.id): the fix gives \(fixed)") }
        }
        #expect(failures.isEmpty, "\(failures.count) wrong dates:\n\(failures.joined(separator: "\n"))")
    }

    /// The title in lower case: title-variant, whose fix restores the catalogue's spelling.
    @Test func aLowercasedTitleIsATitleVariantFixedToTheCataloguesSpelling() throws {
        let f = try RealDataTests.fixture()
        var failures: [String] = []
        for doc in f.catalogue.documents {
            let note = CitationFormatter.citation(date: doc.date.iso, title: doc.title.lowercased())
            let diagnostics = f.checker.check(note).diagnostics
            guard diagnostics.count == 1, let d = diagnostics.first, d.code == .titleVariant, d.severity == .warning, let fix = d.fix else {
                failures.append("\(doc.id): \(note) gave \(diagnostics.map { "\($0.code.rawValue): \($0.message)" })")
                continue
            }
            let fixed = apply(fix, to: note)
            if fixed != CitationFormatter.citation(date: doc.date.iso, title: doc.title) { failures.append("\(doc.id): the fix gives \(fixed)") }
            if !f.checker.check(fixed).diagnostics.isEmpty { failures.append("\(doc.id): the fixed citation is not clean") }
        }
        #expect(failures.isEmpty, "\(failures.count) lowercased titles:\n\(failures.joined(separator: "\n"))")
    }

    /// The title with the middle letter of its longest word removed.
    static func dropLetter(from title: String) -> String {
        let words = title.split(separator: " ", omittingEmptySubsequences: false)
        guard let longest = words.indices.max(by: { words[$0].count < words[$1].count }) else { return title }
        var word = Array(words[longest])
        word.remove(at: word.count / 2)
        var out = words.map(String.init)
        out[longest] = String(word)
        return out.joined(separator: " ")
    }
}

/// Applies a fix's edits (byte ranges) to a note.
func apply(_ fix: Fix, to text: String) -> String {
    var bytes = Array(text.utf8)
    for edit in fix.edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
        bytes.replaceSubrange(edit.range, with: Array(edit.replacement.utf8))
    }
    return String(decoding: bytes, as: UTF8.self)
}
