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

    init(uri: String, languageId: String, version: Int, text: String) {
        self.uri = uri
        self.languageId = languageId
        self.version = version
        self.bytes = Array(text.utf8)
        self.lines = LineTable(bytes)
        self.note = NoteParser.parse(bytes)
    }

    /// One content change: a range (in the negotiated unit) replaced by text, or the whole text
    /// when `range` is nil. Ranges outside the text are clamped, never trusted.
    mutating func apply(range: (start: LineColumn, end: LineColumn)?, text: String, unit: ColumnUnit) {
        let replacement = Array(text.utf8)
        if let range {
            var start = lines.byteOffset(of: range.start, in: unit)
            var end = lines.byteOffset(of: range.end, in: unit)
            if end < start { swap(&start, &end) }
            bytes.replaceSubrange(start..<end, with: replacement)
        } else {
            bytes = replacement
        }
        // The old parse goes before the new one is built: for a large note the two would
        // otherwise be alive together.
        note = ParsedNote(citations: [])
        lines = LineTable(bytes)
        note = NoteParser.parse(bytes)
    }

    mutating func setVersion(_ v: Int) { version = v }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}
