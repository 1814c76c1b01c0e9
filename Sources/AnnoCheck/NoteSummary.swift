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
    /// Per citation: the ends in `text` of its date, title and locator (each starts where the
    /// last ended), and whether it has a locator.
    private var textEnds: [UInt32] = []
    private var hasLocator: [Bool] = []
    private var text: [UInt8] = []
    let index: CatalogueIndex

    init(index: CatalogueIndex) { self.index = index }

    mutating func append(_ citation: Citation, document: DocumentIndex?, codes: [DiagnosticCode]) {
        bounds.append(Int32(clamping: citation.range.lowerBound))
        bounds.append(Int32(clamping: citation.range.upperBound))
        documents.append(document.map { Int32($0) } ?? -1)
        codeList += codes
        codeEnds.append(UInt32(clamping: codeList.count))
        for part in [citation.date?.text ?? "", citation.title?.text ?? "", citation.locator?.text ?? ""] {
            text += part.utf8
            textEnds.append(UInt32(clamping: text.count))
        }
        hasLocator.append(citation.locator != nil)
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
        let slot = 3 * k + p
        let start = slot == 0 ? 0 : Int(textEnds[slot - 1])
        return String(decoding: text[start..<Int(textEnds[slot])], as: UTF8.self)
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
    /// this note or another, be answered without resolving them again.
    public init(bytes: [UInt8], checker: Checker, cache: ResolutionCache? = nil) {
        let lines = LineTable(bytes)
        // A note that is not clean UTF-8 text goes through `check` for its file-level diagnostics;
        // the usual note is resolved once, citation by citation.
        let plain = TextValidation.binaryContent(bytes) == nil && TextValidation.firstInvalidUTF8(bytes) == nil
        let checked = plain ? nil : checker.check(bytes)
        // Citations are found without their parts, and each is parsed into parts only while it
        // is stored: a note with tens of thousands never has all their parts alive at once.
        let spans = checked.map { $0.note.citations.map { CitationSpan(range: $0.range, isClosed: $0.isClosed) } }
            ?? NoteParser.citationSpans(bytes)
        var citations = SummaryCitations(index: checker.index)
        var diagnostics: [Diagnostic] = []
        for (k, span) in spans.enumerated() {
            let citation = checked?.note.citations[k] ?? NoteParser.citation(openingAt: span.range.lowerBound, in: bytes)
            let document: DocumentIndex?, found: [Diagnostic]
            if let cache {
                (document, found) = checker.cachedResolution(span.range, isClosed: span.isClosed, in: bytes, cache: cache) { citation }
            } else {
                let resolution = checker.resolve(citation)
                (document, found) = (resolution.document, checker.applyRules(resolution.diagnostics))
            }
            diagnostics += found
            citations.append(citation, document: document, codes: found.map(\.code))
        }
        self.citations = citations
        self.diagnostics = checked?.diagnostics ?? diagnostics
        self.outline = NoteOutline.scan(lines)
        self.index = checker.index
        var offsets: [Int] = []
        offsets.reserveCapacity(2 * (citations.count + self.diagnostics.count + 2 * outline.headings.count))
        for k in citations.indices { offsets.append(citations.range(k).lowerBound); offsets.append(citations.range(k).upperBound) }
        for d in self.diagnostics { offsets.append(d.range.lowerBound); offsets.append(d.range.upperBound) }
        for h in outline.headings {
            offsets += [h.range.lowerBound, h.range.upperBound, h.textRange.lowerBound, h.textRange.upperBound]
        }
        self.positions = RecordedPositions(lines, offsets: offsets)
        self.fingerprint = TextFingerprint(bytes)
    }

    /// The citations of the document with this id.
    public func citations(of documentID: String) -> [ResolvedCitation] {
        citations.filter { $0.documentID == documentID }
    }
}

/// A text's length and 64-bit hash: equal texts have equal fingerprints, and different ones
/// practically never do. The hash takes eight bytes at a time (`ResolutionCache.hash`): the
/// workspace index fingerprints every note it reads.
public struct TextFingerprint: Sendable, Hashable {
    public let count: Int
    public let hash: UInt64

    public init(_ bytes: [UInt8]) {
        count = bytes.count
        hash = bytes.withUnsafeBytes { ResolutionCache.hash($0, seed: 0xcbf2_9ce4_8422_2325) }
    }
}
