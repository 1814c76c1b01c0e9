import AnnoCheck
import AnnoSyntax

/// One checked note, ready for any output format.
struct FileReport: Sendable {
    /// As shown to the person (relative to the working directory when inside it), "-" for stdin.
    var displayPath: String
    var lines: LineTable
    var diagnostics: [Diagnostic]
    var citationCount: Int
    /// With `--fix`: what was fixed (CheckFix.swift).
    var fix: FixOutcome? = nil
    /// The report already rendered in the output format (JSON entry or text), by the worker
    /// that checked the note; `lines` is then dropped, so the note's bytes are not kept.
    var rendered: [UInt8]? = nil
    /// Diagnostics by severity, and whether the per-note limit was reached: counted when the
    /// report is made, so that they outlive `diagnostics` once a report is written out.
    var tally: Summary
    var reachedLimit: Bool

    init(displayPath: String, lines: LineTable, diagnostics: [Diagnostic], citationCount: Int, fix: FixOutcome? = nil) {
        self.displayPath = displayPath
        self.lines = lines
        self.diagnostics = diagnostics
        self.citationCount = citationCount
        self.fix = fix
        var tally = Summary()
        tally.files = 1
        tally.citations = citationCount
        for d in diagnostics {
            switch d.severity {
            case .error: tally.errors += 1
            case .warning: tally.warnings += 1
            case .info: tally.infos += 1
            case .hint: tally.hints += 1
            }
        }
        self.tally = tally
        self.reachedLimit = Checker.reachedLimit(diagnostics)
    }

    /// 1-based line and 1-based column in Unicode characters, as terminals and CI annotations count.
    func humanPosition(_ offset: Int) -> (line: Int, column: Int) {
        let p = lines.position(ofByte: offset, in: .utf32)
        return (p.line + 1, p.column + 1)
    }
}

/// A configuration or catalogue problem, shown once per run.
struct SetupProblem: Sendable, Hashable {
    var severity: String
    var message: String
    var path: String?
    var line: Int
    var column: Int
}
