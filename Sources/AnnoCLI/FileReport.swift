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
