import AnnoCatalogue
import AnnoSyntax

/// One citation of a note with what it cites, as `NoteSummary.citations` gives it.
public struct ResolvedCitation: Sendable, Hashable {
    /// Bytes of the citation in its note, from `[[` to `]]`.
    public var range: Range<Int>
    /// The document the citation means or most probably means (also with a wrong date, a variant
    /// spelling or a clear typo); nil when unknown, ambiguous or too broken to tell.
    public var document: DocumentIndex?
    /// Its id in the index the note was checked against (ids are stable across indexes).
    public var documentID: String?
    /// The codes reported on this citation, rules applied, in text order.
    public var codes: [DiagnosticCode]
    /// The date and title as written (escapes resolved, whitespace collapsed); the locator when
    /// there is one.
    public var date: String
    public var title: String
    public var locator: String?

    public init(range: Range<Int>, document: DocumentIndex?, documentID: String?, codes: [DiagnosticCode],
                date: String, title: String, locator: String?) {
        self.range = range
        self.document = document
        self.documentID = documentID
        self.codes = codes
        self.date = date
        self.title = title
        self.locator = locator
    }
}

/// A note's resolved citations in flat storage: a few arrays of numbers and one pool of the
/// parts' text, not an object (with its array of parts and their strings) per citation. A
/// workspace index holds every citation of every note; each `ResolvedCitation` is built when read.
public struct SummaryCitations: RandomAccessCollection, Sendable {
    /// Per citation: start and end byte offsets.
    private var bounds: [Int32] = []
    /// Per citation: its document, or -1.
    private var documents: [Int32] = []
    /// Per citation: the end of its codes in `codeList` (CSR; each starts where the last ended).
    private var codeEnds: [UInt32] = []
    private var codeList: [DiagnosticCode] = []
    /// Per citation: the ends of its date, title and locator in the parts' text (each starts
    /// where the last ended), and whether it has a locator.
    private var textEnds: [UInt32] = []
    private var hasLocator: [Bool] = []
    /// The parts' text, one page per piece of the note (one for a note read whole), each sized
    /// for its piece: a page never grows by copying, so a large note's text is never held twice.
    private var pages: [[UInt8]] = []
    /// Where each page starts in the parts' text.
    private var pageStarts: [Int] = []
    private var textCount = 0
    let index: CatalogueIndex

    /// False: the parts' text is not kept (`date`, `title` and `locator` read as empty), for an
    /// index that needs where citations are and what they cite, not how they were written.
    public let keepsText: Bool

    init(index: CatalogueIndex, keepsText: Bool = true) {
        self.index = index
        self.keepsText = keepsText
    }

    /// Room for `count` more citations, from one piece of the note, whose parts come from
    /// `spanBytes` bytes of text at most (a part lies inside its citation): the piece's text
    /// gets a page of its own, and the numbers grow by doubling.
    mutating func reserve(count: Int, spanBytes: Int) {
        func room<T>(_ a: inout [T], _ extra: Int) {
            let need = a.count + extra
            if need > a.capacity { a.reserveCapacity(a.isEmpty ? need : Swift.max(need, 2 * a.capacity)) }
        }
        room(&bounds, 2 * count)
        room(&documents, count)
        room(&codeEnds, count)
        room(&textEnds, 3 * count)
        room(&hasLocator, count)
        guard spanBytes > 0, keepsText else { return }
        var page: [UInt8] = []
        page.reserveCapacity(spanBytes)
        pages.append(page)
        pageStarts.append(textCount)
    }

    /// Appends a citation found `shift` bytes into the note (in a piece read on its own), after
    /// `reserve` for its piece.
    mutating func append(_ citation: Citation, document: DocumentIndex?, codes: [DiagnosticCode], shift: Int = 0) {
        bounds.append(Int32(clamping: citation.range.lowerBound + shift))
        bounds.append(Int32(clamping: citation.range.upperBound + shift))
        documents.append(document.map { Int32($0) } ?? -1)
        codeList += codes
        codeEnds.append(UInt32(clamping: codeList.count))
        guard keepsText else {
            hasLocator.append(citation.locator != nil)
            return
        }
        if pages.isEmpty {
            pages.append([])
            pageStarts.append(0)
        }
        for part in [citation.date?.text ?? "", citation.title?.text ?? "", citation.locator?.text ?? ""] {
            pages[pages.count - 1] += part.utf8
            textCount += part.utf8.count
            textEnds.append(UInt32(clamping: textCount))
        }
        hasLocator.append(citation.locator != nil)
    }

