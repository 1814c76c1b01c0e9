import AnnoCatalogue
import AnnoCheck
import AnnoSyntax
import AnnoWorkspace
import Dispatch
import Foundation

struct Summary: Sendable {
    var files = 0, citations = 0, errors = 0, warnings = 0, infos = 0, hints = 0

    mutating func add(_ other: Summary) {
        files += other.files; citations += other.citations
        errors += other.errors; warnings += other.warnings; infos += other.infos; hints += other.hints
    }
}

enum OutputFormat: String, CaseIterable { case text, json, sarif, github }

/// `anno check [PATH...]`: the CI face of the checker.
struct CheckCommand {
    var paths: [String] = []
    var catalogues: [String] = []
    var format: OutputFormat = .text
    var color: Bool? = nil
    var noBundled = false
    /// --fix and --dry-run (CheckFix.swift); the hook runs before a fixed note is written (tests).
    var fix = false
    var dryRun = false
    var beforeWrite: (@Sendable (String) -> Void)? = nil

    static let usage = """
    usage: anno check [PATH...] [--catalogue FILE]... [--format text|json|sarif|github]
                      [--color auto|always|never] [--no-bundled-catalogue] [--fix [--dry-run]]

    Checks every citation in the notes named (files; directories, searched recursively for
    *.anno; '-' for standard input; the current directory when none is named) against the
    catalogues of the nearest anno.json, the bundled catalogue and any --catalogue files.

    --fix applies every fix that has one clear answer, writing each note atomically and only
    if it did not change meanwhile; with --dry-run it prints a unified diff instead.

    Exit status: 0 no errors, 1 errors in notes, 2 usage, I/O or configuration errors.
    """

    static func parse(_ args: [String]) -> Result<CheckCommand, UsageError> {
        var command = CheckCommand()
        var i = 0
        var onlyPaths = false
        while i < args.count {
            let arg = args[i]
            func value() -> String? {
                if let eq = arg.firstIndex(of: "="), arg.hasPrefix("--") { return String(arg[arg.index(after: eq)...]) }
                i += 1
                return i < args.count ? args[i] : nil
            }
            let name = arg.hasPrefix("--") ? String(arg.split(separator: "=", maxSplits: 1)[0]) : arg
            if onlyPaths || arg == "-" || !arg.hasPrefix("-") {
                command.paths.append(arg)
            } else if arg == "--" {
                onlyPaths = true
            } else if name == "--catalogue" || name == "--catalog" || name == "-c" {
                guard let v = value() else { return .failure(UsageError("--catalogue needs a file")) }
                command.catalogues.append(v)
            } else if name == "--format" || name == "-f" {
                guard let v = value(), let f = OutputFormat(rawValue: v) else {
                    return .failure(UsageError("--format takes one of: text, json, sarif, github"))
                }
                command.format = f
            } else if name == "--color" || name == "--colour" {
                switch value() {
                case "always": command.color = true
                case "never": command.color = false
                case "auto": command.color = nil
                default: return .failure(UsageError("--color takes auto, always or never"))
                }
            } else if arg == "--no-bundled-catalogue" {
                command.noBundled = true
            } else if arg == "--fix" {
                command.fix = true
            } else if arg == "--dry-run" {
                command.dryRun = true
            } else {
                return .failure(UsageError("unknown option '\(arg)' for 'anno check'"))
            }
            i += 1
        }
        if command.dryRun && !command.fix { return .failure(UsageError("--dry-run goes with --fix")) }
        if command.fix && !command.dryRun && command.paths.contains("-") {
            return .failure(UsageError("--fix writes files; it cannot fix standard input (use --fix --dry-run for a diff)"))
        }
        return .success(command)
    }

