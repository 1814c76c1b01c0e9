import AnnoCatalogue
import AnnoCheck
import AnnoJSON
import AnnoServer
import AnnoWorkspace
import Foundation

enum TimelineFormat: String, CaseIterable { case text, markdown, json }

/// `anno timeline [PATH...]`: every cited document in date order, with the notes and lines that
/// cite it (spec/cli.md). The same `Timeline` the language server's `anno.timeline` returns.
struct TimelineCommand {
    var paths: [String] = []
    var catalogues: [String] = []
    var format: TimelineFormat = .text
    var uncited = false
    var noBundled = false

    static let usage = """
    usage: anno timeline [PATH...] [--format text|markdown|json] [--uncited]
                         [--catalogue FILE]... [--no-bundled-catalogue]

    Lists every document the notes cite (files; directories, searched recursively for *.anno;
    the current directory when none is named) in date order, a coarser date before the finer
    dates it contains, each with the notes and lines that cite it. --uncited also lists the
    catalogue documents no note cites yet.

    Exit status: 0, or 2 for usage, I/O or configuration errors.
    """

    static func parse(_ args: [String]) -> Result<TimelineCommand, UsageError> {
        var command = TimelineCommand()
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
            if onlyPaths || !arg.hasPrefix("-") || arg == "-" {
                guard arg != "-" else { return .failure(UsageError("anno timeline reads notes from files, not standard input")) }
                command.paths.append(arg)
            } else if arg == "--" {
                onlyPaths = true
            } else if name == "--format" || name == "-f" {
                guard let v = value(), let f = TimelineFormat(rawValue: v) else {
                    return .failure(UsageError("--format takes one of: text, markdown, json"))
                }
                command.format = f
            } else if name == "--catalogue" || name == "--catalog" || name == "-c" {
                guard let v = value() else { return .failure(UsageError("--catalogue needs a file")) }
                command.catalogues.append(v)
            } else if arg == "--uncited" {
                command.uncited = true
            } else if arg == "--no-bundled-catalogue" {
                command.noBundled = true
            } else {
                return .failure(UsageError("unknown option '\(arg)' for 'anno timeline'"))
            }
            i += 1
        }
        return .success(command)
    }

    func run(output: inout some TextOutputStream, errors: inout some TextOutputStream) -> Int32 {
        let resolver = ProjectResolver(extraCatalogues: catalogues, bundledCatalogueOverride: noBundled ? false : nil)
        let cwd = Paths.currentDirectory()
        var failed = false
        let found = NoteFinder.find(paths.isEmpty ? ["."] : paths)
        for e in found.errors {
            failed = true
            errors.write("anno: error: \(e.path): \(e.reason)\n")
        }
        // Notes under an unusable configuration are left out, as `anno check` leaves them unchecked.
        let items = NoteIndexer.summarize(found.files) { path in
            let context = resolver.context(forFile: path)
            return context.isUsable ? context : nil
        }
        var notes: [Timeline.Note] = []
        for item in items {
            let shown = Paths.display(Paths.absolute(item.path), relativeTo: cwd)
            if let error = item.error {
                failed = true
                errors.write("anno: error: \(shown): \(error.reason)\n")
            } else if let summary = item.summary {
                notes.append(Timeline.Note(path: shown, summary: summary))
            }
        }
        // Configuration and catalogue problems, once per anno.json.
        var contexts = found.files.map { resolver.context(forFile: $0) }
        if found.files.isEmpty { contexts.append(resolver.context(forDirectory: cwd)) }
        var seen = Set<String>()
        var indexes: [CatalogueIndex] = []
        for context in contexts where seen.insert(context.config.path ?? "").inserted {
            if !context.isUsable { failed = true } else { indexes.append(context.index) }
            for p in context.problems {
                if p.severity == .error { failed = true }
                errors.write("\(p.path.map { Paths.display($0, relativeTo: cwd) } ?? "anno"):\(p.line):\(p.column): \(p.severity.rawValue): \(p.message)\n")
            }
        }
        let skipped = items.filter { $0.summary == nil && $0.error == nil }.count
        if skipped > 0 {
            errors.write("anno: error: \(skipped) note\(skipped == 1 ? " was" : "s were") left out because \(skipped == 1 ? "its" : "their") configuration or catalogues could not be used\n")
        }
        let timeline = Timeline.build(notes: notes, uncitedFrom: uncited ? indexes : [])
        switch format {
        case .text: output.write(TimelineText.text(timeline, notes: notes.count))
        case .markdown: output.write(TimelineText.markdown(timeline))
        case .json: output.write(JSON.serializeString(timeline.json(), pretty: true) + "\n")
        }
        return failed ? 2 : 0
    }
}

