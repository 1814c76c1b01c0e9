/// The stable codes of everything Anno reports about a note. Each is documented, with an
/// example, in spec/diagnostics.md; the raw values are part of the contract (configs name them).
public enum DiagnosticCode: String, CaseIterable, Sendable, Hashable {
    case malformedCitation = "malformed-citation"
    case invalidDate = "invalid-date"
    case unknownDocument = "unknown-document"
    case dateMismatch = "date-mismatch"
    case titleVariant = "title-variant"
    case ambiguousCitation = "ambiguous-citation"
    case unverifiableDate = "unverifiable-date"
    case impreciseDate = "imprecise-date"
    case invalidUTF8 = "invalid-utf8"
    case binaryFile = "binary-file"

    public var defaultSeverity: Severity {
        switch self {
        case .titleVariant: return .warning
        case .unverifiableDate, .impreciseDate: return .hint
        default: return .error
        }
    }
}

public enum Severity: String, CaseIterable, Sendable, Hashable, Comparable {
    case error, warning, info, hint

    private var rank: Int {
        switch self {
        case .error: return 0
        case .warning: return 1
        case .info: return 2
        case .hint: return 3
        }
    }
    /// More severe sorts first.
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A replacement of a byte range of the note.
public struct TextEdit: Hashable, Sendable {
    public var range: Range<Int>
    public var replacement: String
    public init(range: Range<Int>, replacement: String) {
        self.range = range
        self.replacement = replacement
    }
}

/// A change that remedies a diagnostic, with a title an editor can show ("Use the catalogue's date").
public struct Fix: Hashable, Sendable {
    public var title: String
    public var edits: [TextEdit]
    public init(title: String, edits: [TextEdit]) {
        self.title = title
        self.edits = edits
    }
}

/// A catalogue entry a diagnostic concerns.
public struct RelatedDocument: Hashable, Sendable {
    public var id: String
    public var date: String
    public var title: String
    public init(id: String, date: String, title: String) {
        self.id = id
        self.date = date
        self.title = title
    }
}

/// One problem in a note. Ranges are byte offsets into the note's UTF-8; the faces (CLI, LSP)
/// turn them into lines and columns through one `LineTable`.
public struct Diagnostic: Hashable, Sendable {
    public var code: DiagnosticCode
    public var severity: Severity
    public var message: String
    public var range: Range<Int>
    /// The catalogue entries concerned: the document meant, or the candidates.
    public var related: [RelatedDocument]
    /// The remedy, present only when one answer is clear.
    public var fix: Fix?
    /// Other remedies to offer (one per "did you mean"), best first; `fix`, when present, is first.
    public var alternatives: [Fix]

    public init(code: DiagnosticCode, severity: Severity? = nil, message: String, range: Range<Int>,
                related: [RelatedDocument] = [], fix: Fix? = nil, alternatives: [Fix] = []) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.message = message
        self.range = range
        self.related = related
        self.fix = fix
        self.alternatives = alternatives
    }
}
