import AnnoCatalogue
import AnnoCheck
import AnnoSyntax
import AnnoTestSupport
import AnnoWorkspace
import Foundation
import Testing

/// The workspace index reads a large note in pieces cut at clean points (`NoteIndexer.summarizeFile`,
/// `NoteSummary.Builder`): what references, workspace symbols and the timeline read from it must
/// be exactly what reading the whole note gives.
@Suite struct NoteSummaryPiecesTests {
    static let eco = "The Economic and Political Situation of the DPRK"
    static let puz = "Journal of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960"
    static let kim = "Записка о беседе с Ким Ир Сеном 김일성"

    let checker: Checker = {
        func doc(_ id: String, _ date: String, _ title: String) -> CatalogueDocument? {
            guard case .valid(let d) = DateParser.parse(date) else { return nil }
            return CatalogueDocument(id: id, date: d, title: title, summary: "",
                                     origin: CatalogueLocation(catalogueName: "test", path: nil))
        }
        let docs = [doc("a1", "1960-05-02", eco), doc("a2", "1960", puz), doc("a3", "1961-03", kim)].compactMap { $0 }
        return Checker(index: CatalogueIndex(catalogues: [Catalogue(name: "test", path: nil, documents: docs)]))
    }()

    static let citations = [
        "[[1960-05-02 | \(eco)]]", "[[1960-05-03 | \(eco)]]", "[[1960 | \(puz) | p. 3]]",
        "[[1961-03 | \(kim)]]", "[[1961-03 | Записка о беседе с Ким Ир Сено]]", "[[1960-05-02 | No Such Title]]",
        "[[1960-13-01 | \(puz)]]", "[[ | ]]", "[[\(eco)]]",
    ]

    /// Everything a summary holds, compared field by field.
    func expectSame(_ a: NoteSummary, _ b: NoteSummary, _ what: String) {
        #expect(a.fingerprint == b.fingerprint, "\(what)")
        #expect(Array(a.citations) == Array(b.citations), "\(what)")
        #expect(a.diagnostics == b.diagnostics, "\(what)")
        #expect(a.outline == b.outline, "\(what)")
        #expect(a.positions == b.positions, "\(what)")
    }