/// The timeline for people: plain text for a terminal, Markdown for a document.
enum TimelineText {
    static let indent = String(repeating: " ", count: 12)

    static func text(_ t: Timeline, notes: Int) -> String {
        var out = ""
        for e in t.entries {
            let date = e.document.date.iso
            out += date.padding(toLength: max(10, date.count), withPad: " ", startingAt: 0) + "  \(oneLine(e.document.title))  [\(e.document.id)]\n"
            if e.citations.isEmpty { out += indent + "(not cited)\n" }
            for c in e.citations { out += indent + place(c) + "\n" }
        }
        if !t.unresolved.isEmpty {
            if !t.entries.isEmpty { out += "\n" }
            out += "Citations that name no document:\n"
            for c in t.unresolved { out += "  " + place(c) + "  [[\(oneLine(c.date)) | \(oneLine(c.title))]]\n" }
        }
        let cited = t.entries.filter { !$0.citations.isEmpty }.count
        out += "\(plural(cited, "document")) cited \(plural(t.citationCount, "time")) in \(plural(notes, "note"))"
        if !t.unresolved.isEmpty { out += " (\(plural(t.unresolved.count, "citation")) naming no document)" }
        return out + "\n"
    }

    static func markdown(_ t: Timeline) -> String {
        var out = "# Timeline\n"
        var year: Int?
        for e in t.entries {
            if e.document.date.year != year {
                year = e.document.date.year
                out += "\n## \(e.document.date.year)\n\n"
            }
            var line = "- **\(e.document.date.humanReadable)**: \(Markdown.escape(e.document.title)) (`\(code(e.document.id))`)"
            if let url = e.document.url, let link = Markdown.link(url) { line += " \(link)" }
            out += line + "\n"
            if e.citations.isEmpty { out += "  - not cited yet\n" }
            for c in e.citations {
                var item = "  - [\(Markdown.escape(c.path)):\(c.line)](<\(linkTarget(c.path))#L\(c.line)>)"
                if let locator = c.locator, !locator.isEmpty { item += ", \(Markdown.escape(locator))" }
                if !c.problems.isEmpty { item += " (" + c.problems.map { "`\($0.rawValue)`" }.joined(separator: ", ") + ")" }
                out += item + "\n"
            }
        }
        if !t.unresolved.isEmpty {
            out += "\n## Citations that name no document\n\n"
            for c in t.unresolved {
                out += "- [\(Markdown.escape(c.path)):\(c.line)](<\(linkTarget(c.path))#L\(c.line)>): \(Markdown.escape(c.date)) | \(Markdown.escape(c.title))\n"
            }
        }
        return out
    }

    /// `notes/a.anno:3:31, p. 3 [date-mismatch]`
    static func place(_ c: Timeline.Citation) -> String {
        var s = "\(c.path):\(c.line):\(c.column)"
        if let locator = c.locator, !locator.isEmpty { s += ", \(oneLine(locator))" }
        if !c.problems.isEmpty { s += " [" + c.problems.map(\.rawValue).joined(separator: ", ") + "]" }
        return s
    }

    /// Catalogue text on one line, without control characters that would garble a terminal.
    static func oneLine(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }

    /// Backticks cannot be escaped inside a code span: drop them from ids.
    static func code(_ s: String) -> String { oneLine(s).replacingOccurrences(of: "`", with: "'") }

    /// A path inside `<…>`: the characters that would end it are percent-encoded.
    static func linkTarget(_ path: String) -> String {
        var out = ""
        for scalar in path.unicodeScalars {
            switch scalar {
            case "<": out += "%3C"
            case ">": out += "%3E"
            case "\n", "\r": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