    /// Gives back the room reserved but not used (the parts' text is smaller than the
    /// citations' bytes it was reserved for, and the numbers grow by doubling): the index keeps
    /// this for as long as the note. Page by page, so that no more than a page is copied at once.
    mutating func compact() {
        func fit<T>(_ a: inout [T]) { if a.capacity > a.count + a.count / 8 + 16 { a = Array(a) } }
        fit(&bounds)
        fit(&documents)
        fit(&codeEnds)
        fit(&codeList)
        fit(&textEnds)
        fit(&hasLocator)
        for k in pages.indices { fit(&pages[k]) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { documents.count }

    public subscript(k: Int) -> ResolvedCitation {
        let document = self.document(k)
        let codeStart = k == 0 ? 0 : Int(codeEnds[k - 1])
        return ResolvedCitation(range: range(k), document: document, documentID: document.map { index.id(of: $0) },
                                codes: Array(codeList[codeStart..<Int(codeEnds[k])]),
                                date: part(k, 0), title: part(k, 1), locator: hasLocator[k] ? part(k, 2) : nil)
    }

    /// The citation's bytes in its note.
    public func range(_ k: Int) -> Range<Int> { Int(bounds[2 * k])..<Int(bounds[2 * k + 1]) }

    public func document(_ k: Int) -> DocumentIndex? { documents[k] >= 0 ? DocumentIndex(documents[k]) : nil }

    /// The ranges of the citations whose document is one of `wanted`, in text order: numbers
    /// compared, no citation built.
    public func ranges(citing wanted: [DocumentIndex]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for k in documents.indices where documents[k] >= 0 && wanted.contains(DocumentIndex(documents[k])) {
            out.append(range(k))
        }
        return out
    }

    private func part(_ k: Int, _ p: Int) -> String {
        guard keepsText else { return "" }
        let slot = 3 * k + p
        let start = slot == 0 ? 0 : Int(textEnds[slot - 1])
        let end = Int(textEnds[slot])
        if start == end { return "" }
        // The page the part was written to: the last that starts at or before it.
        var lo = 0, hi = pageStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if pageStarts[mid] <= start { lo = mid } else { hi = mid - 1 }
        }
        let base = pageStarts[lo]
        return String(decoding: pages[lo][(start - base)..<(end - base)], as: UTF8.self)
    }
}

/// Everything the workspace-wide features need from one note, computed once per version of its
/// text: the positions of its citations, diagnostics and headings (not the text itself: a
/// workspace of 10,000 notes would hold all their bytes), its citations with the documents they cite, its
/// diagnostics and its outline. Find references, workspace symbols and diagnostics, and the
/// timeline (`anno timeline` and `anno.timeline`) all read notes through this.
///
/// Pure: bytes and a checker in, a value out.
public struct NoteSummary: Sendable {
    /// Line/column positions of every range below (citations, diagnostics, headings).
    public var positions: RecordedPositions
    /// Identifies the text summarised (its length and a 64-bit hash), to tell whether a text is
    /// the same without keeping it.
    public var fingerprint: TextFingerprint
    public var citations: SummaryCitations
    public var diagnostics: [Diagnostic]
    public var outline: NoteOutline
    /// The index the note was checked against, to look its documents up.
    public var index: CatalogueIndex

    /// `cache` (one per thread) lets citations written the same way as one resolved before, in
    /// this note or another, be answered without resolving them again. `keepText`: false leaves
    /// out the citations' text as written (`SummaryCitations.keepsText`).
    public init(bytes: [UInt8], checker: Checker, cache: ResolutionCache? = nil, keepText: Bool = true) {
        var builder = Builder(checker: checker, cache: cache, keepText: keepText)
        builder.add(bytes, whole: true)
        self = builder.finish()
    }

    init(positions: RecordedPositions, fingerprint: TextFingerprint, citations: SummaryCitations,
         diagnostics: [Diagnostic], outline: NoteOutline, index: CatalogueIndex) {
        self.positions = positions
        self.fingerprint = fingerprint
        self.citations = citations
        self.diagnostics = diagnostics
        self.outline = outline
        self.index = index
    }

