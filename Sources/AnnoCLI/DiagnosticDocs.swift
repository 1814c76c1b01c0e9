import AnnoCheck

/// One-line descriptions of each code, for SARIF rule metadata and `anno --help`.
/// The full text with examples is spec/diagnostics.md.
enum DiagnosticDocs {
    static func summary(_ code: DiagnosticCode) -> String {
        switch code {
        case .malformedCitation: return "The citation is not of the form [[DATE | TITLE]] or [[DATE | TITLE | LOCATOR]]."
        case .invalidDate: return "The date is not a valid ISO 8601 calendar date (YYYY, YYYY-MM or YYYY-MM-DD)."
        case .unknownDocument: return "No document in the catalogue has this title."
        case .dateMismatch: return "The title matches a document, but the date contradicts the catalogue's."
        case .titleVariant: return "The title matches only when case, punctuation, diacritics and spacing are ignored."
        case .ambiguousCitation: return "The citation fits several documents equally."
        case .unverifiableDate: return "The citation is more precise than the catalogue's date, which cannot confirm it."
        case .impreciseDate: return "The catalogue knows a more precise date than the citation gives."
        case .invalidUTF8: return "The note is not valid UTF-8."
        case .binaryFile: return "The file is not text."
        }
    }
}

enum AnnoVersion {
    static let string = "0.1.0"
}
