import AnnoCatalogue
import AnnoSyntax

/// One citation of a note with what it cites.
public struct ResolvedCitation: Sendable, Hashable {
    public var citation: Citation
    /// The document the citation means or most probably means (also with a wrong date, a variant
    /// spelling or a clear typo); nil when unknown, ambiguous or too broken to tell.
    public var document: DocumentIndex?
    /// Its id in the index the note was checked against (ids are stable across indexes).
    public var documentID: String?
    /// The codes reported on this citation, rules applied, in text order.
    public var codes: [DiagnosticCode]

    public init(citation: Citation, document: DocumentIndex?, documentID: String?, codes: [DiagnosticCode]) {
        self.citation = citation
        self.document = document
        self.documentID = documentID
        self.codes = codes
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
    public var citations: [ResolvedCitation]
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
        let note = checked?.note ?? NoteParser.parse(bytes)
        var citations: [ResolvedCitation] = []
        var diagnostics: [Diagnostic] = []
        citations.reserveCapacity(note.citations.count)
        for citation in note.citations {
            let document: DocumentIndex?, found: [Diagnostic]
            if let cache {
                (document, found) = checker.cachedResolution(citation.range, isClosed: citation.isClosed, in: bytes, cache: cache) { citation }
            } else {
                let resolution = checker.resolve(citation)
                (document, found) = (resolution.document, checker.applyRules(resolution.diagnostics))
            }
            diagnostics += found
            citations.append(ResolvedCitation(citation: citation, document: document,
                                              documentID: document.map { checker.index.id(of: $0) }, codes: found.map(\.code)))
        }
        self.citations = citations
        self.diagnostics = checked?.diagnostics ?? diagnostics
        self.outline = NoteOutline.scan(lines)
        self.index = checker.index
        var offsets: [Int] = []
        offsets.reserveCapacity(2 * (citations.count + self.diagnostics.count + 2 * outline.headings.count))
        for c in citations { offsets.append(c.citation.range.lowerBound); offsets.append(c.citation.range.upperBound) }
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

/// A text's length and FNV-1a hash: equal texts have equal fingerprints, and different ones
/// practically never do.
public struct TextFingerprint: Sendable, Hashable {
    public let count: Int
    public let hash: UInt64

    public init(_ bytes: [UInt8]) {
        count = bytes.count
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBufferPointer { p in
            for b in p { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        }
        hash = h
    }
}
