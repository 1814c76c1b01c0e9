import AnnoCheck
import AnnoSyntax

/// A note open in the editor: its text as the editor has it (not as on disk), its version, and
/// what was derived from that text (computed once per version).
struct OpenDocument: Sendable {
    let uri: String
    let languageId: String
    private(set) var version: Int
    private(set) var bytes: [UInt8]
    private(set) var lines: LineTable
    private(set) var note: ParsedNote
    /// What this note's citations resolved to, reused for the citations an edit did not touch.
    let resolutions = ResolutionCache()
    /// Each citation's diagnostics, spliced through edits (`CheckedCitations`).
    private var checked: CheckedCitations

    init(uri: String, languageId: String, version: Int, text: String) {
        self.uri = uri
        self.languageId = languageId
        self.version = version
        self.bytes = Array(text.utf8)
        self.lines = LineTable(bytes)
        self.note = NoteParser.parse(bytes)
        self.checked = CheckedCitations(count: note.citations.count)
    }

    /// One content change: a range (in the negotiated unit) replaced by text, or the whole text
    /// when `range` is nil. Ranges outside the text are clamped, never trusted.
    ///
    /// A range change re-parses only around the edit (`NoteParser.reparse`) and keeps the
    /// diagnostics of the citations it did not touch; the line table is rebuilt (a memchr pass)
    /// unless the edit stays inside one line.
    mutating func apply(range: (start: LineColumn, end: LineColumn)?, text: String, unit: ColumnUnit) {
        let replacement = Array(text.utf8)
        guard let range else {
            bytes = replacement
            // The old parse goes before the new one is built: for a large note the two would
            // otherwise be alive together.
            note = ParsedNote(citations: [])
            lines = LineTable(bytes)
            note = NoteParser.parse(bytes)
            checked = CheckedCitations(count: note.citations.count)
            return
        }
        var start = lines.byteOffset(of: range.start, in: unit)
        var end = lines.byteOffset(of: range.end, in: unit)
        if end < start { swap(&start, &end) }
        // An edit inside one line keeps the table's line starts, shifted (a keystroke does not
        // scan the whole note). The line table shares the text's storage: dropped first, the
        // text changes in place.
        let kept = lines.edit(replacing: start..<end, with: replacement)
        lines = LineTable([])
        bytes.replaceSubrange(start..<end, with: replacement)
        if let kept { lines = LineTable(bytes, after: kept) } else { lines = LineTable(bytes) }
        let splice = NoteParser.reparse(bytes, after: NoteEdit(oldRange: start..<end, newLength: replacement.count), updating: &note)
        if !isKnownUniquelyReferenced(&checked) { checked = checked.copy() }
        checked.splice(splice)
    }

    /// The note's diagnostics for `checker`, in text order; only citations not checked since
    /// they last changed are checked.
    func diagnostics(checker: Checker) -> [Diagnostic] {
        checked.diagnostics(note, bytes: bytes, checker: checker, cache: resolutions)
    }

    mutating func setVersion(_ v: Int) { version = v }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}
