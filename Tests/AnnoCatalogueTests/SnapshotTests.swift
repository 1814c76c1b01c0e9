@testable import AnnoCatalogue
import AnnoTestSupport
import AnnoSyntax
import Foundation
import Testing

/// The index snapshot (spec/catalogue.md, "Index cache"): a snapshot answers exactly as the
/// index it was written from, and a damaged or hostile one is refused or, if it passes the
/// checks, answers without crashing.
@Suite struct SnapshotTests {
    static let key = Array("test key".utf8)
    static let extra = CatalogueSnapshot.Extra(
        problems: [CatalogueProblem(.warning, "document \"x\" has no \"summary\"", path: "/p/c.json", line: 3, column: 5),
                   CatalogueProblem(.error, "invalid JSON", path: nil, line: 1, column: 1)],
        unreadable: true)

    /// The snapshot's bytes.
    static func bytes(of index: CatalogueIndex, key: [UInt8] = key, extra: CatalogueSnapshot.Extra = extra) -> [UInt8] {
        var out: [UInt8] = []
        CatalogueSnapshot.image(of: index, key: key, extra: extra).forEachChunk { out.append(contentsOf: $0) }
        return out
    }

    /// Reads `bytes` as the cache does a mapped file: from memory of its own, 16-byte aligned.
    static func read(_ bytes: [UInt8], key: [UInt8] = key) throws(CatalogueSnapshot.Refusal) -> (index: CatalogueIndex, extra: CatalogueSnapshot.Extra) {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { raw.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(raw), byteCount: bytes.count) }
        nonisolated(unsafe) let owned = raw
        let memory = IndexMemory(releasing: { owned.deallocate() })
        return try CatalogueSnapshot.read(UnsafeRawBufferPointer(start: raw, count: bytes.count), memory: memory, key: key)
    }

    static var realCatalogues: [Catalogue] {
        var out = [CatalogueLoader.bundled]
        for name in ["data/archive-documents.json", "data/foreign-leader-visits.json"] {
            guard let path = try? SharedFiles.path(name), let bytes = try? SharedFiles.bytes(path) else { continue }
            out.append(CatalogueLoader.load(bytes: bytes, path: path, defaultName: name))
        }
        return out
    }

    /// Every kind of question, asked of both indexes.
    static func expectSameAnswers(_ a: CatalogueIndex, _ b: CatalogueIndex, sample: Int = 150) {
        #expect(a.count == b.count)
        #expect(a.catalogueNames == b.catalogueNames && a.mergeProblems == b.mergeProblems)
        #expect(Array(a.vocabulary) == Array(b.vocabulary))
        let step = max(1, a.count / sample)
        for i in stride(from: 0, to: a.count, by: step) {
            let d = DocumentIndex(i)
            let doc = a[d]
            #expect(b[d] == doc)
            #expect(b.document(id: doc.id) == a.document(id: doc.id))
            #expect(b.exactTitleMatches(doc.title) == a.exactTitleMatches(doc.title))
            #expect(b.looseTitleMatches(doc.title.lowercased()) == a.looseTitleMatches(doc.title.lowercased()))
            #expect(Array(b.titleWords(of: d)) == Array(a.titleWords(of: d)))
            for w in a.titleWords(of: d) {
                #expect(b.postings(w).map(Array.init) == a.postings(w).map(Array.init))
                #expect(b.vocabularyRange(prefix: String(w.prefix(3))) == a.vocabularyRange(prefix: String(w.prefix(3))))
            }
            let words = TitleKey.words(doc.title)
            let dropped = words.enumerated().filter { $0.offset != 1 }.map(\.element).joined(separator: " ")
            #expect(b.suggestions(forTitle: dropped, date: doc.date) == a.suggestions(forTitle: dropped, date: doc.date))
            let typed = words.prefix(2).joined(separator: " ") + String(words.dropFirst(2).first?.prefix(2) ?? "")
            let query = CatalogueQuery(datePrefix: String(doc.date.iso.prefix(4)), titleText: typed)
            #expect(b.search(query, limit: 20).results == a.search(query, limit: 20).results)
        }
        for year in [0, 1945, 1960, 1996, 9999] { #expect(b.documents(inYear: year) == a.documents(inYear: year)) }
        for typed in ["", "19", "1960-05", "Пузанов", "박성철", "Park Sung-chul", "Shtykoff", "Rhee", "Presdent Rhee Korea"] {
            let query = CatalogueQuery(searchWords: typed.split(separator: " ").map(String.init))
            #expect(b.search(query, limit: 50).results == a.search(query, limit: 50).results, "\(typed)")
            #expect(b.suggestions(forTitle: typed, date: nil) == a.suggestions(forTitle: typed, date: nil), "\(typed)")
        }
    }

    @Test func aSnapshotAnswersAsTheIndexItWasWrittenFrom() throws {
        let built = CatalogueIndex(catalogues: SnapshotTests.realCatalogues)
        let loaded = try SnapshotTests.read(SnapshotTests.bytes(of: built))
        #expect(loaded.extra == SnapshotTests.extra)
        SnapshotTests.expectSameAnswers(built, loaded.index)
    }

    @Test func anEmptyIndexRoundTrips() throws {
        let built = CatalogueIndex(catalogues: [])
        let loaded = try SnapshotTests.read(SnapshotTests.bytes(of: built, extra: .init(problems: [], unreadable: false)))
        #expect(loaded.index.count == 0 && loaded.extra.problems.isEmpty)
        #expect(loaded.index.search(CatalogueQuery(datePrefix: "19", titleText: "x"), limit: 5).results.isEmpty)
    }

    @Test func anotherKeyOrVersionIsRefused() throws {
        let bytes = SnapshotTests.bytes(of: CatalogueIndex(catalogues: [CatalogueLoader.bundled]))
        #expect(throws: CatalogueSnapshot.Refusal.self) { try SnapshotTests.read(bytes, key: Array("other".utf8)) }
        var version = bytes
        version[8] &+= 1
        #expect(throws: CatalogueSnapshot.Refusal("another format version")) { try SnapshotTests.read(version) }
        var magic = bytes
        magic[0] = 0
        #expect(throws: CatalogueSnapshot.Refusal.self) { try SnapshotTests.read(magic) }
    }

    @Test func aTruncatedOrExtendedSnapshotIsRefused() {
        let bytes = SnapshotTests.bytes(of: CatalogueIndex(catalogues: [CatalogueLoader.bundled]))
        for length in [0, 1, 8, 39, 40, CatalogueSnapshot.headerLength - 1, CatalogueSnapshot.headerLength, bytes.count / 2, bytes.count - 1] {
            #expect(throws: CatalogueSnapshot.Refusal.self, "\(length) bytes") { try SnapshotTests.read(Array(bytes.prefix(length))) }
        }
        #expect(throws: CatalogueSnapshot.Refusal.self) { try SnapshotTests.read(bytes + [0]) }
    }

    /// A changed byte anywhere in a section fails that section's checksum.
    @Test func aFlippedByteInAnySectionIsRefused() throws {
        let bytes = SnapshotTests.bytes(of: CatalogueIndex(catalogues: [CatalogueLoader.bundled]))
        let layout = try bytes.withUnsafeBytes { raw throws(CatalogueSnapshot.Refusal) in
            try CatalogueSnapshot.layout(header: UnsafeRawBufferPointer(rebasing: raw[0..<CatalogueSnapshot.headerLength]), fileLength: raw.count)
        }
        for (s, e) in zip(CatalogueSnapshot.Section.allCases, layout.entries) where e.length > 0 {
            for at in Set([e.offset, e.offset + e.length / 2, e.offset + e.length - 1]) {
                var damaged = bytes
                damaged[at] ^= 0x10
                #expect(throws: CatalogueSnapshot.Refusal.self, "\(s) at \(at)") { try SnapshotTests.read(damaged) }
            }
        }
        // The header's fields and the section table too.
        for at in [0, 7, 8, 12, 16, 24, 28, 32, 40, 48, 56, CatalogueSnapshot.headerLength - 1] {
            var damaged = bytes
            damaged[at] ^= 0x01
            #expect(throws: CatalogueSnapshot.Refusal.self, "header byte \(at)") { try SnapshotTests.read(damaged) }
        }
    }

    /// A hostile snapshot (damaged, then given checksums that match) never crashes: the checks
    /// refuse it, or the index it yields answers every question without trapping.
    @Test func aHostileSnapshotNeverCrashes() throws {
        let index = CatalogueIndex(catalogues: [CatalogueLoader.bundled, catalogue("Extra", [
            ("a", "1960-05-02", "Journal of Puzanov"), ("b", "1961", "Cable from Pyongyang"), ("c", "1962-03", "Пузанов"),
        ])])
        let bytes = SnapshotTests.bytes(of: index)
        let layout = try bytes.withUnsafeBytes { raw throws(CatalogueSnapshot.Refusal) in
            try CatalogueSnapshot.layout(header: UnsafeRawBufferPointer(rebasing: raw[0..<CatalogueSnapshot.headerLength]), fileLength: raw.count)
        }
        var generator = SeededRandom(seed: 7)
        var accepted = 0, refused = 0
        for (i, e) in layout.entries.enumerated() where e.length > 0 {
            for _ in 0..<16 {
                var damaged = bytes
                let flips = 1 + Int(generator.next() % 4)
                for _ in 0..<flips {
                    let at = e.offset + Int(generator.next() % UInt64(e.length))
                    damaged[at] = generator.next() % 3 == 0 ? 0xFF : UInt8(truncatingIfNeeded: generator.next())
                }
                // Recompute the checksum so the structural checks alone stand between the bytes and the index.
                var hash = SnapshotHash()
                damaged.withUnsafeBytes { hash.update(UnsafeRawBufferPointer(rebasing: $0[e.offset..<(e.offset + e.length)])) }
                let field = CatalogueSnapshot.headerSize + i * CatalogueSnapshot.entrySize + 16
                withUnsafeBytes(of: hash.value.littleEndian) { for k in 0..<8 { damaged[field + k] = $0[k] } }
                guard let loaded = try? SnapshotTests.read(damaged) else { refused += 1; continue }
                accepted += 1
                SnapshotTests.exercise(loaded.index)
            }
        }
        #expect(refused > 0 && accepted > 0)
    }

    /// Every question, answers ignored: only that none traps.
    static func exercise(_ index: CatalogueIndex) {
        for d in 0..<index.count {
            let doc = index[DocumentIndex(d)]
            _ = index.document(id: doc.id)
            _ = index.exactTitleMatches(doc.title)
            _ = index.looseTitleMatches(doc.title)
            _ = index.suggestions(forTitle: doc.title + " x", date: doc.date)
            _ = index.isoDate(of: DocumentIndex(d))
        }
        for typed in ["", "19", "1960", "Puz", "Пузанов", "박성철", "Journal", "zzzz"] {
            _ = index.search(CatalogueQuery(datePrefix: "", titleText: typed), limit: 20)
            _ = index.search(CatalogueQuery(datePrefix: "1960", titleText: typed), limit: 20)
            _ = index.suggestions(forTitle: typed, date: nil)
        }
        for y in [1900, 1960, 9999] { _ = index.documents(inYear: y) }
    }
}
