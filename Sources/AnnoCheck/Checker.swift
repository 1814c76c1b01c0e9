import AnnoCatalogue
import AnnoSyntax

/// What a citation refers to, as far as the catalogue can tell.
public struct CitationResolution: Sendable {
    /// The document the citation most probably means (also when its date or spelling is off).
    public var document: DocumentIndex?
    /// Documents it could mean when it is ambiguous or unknown (suggestions, best first).
    public var candidates: [DocumentIndex]
    public var diagnostics: [Diagnostic]
}

/// The result of checking one note.
public struct CheckResult: Sendable {
    public var note: ParsedNote
    public var diagnostics: [Diagnostic]
}

/// The engine behind both `anno check` and `anno lsp`: citations × catalogue → diagnostics.
///
/// Pure: it gets bytes and an index, and returns results. Lookups go through the index's hash
/// tables, so a citation costs the same whatever the catalogue's size (an unknown title also
/// searches the index for suggestions).
public struct Checker: Sendable {
    public let index: CatalogueIndex
    public let rules: RuleSettings

    public init(index: CatalogueIndex, rules: RuleSettings = RuleSettings()) {
        self.index = index
        self.rules = rules
    }

    public func check(_ text: String) -> CheckResult { check(Array(text.utf8)) }

    public func check(_ bytes: [UInt8], cache: ResolutionCache? = nil) -> CheckResult {
        var diagnostics: [Diagnostic] = []
        if let binary = TextValidation.binaryContent(bytes) {
            diagnostics.append(Diagnostic(code: .binaryFile, message: "this is not a text file (a NUL byte at offset \(binary)); it was not checked", range: binary..<(binary + 1)))
            return CheckResult(note: ParsedNote(citations: []), diagnostics: applyRules(diagnostics))
        }
        if let bad = TextValidation.firstInvalidUTF8(bytes) {
            diagnostics.append(Diagnostic(code: .invalidUTF8, message: "invalid UTF-8 at byte offset \(bad.offset) (\(bad.count) invalid sequence\(bad.count == 1 ? "" : "s") in the file); save the note as UTF-8", range: bad.offset..<(bad.offset + 1)))
        }
        let note = NoteParser.parse(bytes)
        diagnostics = applyRules(diagnostics)
        diagnostics.append(contentsOf: cache.map { check(note, bytes: bytes, cache: $0) } ?? check(note))
        if diagnostics.count > Checker.maxDiagnosticsPerNote { diagnostics.removeLast(diagnostics.count - Checker.maxDiagnosticsPerNote) }
        return CheckResult(note: note, diagnostics: diagnostics)
    }

    /// Diagnostics for a parsed note, reusing what `cache` knows of citations written the same
    /// way (byte for byte) before; the result is the same as `check(note)`.
    public func check(_ note: ParsedNote, bytes: [UInt8], cache: ResolutionCache) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for citation in note.citations where out.count < Checker.maxDiagnosticsPerNote {
            out.append(contentsOf: diagnostics(for: citation, in: bytes, cache: cache))
        }
        return Array(out.prefix(Checker.maxDiagnosticsPerNote))
    }

    /// One citation's diagnostics with the rules applied, from `cache` when a citation written
    /// the same way (byte for byte) was checked before. `check(note)` is these, in text order.
    public func diagnostics(for citation: Citation, in bytes: [UInt8], cache: ResolutionCache) -> [Diagnostic] {
        cachedResolution(citation.range, isClosed: citation.isClosed, in: bytes, cache: cache) { citation }.diagnostics
    }

    /// The document a citation means and its diagnostics (rules applied), from `cache` when a
    /// citation written the same way was resolved before; `citation` builds it when it was not.
    func cachedResolution(_ range: Range<Int>, isClosed: Bool, in bytes: [UInt8], cache: ResolutionCache,
                          citation: () -> Citation) -> (document: DocumentIndex?, diagnostics: [Diagnostic]) {
        cache.resolution(bytes, range: range.clamped(to: 0..<bytes.count), isClosed: isClosed, start: range.lowerBound, checker: self) {
            let resolution = resolve(citation())
            return (resolution.document, applyRules(resolution.diagnostics))
        }
    }

    /// What `anno check` needs of a note: the diagnostics `check(bytes, cache:)` gives, and how
    /// many citations it has. Only citations `cache` does not know are parsed into parts.
    public func diagnose(_ bytes: [UInt8], cache: ResolutionCache) -> (diagnostics: [Diagnostic], citationCount: Int) {
        var diagnostics: [Diagnostic] = []
        if let binary = TextValidation.binaryContent(bytes) {
            diagnostics.append(Diagnostic(code: .binaryFile, message: "this is not a text file (a NUL byte at offset \(binary)); it was not checked", range: binary..<(binary + 1)))
            return (applyRules(diagnostics), 0)
        }
        if let bad = TextValidation.firstInvalidUTF8(bytes) {
            diagnostics.append(Diagnostic(code: .invalidUTF8, message: "invalid UTF-8 at byte offset \(bad.offset) (\(bad.count) invalid sequence\(bad.count == 1 ? "" : "s") in the file); save the note as UTF-8", range: bad.offset..<(bad.offset + 1)))
        }
        let spans = NoteParser.citationSpans(bytes)
        diagnostics = applyRules(diagnostics)
        var out: [Diagnostic] = []
        for span in spans where out.count < Checker.maxDiagnosticsPerNote {
            let found = cachedResolution(span.range, isClosed: span.isClosed, in: bytes, cache: cache) {
                NoteParser.citation(openingAt: span.range.lowerBound, in: bytes)
            }
            out.append(contentsOf: found.diagnostics)
        }
        if out.count > Checker.maxDiagnosticsPerNote { out.removeLast(out.count - Checker.maxDiagnosticsPerNote) }
        diagnostics.append(contentsOf: out)
        if diagnostics.count > Checker.maxDiagnosticsPerNote { diagnostics.removeLast(diagnostics.count - Checker.maxDiagnosticsPerNote) }
        return (diagnostics, spans.count)
    }

    /// Diagnostics for an already parsed note, in text order, with the rules applied.
    public func check(_ note: ParsedNote) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for citation in note.citations where out.count < Checker.maxDiagnosticsPerNote {
            out.append(contentsOf: applyRules(resolve(citation).diagnostics))
        }
        return Array(out.prefix(Checker.maxDiagnosticsPerNote))
    }

    /// At most this many diagnostics per note (spec/diagnostics.md, "Limits"): a hostile or
    /// broken file (a million `[[`) would otherwise cost gigabytes in `anno check`'s reports and
    /// in every `publishDiagnostics`. Citations after the limit is reached are not checked.
    public static let maxDiagnosticsPerNote = 10_000

    /// True when a note's diagnostics were cut at `maxDiagnosticsPerNote`.
    public static func reachedLimit(_ diagnostics: [Diagnostic]) -> Bool {
        diagnostics.count >= maxDiagnosticsPerNote
    }

    func applyRules(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.compactMap { d in
            guard let severity = rules.severity(for: d.code) else { return nil }
            var d = d
            d.severity = severity
            return d
        }
    }

    /// Resolves one citation against the catalogue (rules not applied).
    public func resolve(_ citation: Citation) -> CitationResolution {
        var resolver = CitationResolver(index: index, citation: citation)
        return resolver.run()
    }
}