    /// Cuts as the indexer does: at the last clean point of each stretch of about `size` bytes.
    func pieces(_ bytes: [UInt8], size: Int) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var start = 0
        while bytes.count - start > size {
            let window = Array(bytes[start..<(start + size)])
            guard let cut = NoteParser.lastCleanPoint(window) else { break }
            out.append(Array(bytes[start..<(start + cut)]))
            start += cut
        }
        out.append(Array(bytes[start...]))
        return out
    }

    @Test func piecesCutAtCleanPointsGiveTheWholeNotesSummary() {
        var random = SeededRandom(seed: 11)
        var cutsSeen = 0
        for round in 0..<60 {
            let text = NoteGenerator.note(lines: 20 + random.next(below: 120), citations: Self.citations, random: &random)
            let bytes = Array(text.utf8)
            let whole = NoteSummary(bytes: bytes, checker: checker)
            for size in [16, 64, 200, 1000] {
                let parts = pieces(bytes, size: size)
                cutsSeen += parts.count - 1
                var builder = NoteSummary.Builder(checker: checker, cache: round % 2 == 0 ? ResolutionCache() : nil)
                for part in parts { builder.add(part) }
                #expect(builder.isPlain)
                expectSame(builder.finish(), whole, "round \(round), pieces of \(size): \(text)")
            }
        }
        #expect(cutsSeen > 100)   // the notes do have clean points to cut at
    }

    /// A heading's section runs across pieces to the next heading as high, back over blank lines.
    @Test func aSectionRunsOnAcrossPieces() {
        let text = "# One\n\ntext\n\n## Two\n\n\n\nmore [[1960 | \(Self.puz)]]\n\n   \n\n# Three\n\nend\n\n\n"
        let bytes = Array(text.utf8)
        let whole = NoteSummary(bytes: bytes, checker: checker)
        #expect(whole.outline.headings.map(\.sectionLastLine) == [8, 8, 14])
        for size in [1, 6, 12, 30] {
            var builder = NoteSummary.Builder(checker: checker)
            for part in pieces(bytes, size: size) { builder.add(part) }
            expectSame(builder.finish(), whole, "pieces of \(size)")
        }
    }

    @Test func aNoteThatIsNotCleanTextIsNotSummarisedInPieces() {
        var builder = NoteSummary.Builder(checker: checker)
        builder.add(Array("[[1960 | \(Self.puz)]]\n\n".utf8))
        #expect(builder.isPlain)
        builder.add([0x62, 0x61, 0x64, 0xFF, 0x0A])
        #expect(!builder.isPlain)
    }

    @Test func theFingerprintDoesNotDependOnHowTheTextIsSplit() {
        var random = SeededRandom(seed: 5)
        for n in [0, 1, 7, 8, 9, 15, 16, 17, 100, 1000] {
            let bytes = (0..<n).map { _ in UInt8(random.next(below: 256)) }
            let whole = TextFingerprint(bytes)
            for _ in 0..<20 {
                var hasher = TextFingerprint.Hasher()
                var i = 0
                while i < n {
                    let j = min(n, i + 1 + random.next(below: 12))
                    bytes[i..<j].withUnsafeBytes { hasher.update($0) }
                    i = j
                }
                #expect(hasher.finish() == whole, "\(n) bytes")
            }
        }
        #expect(TextFingerprint(Array("ab".utf8)) != TextFingerprint(Array("ba".utf8)))
        #expect(TextFingerprint(Array("a".utf8)) != TextFingerprint(Array("a\0".utf8)))
    }

    /// The file reader's pieces: a note written to disk and read a few hundred bytes at a time.
    @Test func aLargeNoteReadInPiecesFromItsFile() throws {
        let dir = try TempDirectory(prefix: "anno-pieces")
        defer { dir.remove() }
        var random = SeededRandom(seed: 23)
        for round in 0..<8 {
            let text = NoteGenerator.note(lines: 400, citations: Self.citations, random: &random)
            let path = try dir.write("note-\(round).anno", text)
            let whole = NoteSummary(bytes: Array(text.utf8), checker: checker)
            for pieceBytes in [64, 512, 4096] {
                let read = try NoteIndexer.summarizeFile(path, size: nil, checker: checker, cache: ResolutionCache(), pieceBytes: pieceBytes)
                expectSame(read, whole, "round \(round), pieces of \(pieceBytes)")
            }
        }
        // Not clean UTF-8 text: summarised whole (with its file-level diagnostic), as before.
        var bad = Array(NoteGenerator.note(lines: 200, citations: Self.citations, random: &random).utf8)
        bad.insert(0xFF, at: bad.count / 2)
        let path = dir.file("bad.anno")
        try Data(bad).write(to: URL(fileURLWithPath: path))
        let read = try NoteIndexer.summarizeFile(path, size: nil, checker: checker, cache: nil, pieceBytes: 64)
        expectSame(read, NoteSummary(bytes: bad, checker: checker), "invalid UTF-8")
        #expect(read.diagnostics.contains { $0.code == .invalidUTF8 })
    }

    /// One long paragraph has no clean point: read whole, in the end, all the same.
    @Test func aNoteWithoutCleanPointsIsStillReadWhole() throws {
        let dir = try TempDirectory(prefix: "anno-pieces")
        defer { dir.remove() }
        let text = String(repeating: "prose [[1960 | \(Self.puz)]] и 평양\n", count: 300)
        let path = try dir.write("long.anno", text)
        let read = try NoteIndexer.summarizeFile(path, size: nil, checker: checker, cache: nil, pieceBytes: 100)
        expectSame(read, NoteSummary(bytes: Array(text.utf8), checker: checker), "one paragraph")
        #expect(read.citations.count == 300)
    }
}