    /// Summarises a text given in pieces, each cut at a clean point (`NoteParser.lastCleanPoint`):
    /// the same summary as the whole text gives, while only one piece is in memory at a time.
    /// A workspace's 10 MB note then costs a megabyte to read, not its size several times over.
    public struct Builder {
        let checker: Checker
        let cache: ResolutionCache?
        var citations: SummaryCitations
        var diagnostics: [Diagnostic] = []
        var headings: [NoteOutline.Heading] = []
        var codeBlocks: [NoteOutline.CodeBlock] = []
        var positions = RecordedPositions()
        var hasher = TextFingerprint.Hasher()
        /// Where the next piece starts: its byte and line in the whole text.
        var byteBase = 0
        var lineBase = 0
        /// Headings whose section has not ended by the end of the pieces so far.
        var openSections: [Int] = []
        /// The last line that is not blank in the pieces so far.
        var lastTextLine: Int?
        /// False once a piece was not clean UTF-8 text: such a note is summarised whole.
        public private(set) var isPlain = true

        public init(checker: Checker, cache: ResolutionCache? = nil, keepText: Bool = true) {
            self.checker = checker
            self.cache = cache
            self.citations = SummaryCitations(index: checker.index, keepsText: keepText)
        }

        /// Adds the next piece. A piece other than the last must end at a clean point of the
        /// whole text. `whole`: this piece is the whole text (a note that is not clean UTF-8
        /// text is then checked as it is; in pieces, `isPlain` turns false and the caller
        /// summarises the whole text instead).
        public mutating func add(_ bytes: [UInt8], whole: Bool = false) {
            let lines = LineTable(bytes)
            // A note that is not clean UTF-8 text goes through `check` for its file-level
            // diagnostics; the usual note is resolved once, citation by citation.
            let plain = TextValidation.binaryContent(bytes) == nil && TextValidation.firstInvalidUTF8(bytes) == nil
            if !plain { isPlain = false }
            if !plain && !whole { return }
            let checked = plain ? nil : checker.check(bytes)
            // Citations are found without their parts, and each is parsed into parts only while
            // it is stored: a note with tens of thousands never has all their parts alive at once.
            let spans = checked.map { $0.note.citations.map { CitationSpan(range: $0.range, isClosed: $0.isClosed) } }
                ?? NoteParser.citationSpans(bytes)
            citations.reserve(count: spans.count, spanBytes: spans.reduce(0) { $0 + $1.range.count })
            let firstDiagnostic = diagnostics.count
            for (k, span) in spans.enumerated() {
                let citation = checked?.note.citations[k] ?? NoteParser.citation(openingAt: span.range.lowerBound, in: bytes)
                let document: DocumentIndex?, found: [Diagnostic]
                if let cache {
                    (document, found) = checker.cachedResolution(span.range, isClosed: span.isClosed, in: bytes, cache: cache) { citation }
                } else {
                    let resolution = checker.resolve(citation)
                    (document, found) = (resolution.document, checker.applyRules(resolution.diagnostics))
                }
                if checked == nil { diagnostics += found.map { $0.shifted(by: byteBase) } }
                citations.append(citation, document: document, codes: found.map(\.code), shift: byteBase)
            }
            if let checked { diagnostics += checked.diagnostics.map { $0.shifted(by: byteBase) } }
            let outline = NoteOutline.scan(lines)

            var offsets: [Int] = []
            offsets.reserveCapacity(2 * (spans.count + diagnostics.count - firstDiagnostic + 2 * outline.headings.count))
            for span in spans { offsets.append(span.range.lowerBound); offsets.append(span.range.upperBound) }
            for d in diagnostics[firstDiagnostic...] {
                offsets.append(d.range.lowerBound - byteBase)
                offsets.append(d.range.upperBound - byteBase)
            }
            for h in outline.headings {
                offsets += [h.range.lowerBound, h.range.upperBound, h.textRange.lowerBound, h.textRange.upperBound]
            }
            positions.append(RecordedPositions(lines, offsets: offsets), byteBase: byteBase, lineBase: lineBase)
            addOutline(outline, lines: lines)
            bytes.withUnsafeBytes { hasher.update($0) }
            byteBase += bytes.count
            lineBase += lines.lineCount - 1
        }