    func run(output: inout some TextOutputStream, errors: inout some TextOutputStream) -> Int32 {
        let resolver = ProjectResolver(extraCatalogues: catalogues, bundledCatalogueOverride: noBundled ? false : nil)
        var ioFailed = false
        var problems: [SetupProblem] = []
        var seenProblems = Set<SetupProblem>()
        func note(_ p: SetupProblem) { if seenProblems.insert(p).inserted { problems.append(p) } }

        let targets = paths.isEmpty ? ["."] : paths
        var files: [String] = []
        var readStdin = false
        var fileTargets: [String] = []
        for t in targets { if t == "-" { readStdin = true } else { fileTargets.append(t) } }
        // While the tree is walked, another core loads the catalogues of the first place named
        // (the notes found there most likely use them; asking again later waits for this build).
        let prefetch = DispatchGroup()
        if let first = fileTargets.first {
            let kind = Paths.kind(of: first)
            if kind == .directory || kind == .file {
                let isDirectory = kind == .directory
                DispatchQueue.global().async(group: prefetch) {
                    _ = isDirectory ? resolver.context(forDirectory: first) : resolver.context(forFile: first)
                }
            }
        }
        let found = NoteFinder.find(fileTargets)
        files = fix ? Self.uniqueFiles(found.files) : found.files
        for e in found.errors {
            ioFailed = true
            note(SetupProblem(severity: "error", message: "\(e.path): \(e.reason)", path: nil, line: 0, column: 0))
        }
        if files.isEmpty && !readStdin && found.errors.isEmpty {
            note(SetupProblem(severity: "warning", message: "no .anno notes found in \(targets.joined(separator: ", "))", path: nil, line: 0, column: 0))
        }

        // Check files on every core; results keep the order the files were named in.
        let cwd = Paths.currentDirectory()
        let located = Self.locate(files, resolver: resolver, cwd: cwd)
        prefetch.wait()   // nothing of this run outlives it
        // Notes under an anno.json that could not be used are not checked: against the wrong
        // catalogues every citation would look broken. The configuration error is reported below.
        let checkable = located.filter { $0.context.isUsable }
        let skipped = files.count - checkable.count
        // Workers render each report as they finish it (text or JSON), so the main thread only
        // joins the pieces, and no note's bytes outlive its check. The JSON report is streamed:
        // its "files" come first, in order, and are written while later notes are checked.
        let render: (@Sendable (FileReport) -> [UInt8])?
        switch format {
        case .json where !dryRun: render = { JSONFormatter.fileEntry($0) }
        case .text where !dryRun:
            let formatter = TextFormatter(color: useColor)
            render = { Array(formatter.format($0).utf8) }
        default: render = nil
        }
        let stream: ReportStream?
        if format == .json && !fix {
            stream = ReportStream(sink: ByteSink(fd: (output as? FileDescriptorOutput)?.fd))
        } else {
            stream = nil
        }
        let outcomes: [Result<FileReport, FileReadError>] = Parallel.map(Array(checkable.indices), state: { CheckWorker() }) { worker, i in
            let file = checkable[i]
            let path = file.path, context = file.context
            let cache = worker.cache
            // The worker's buffer is lent to this note and taken back once nothing holds it.
            var bytes = worker.takeBuffer()
            defer { worker.returnBuffer(&bytes) }
            do {
                try FileReader.read(path, into: &bytes)
                var fixed: FixOutcome?
                if fix { (bytes, fixed) = applyFixes(path: path, displayPath: file.displayPath, bytes: bytes, checker: context.checker) }
                let result = context.checker.diagnose(bytes, cache: cache)
                // Positions are only needed for notes with something to report.
                let lines = LineTable(result.diagnostics.isEmpty ? [] : bytes)
                var report = FileReport(displayPath: file.displayPath, lines: lines,
                                        diagnostics: result.diagnostics, citationCount: result.citationCount, fix: fixed)
                if let stream {
                    stream.deliver(i, JSONFormatter.fileEntry(report))
                    report.lines = LineTable([])
                    report.diagnostics = []
                } else if let render {
                    report.rendered = render(report)
                    report.lines = LineTable([])
                }
                return .success(report)
            } catch {
                stream?.deliver(i, nil)
                return .failure((error as? FileReadError) ?? FileReadError(path: path, reason: "\(error)"))
            }
        }
        var finished: [FileReport] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let report): finished.append(report)
            case .failure(let e):
                ioFailed = true
                note(SetupProblem(severity: "error", message: "\(Paths.display(Paths.absolute(e.path), relativeTo: cwd)): \(e.reason)", path: nil, line: 0, column: 0))
            }
        }
        for r in finished {
            guard let reason = r.fix?.failure else { continue }
            ioFailed = true
            note(SetupProblem(severity: "error", message: "\(r.displayPath): \(reason)", path: nil, line: 0, column: 0))
        }
        for r in finished where r.reachedLimit {
            let limit = Checker.maxDiagnosticsPerNote
            note(SetupProblem(severity: "warning", message: "\(r.displayPath): \(limit) problems or more; only the first \(limit) are reported", path: nil, line: 0, column: 0))
        }
        if skipped > 0 {
            note(SetupProblem(severity: "error", message: "\(skipped) note\(skipped == 1 ? " was" : "s were") not checked because \(skipped == 1 ? "its" : "their") configuration or catalogues could not be used", path: nil, line: 0, column: 0))
        }
        var standardInput: FileReport?
        if readStdin {
            do {
                let bytes = try FileReader.readStandardInput()
                let context = resolver.context(forDirectory: cwd)
                guard context.isUsable else { throw FileReadError(path: "-", reason: "not checked: the configuration or catalogues could not be used") }
                let result = context.checker.check(bytes)
                let fixed = fix ? applyFixes(path: "-", displayPath: "-", bytes: bytes, checker: context.checker).1 : nil   // --dry-run only
                let report = FileReport(displayPath: "-", lines: LineTable(bytes), diagnostics: result.diagnostics, citationCount: result.note.citations.count, fix: fixed)
                finished.append(report)
                standardInput = report
            } catch {
                ioFailed = true
                note(SetupProblem(severity: "error", message: "\(error)", path: nil, line: 0, column: 0))
            }
        }

        // Configuration and catalogue problems of every context used, once each.
        var configFailed = false
        var contexts: [ProjectContext] = located.map(\.context)
        if readStdin || files.isEmpty { contexts.append(resolver.context(forDirectory: cwd)) }
        var seenConfigs = Set<String>()
        for context in contexts where seenConfigs.insert(context.config.path ?? "").inserted {
            if !context.isUsable { configFailed = true }
            for p in context.problems {
                if p.severity == .error { configFailed = true }
                note(SetupProblem(severity: p.severity.rawValue, message: p.message,
                                  path: p.path.map { Paths.display($0, relativeTo: cwd) }, line: p.line, column: p.column))
            }
        }

        var summary = Summary()
        for r in finished { summary.add(r.tally) }

        if fix && dryRun {
            let status: Int32 = ioFailed || configFailed ? 2 : (summary.errors > 0 ? 1 : 0)
            return writeDryRun(finished, problems: problems, status: status, output: &output, errors: &errors)
        }
        if fix { writeFixNotes(finished, errors: &errors) }
        switch format {
        case .text:
            let formatter = TextFormatter(color: useColor)
            for p in problems {
                let location = p.path.map { "\($0):\(p.line):\(p.column): " } ?? "anno: "
                errors.write("\(location)\(p.severity): \(p.message)\n")
            }
            var text: [UInt8] = []
            text.reserveCapacity(finished.reduce(0) { $0 + ($1.rendered?.count ?? 0) })
            for r in finished { text += r.rendered ?? Array(formatter.format(r).utf8) }
            if !text.isEmpty { output.write(String(decoding: text, as: UTF8.self)) }
            output.write(summaryLine(summary) + "\n")
        case .json:
            if let stream {
                // The files were written as they were checked; standard input's comes last.
                if let standardInput { stream.append(JSONFormatter.fileEntry(standardInput)) }
                stream.finish(rest: JSONFormatter.rest(problems: problems, summary: summary))
                if (output as? FileDescriptorOutput) == nil { output.write(stream.sink.drain()) }
            } else {
                output.write(JSONFormatter.format(finished, problems: problems, summary: summary))
            }
        case .sarif:
            output.write(SARIFFormatter.format(finished, problems: problems))
        case .github:
            output.write(GitHubFormatter.format(finished, problems: problems))
            errors.write(summaryLine(summary) + "\n")
        }
        if ioFailed || configFailed { return 2 }
        return summary.errors > 0 ? 1 : 0
    }

    var useColor: Bool {
        color ?? (isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
    }

    /// What one checking thread keeps from note to note: its resolution cache, and the buffer
    /// notes are read into.
    final class CheckWorker {
        let cache = ResolutionCache()
        private var buffer: [UInt8] = []

        func takeBuffer() -> [UInt8] {
            defer { buffer = [] }
            return buffer
        }

        func returnBuffer(_ bytes: inout [UInt8]) {
            swap(&buffer, &bytes)
        }
    }

    /// A note to check, with the context it is checked under and the path shown for it.
    struct LocatedFile: Sendable {
        var path: String
        var displayPath: String
        var context: ProjectContext
    }

    /// Each file's context and display path, worked out once per directory: the files of a
    /// directory come together, and a directory's anno.json and absolute form are the same for
    /// all of them.
    static func locate(_ files: [String], resolver: ProjectResolver, cwd: String) -> [LocatedFile] {
        var lastDirectory: Substring? = nil
        var lastContext: ProjectContext? = nil
        var lastAbsolute = ""
        return files.map { path in
            // Only plain names after a directory share its work; anything else goes the long way.
            guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else {
                return LocatedFile(path: path, displayPath: Paths.display(Paths.absolute(path), relativeTo: cwd),
                                   context: resolver.context(forFile: path))
            }
            let directory = path[..<slash], name = path[path.index(after: slash)...]
            if name.isEmpty || name == "." || name == ".." {
                return LocatedFile(path: path, displayPath: Paths.display(Paths.absolute(path), relativeTo: cwd),
                                   context: resolver.context(forFile: path))
            }
            if directory != lastDirectory || lastContext == nil {
                lastDirectory = directory
                lastContext = resolver.context(forFile: path)
                lastAbsolute = Paths.absolute(String(directory))
            }
            let absolute = Paths.join(lastAbsolute, String(name))
            return LocatedFile(path: path, displayPath: Paths.display(absolute, relativeTo: cwd), context: lastContext ?? resolver.context(forFile: path))
        }
    }

    func summaryLine(_ s: Summary) -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        var parts = [plural(s.errors, "error"), plural(s.warnings, "warning")]
        if s.infos > 0 { parts.append(plural(s.infos, "info")) }
        if s.hints > 0 { parts.append(plural(s.hints, "hint")) }
        return "\(parts.joined(separator: ", ")) in \(plural(s.files, "file")) (\(plural(s.citations, "citation")) checked)"
    }
}

struct UsageError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
