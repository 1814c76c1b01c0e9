import AnnoCatalogue
import AnnoSyntax
import Foundation
import Testing

/// The bundled catalogue is the seed search result, word for word, with stable ids.
@Suite struct BundledCatalogueTests {
    struct SeedEntry: Equatable, CustomStringConvertible {
        var date: String
        var title: String
        var summary: String
        var description: String { "\(date) | \(title) | \(summary)" }
    }

    /// The seed file: a page header, then after "Documents" one block per document — its date as
    /// the archive prints it ("May 12, 1947" or "1996"), its title, its summary — separated by blank lines.
    static func seedEntries() throws -> [SeedEntry] {
        let text = String(decoding: try SharedFiles.bytes(try SharedFiles.path("seed/wilson-center-search-results.txt")), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard let start = lines.firstIndex(of: "Documents") else { throw MissingSharedFile(relative: "seed (no 'Documents' line)") }
        let blocks = lines[(start + 1)...].filter { !$0.isEmpty }
        #expect(blocks.count % 3 == 0, "the seed's documents are not date/title/summary triples")
        return stride(from: 0, to: blocks.count - 2, by: 3).map { i in
            let printed = blocks[blocks.startIndex + i]
            let iso: String
            switch DateParser.parse(printed) {
            case .valid(let d): iso = d.iso
            case .invalid(_, let suggestion): iso = suggestion?.iso ?? "unparsed: \(printed)"
            }
            return SeedEntry(date: iso, title: blocks[blocks.startIndex + i + 1], summary: blocks[blocks.startIndex + i + 2])
        }
    }

    @Test func matchesTheSeedExactly() throws {
        let seed = try BundledCatalogueTests.seedEntries()
        let bundled = CatalogueLoader.bundled.documents.map { SeedEntry(date: $0.date.iso, title: $0.title, summary: $0.summary) }
        #expect(seed.count == 7)
        #expect(bundled == seed)
    }

    @Test func loadsWithoutProblemsAndStableIDs() {
        let c = CatalogueLoader.bundled
        #expect(c.problems.isEmpty)
        #expect(c.name == "Wilson Center Digital Archive (bundled)")
        #expect(c.path == nil)
        #expect(c.documents.map(\.id) == [
            "wilson:1996-kapto-recollections",
            "wilson:1947-05-12-cable-121973",
            "wilson:1967-11-20-gromyko-pak-seong-cheol",
            "wilson:1960-06-12-economic-political-situation-dprk",
            "wilson:1955-04-06-nature-of-our-revolution",
            "wilson:1960-05-02-puzanov-journal",
            "wilson:1960-06-17-tkachenko-korean-peninsula",
        ])
        #expect(c.documents.allSatisfy { $0.archive == "Wilson Center Digital Archive" })
        #expect(c.documents.allSatisfy { $0.origin.path == nil && $0.origin.catalogueName == BundledCatalogue.name })
    }

    /// Typographic characters are kept as the archive gives them (a curly apostrophe in a summary).
    @Test func keepsTheArchivesCharacters() {
        let cable = CatalogueLoader.bundled.documents.first { $0.id == "wilson:1947-05-12-cable-121973" }
        #expect(cable?.summary.contains("don\u{2019}t") == true)
        #expect(cable?.title.contains("Shytkov") == true)   // sic: the archive's spelling
    }
}
