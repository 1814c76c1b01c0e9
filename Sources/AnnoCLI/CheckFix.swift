import AnnoCheck
import AnnoWorkspace
#if canImport(Glibc)
import Glibc
#endif

/// What `anno check --fix` did to one note.
struct FixOutcome: Sendable {
    /// Titles of the fixes applied (or, with --dry-run, that would be).
    var applied: [String]
    /// With --dry-run: the unified diff, nil when nothing would change.
    var diff: String?
    /// Why the fixed note was not written (it changed since it was read, …); nil when it was.
    var failure: String?
}

/// `anno check --fix` and `--fix --dry-run` (spec/cli.md): every clear fix (`Checker.fixAll`),
/// written atomically and only over the text that was read, or shown as a diff.
extension CheckCommand {
    /// Fixes one note's bytes. Returns the bytes to report on — the fixed text once written, the
    /// original otherwise — and what was done.
    func applyFixes(path: String, displayPath: String, bytes: [UInt8], checker: Checker) -> ([UInt8], FixOutcome?) {
        let result = checker.fixAll(bytes)
        guard !result.isEmpty else { return (bytes, nil) }
        if dryRun {
            return (bytes, FixOutcome(applied: result.applied, diff: UnifiedDiff.make(path: displayPath, old: bytes, edits: result.byteEdits)))
        }
        do {
            try AtomicFile.replace(path, with: result.text, ifStill: bytes, beforeCommit: beforeWrite.map { hook in { hook(path) } })
            return (result.text, FixOutcome(applied: result.applied))
        } catch {
            return (bytes, FixOutcome(applied: [], failure: error.reason))
        }
    }

    /// A note named twice (or through a link) is fixed once: two writers would each find the
    /// other's write and refuse.
    static func uniqueFiles(_ files: [String]) -> [String] {
        var seen = Set<String>()
        return files.filter { path in
            guard let resolved = realpath(path, nil) else { return true }
            defer { free(resolved) }
            return seen.insert(String(cString: resolved)).inserted
        }
    }

    /// `anno: fixed 2 problems in notes/a.anno`, on standard error, before the report.
    func writeFixNotes(_ reports: [FileReport], errors: inout some TextOutputStream) {
        for r in reports {
            guard let fix = r.fix, fix.failure == nil, !fix.applied.isEmpty else { continue }
            let n = fix.applied.count
            errors.write("anno: fixed \(n) problem\(n == 1 ? "" : "s") in \(r.displayPath)\n")
        }
    }

    /// --dry-run: the diffs on standard output, problems and a summary on standard error. The
    /// exit status is that of `anno check` without --fix.
    func writeDryRun(_ reports: [FileReport], problems: [SetupProblem], status: Int32,
                     output: inout some TextOutputStream, errors: inout some TextOutputStream) -> Int32 {
        for p in problems {
            let location = p.path.map { "\($0):\(p.line):\(p.column): " } ?? "anno: "
            errors.write("\(location)\(p.severity): \(p.message)\n")
        }
        var fixes = 0, files = 0
        for r in reports {
            guard let fix = r.fix, let diff = fix.diff else { continue }
            output.write(diff)
            fixes += fix.applied.count
            files += 1
        }
        errors.write("\(fixes) fix\(fixes == 1 ? "" : "es") in \(files) file\(files == 1 ? "" : "s") (dry run: nothing written)\n")
        return status
    }
}
