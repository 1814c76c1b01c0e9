import AnnoJSON
import AnnoProtocol
import AnnoTestSupport
import Foundation
import Testing

/// `anno check`, `anno --version`, `anno --help` run as a person or CI runs them.
@Suite struct CheckCommandTests {
    /// A project: anno.json, a clean note and a note with a wrong date after Hangul, Cyrillic and emoji.
    static let bad = Fixture("Первая строка\n\(mixedScript)[[«1960-05-03» | \(puzanov)]]\n", encoding: .utf32)

    func withProject<T>(_ body: (TempDirectory) throws -> T) throws -> T {
        let dir = try TempDirectory(prefix: "anno-e2e-check")
        defer { dir.remove() }
        try dir.write("anno.json", "{}")
        try dir.write("notes/good.anno", "Заметка 🇰🇷 [[1960-05-02 | \(puzanov)]]\n")
        try dir.write("notes/bad.anno", Self.bad.text)
        return try body(dir)
    }

    /// `path:line:col: severity: message [code]`
    static var linePattern: Regex<(Substring, path: Substring, line: Substring, column: Substring, severity: Substring, message: Substring, code: Substring)> { /^(?<path>[^:]+):(?<line>\d+):(?<column>\d+): (?<severity>error|warning|info|hint): (?<message>.+) \[(?<code>[a-z0-9-]+)\]$/ }

    @Test func aCleanNoteExitsZero() throws {
        try withProject { dir in
            let run = try AnnoBinary.run(["check", "notes/good.anno"], in: dir.path)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("0 errors, 0 warnings in 1 file (1 citation checked)"))
        }
    }

    @Test func errorsExitOneWithOneLinePerDiagnostic() throws {
        try withProject { dir in
            let run = try AnnoBinary.run(["check", "--color", "never", "notes"], in: dir.path)
            #expect(run.status == 1, "\(run.stderr)")
            let located = run.stdout.split(separator: "\n").compactMap { try? Self.linePattern.wholeMatch(in: String($0)) }
            #expect(located.count == 1)
            let d = try #require(located.first)
            #expect(d.output.path == "notes/bad.anno")
            // 1-based line, and a column counted in characters, Hangul and emoji included.
            #expect(Int(d.output.line) == Self.bad.range.start.line + 1)
            #expect(Int(d.output.column) == Self.bad.range.start.character + 1)
            #expect(d.output.severity == "error")
            #expect(d.output.code == "date-mismatch")
            #expect(!run.stdout.contains("\u{1B}["))
        }
    }

    @Test func noColourWhenStdoutIsNotATerminal() throws {
        try withProject { dir in
            let run = try AnnoBinary.run(["check", "notes"], in: dir.path)
            #expect(run.status == 1)
            #expect(!run.stdout.contains("\u{1B}["))
        }
    }

    @Test func jsonOutputParses() throws {
        try withProject { dir in
            let run = try AnnoBinary.run(["check", "--format", "json", "notes"], in: dir.path)
            #expect(run.status == 1)
            let json = try JSON.parse(run.stdout)
            #expect(json["version"] == 1)
            #expect(json["summary"]?["errors"] == 1)
            #expect(json["summary"]?["files"] == 2)
            let diagnostics = (json["files"]?.arrayValue ?? []).flatMap { $0["diagnostics"]?.arrayValue ?? [] }
            #expect(diagnostics.map { $0["code"] } == ["date-mismatch"])
            let start = diagnostics.first?["range"]?["start"]
            #expect(start?["line"] == .number(Double(Self.bad.range.start.line + 1)))
            #expect(start?["column"] == .number(Double(Self.bad.range.start.character + 1)))
            // The same position in UTF-16 code units, as an LSP client counts it.
            let utf16 = Fixture(Self.bad.text.replacingOccurrences(of: "[[1960-05-03", with: "[[$01960-05-03"), encoding: .utf16).cursor
            #expect(start?["utf16Character"] == .number(Double(utf16.character)))
        }
    }

    @Test func standardInputIsChecked() throws {
        try withProject { dir in
            let run = try AnnoBinary.run(["check", "-"], in: dir.path, stdin: Self.bad.text)
            #expect(run.status == 1)
            #expect(run.stdout.contains("-:2:"))
        }
    }

    @Test(arguments: [
        ["check", "--bogus"],
        ["check", "--format", "yaml"],
        ["check", "notes/does-not-exist.anno"],
        ["--bogus"],
        ["frobnicate"],
        [],
    ])
    func usageAndIOErrorsExitTwo(arguments: [String]) throws {
        try withProject { dir in
            let run = try AnnoBinary.run(arguments, in: dir.path)
            #expect(run.status == 2, "anno \(arguments.joined(separator: " ")): \(run.stdout)\(run.stderr)")
            #expect(!run.stderr.isEmpty)
        }
    }

    @Test func aBrokenAnnoJSONExitsTwo() throws {
        try withProject { dir in
            try dir.write("anno.json", "{ broken")
            let run = try AnnoBinary.run(["check", "notes/good.anno"], in: dir.path)
            #expect(run.status == 2)
            #expect(run.stderr.contains("anno.json"))
        }
    }

    @Test func versionAndHelp() throws {
        let version = try AnnoBinary.run(["--version"])
        #expect(version.status == 0)
        #expect(try /^anno \d+\.\d+\.\d+\S*\n$/.wholeMatch(in: version.stdout) != nil, "\(version.stdout)")
        let help = try AnnoBinary.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("usage:") && help.stdout.contains("anno check") && help.stdout.contains("anno lsp"))
        let checkHelp = try AnnoBinary.run(["check", "--help"])
        #expect(checkHelp.status == 0)
        #expect(checkHelp.stdout.contains("--format"))
    }
}