        /// The piece's headings and code blocks, moved to the whole text. A section the piece's
        /// outline ended at its end may go on into later pieces: it stays open until a heading of
        /// the same or a higher level, or the end, and then ends as `NoteOutline` ends one (at the
        /// heading's line, back over blank lines).
        mutating func addOutline(_ outline: NoteOutline, lines: LineTable) {
            let pieceEnd = lines.bytes.count
            /// The last line that is not blank at or before the piece's line `line`, in the whole.
            func lastText(atOrBefore line: Int) -> Int? {
                var l = line
                while l >= 0 {
                    if !NoteOutline.isBlank(line: l, of: lines) { return lineBase + l }
                    l -= 1
                }
                return lastTextLine
            }
            for var h in outline.headings {
                let first = h.firstLine
                // Sections left open by earlier pieces end at this heading if it is as high.
                var stillOpen: [Int] = []
                for k in openSections {
                    guard headings[k].level >= h.level else { stillOpen.append(k); continue }
                    let end = lastText(atOrBefore: first - 1) ?? headings[k].lastLine
                    headings[k].sectionLastLine = max(end, headings[k].lastLine)
                    headings[k].section = headings[k].section.lowerBound..<max(headings[k].range.upperBound, byteBase + lines.lineStarts[first])
                }
                openSections = stillOpen
                let ranToEnd = h.section.upperBound >= pieceEnd
                h.range = (h.range.lowerBound + byteBase)..<(h.range.upperBound + byteBase)
                h.textRange = (h.textRange.lowerBound + byteBase)..<(h.textRange.upperBound + byteBase)
                h.section = (h.section.lowerBound + byteBase)..<(h.section.upperBound + byteBase)
                h.firstLine += lineBase
                h.lastLine += lineBase
                h.sectionLastLine += lineBase
                headings.append(h)
                if ranToEnd { openSections.append(headings.count - 1) }
            }
            for var block in outline.codeBlocks {
                block.firstLine += lineBase
                block.lastLine += lineBase
                block.range = (block.range.lowerBound + byteBase)..<(block.range.upperBound + byteBase)
                codeBlocks.append(block)
            }
            if let last = lastText(atOrBefore: lines.lineCount - 1) { lastTextLine = last }
            // Open sections run on through this piece (its outline could not tell).
            for k in openSections {
                headings[k].section = headings[k].section.lowerBound..<(byteBase + pieceEnd)
                headings[k].sectionLastLine = max(lastTextLine ?? headings[k].lastLine, headings[k].lastLine)
            }
        }

        public func finish() -> NoteSummary {
            var citations = self.citations
            citations.compact()
            var positions = self.positions
            positions.fit()
            return NoteSummary(positions: positions, fingerprint: hasher.finish(), citations: citations,
                               diagnostics: diagnostics, outline: NoteOutline(headings: headings, codeBlocks: codeBlocks),
                               index: checker.index)
        }
    }

    /// The citations of the document with this id.
    public func citations(of documentID: String) -> [ResolvedCitation] {
        citations.filter { $0.documentID == documentID }
    }
}

/// A text's length and 64-bit hash: equal texts have equal fingerprints, and different ones
/// practically never do. The hash takes eight bytes at a time, and can be fed a text in pieces
/// (`Hasher`): the workspace index fingerprints every note it reads, large ones piece by piece.
public struct TextFingerprint: Sendable, Hashable {
    public let count: Int
    public let hash: UInt64

    public init(_ bytes: [UInt8]) {
        var hasher = Hasher()
        bytes.withUnsafeBytes { hasher.update($0) }
        self = hasher.finish()
    }

    init(count: Int, hash: UInt64) {
        self.count = count
        self.hash = hash
    }

    /// The fingerprint of the bytes given to `update`, however they were split.
    public struct Hasher: Sendable {
        private static let m: UInt64 = 0x9E37_79B9_7F4A_7C15
        private var h: UInt64 = 0xcbf2_9ce4_8422_2325
        private var count = 0
        /// Bytes of a word not yet complete (the low `pendingCount` bytes, little-endian).
        private var pending: UInt64 = 0
        private var pendingCount = 0

        public init() {}

        public mutating func update(_ bytes: UnsafeRawBufferPointer) {
            count += bytes.count
            var i = 0
            let n = bytes.count
            while pendingCount > 0 && pendingCount < 8 && i < n {
                pending |= UInt64(bytes[i]) << UInt64(8 * pendingCount)
                pendingCount += 1
                i += 1
            }
            if pendingCount == 8 {
                mix(pending)
                pending = 0
                pendingCount = 0
            }
            while i + 8 <= n {
                mix(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            while i < n {
                pending |= UInt64(bytes[i]) << UInt64(8 * pendingCount)
                pendingCount += 1
                i += 1
            }
        }

        private mutating func mix(_ word: UInt64) {
            h = (h ^ word) &* Hasher.m
            h ^= h >> 29
        }

        public func finish() -> TextFingerprint {
            var h = self.h
            if pendingCount > 0 { h = (h ^ pending) &* Hasher.m }
            h ^= UInt64(count) &* Hasher.m
            h ^= h >> 32
            h &*= 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            return TextFingerprint(count: count, hash: h)
        }
    }
}
