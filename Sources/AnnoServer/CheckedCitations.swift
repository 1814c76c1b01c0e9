import AnnoCheck
import AnnoSyntax
import Foundation

/// An open note's diagnostics, kept per citation so that after an edit only the citations
/// `NoteParser.reparse` parsed anew are checked again; the others are reused, shifted.
///
/// Valid for one checker (catalogue index and rules): another one empties it. Diagnostics,
/// semantic tokens and code actions all read it, so a keystroke checks its citation once.
/// Used on the server's queue; the lock only makes it safe to share.
final class CheckedCitations: @unchecked Sendable {   // state guarded by `lock`
    private let lock = NSLock()
    /// Per citation, in text order: its diagnostics, or nil when not checked yet.
    private var entries: [[Diagnostic]?]
    private var checkedWith: (generation: UInt64, rules: RuleSettings)?

    init(count: Int) {
        entries = Array(repeating: nil, count: count)
    }

    private init(entries: [[Diagnostic]?], checkedWith: (generation: UInt64, rules: RuleSettings)?) {
        self.entries = entries
        self.checkedWith = checkedWith
    }

    func copy() -> CheckedCitations {
        lock.withLock { CheckedCitations(entries: entries, checkedWith: checkedWith) }
    }

    /// Follows the citations through an edit: the replaced ones are forgotten, the ones after
    /// them move by the edit's length.
    func splice(_ s: ReparseSplice) {
        lock.withLock {
            guard s.kept <= s.resumed, s.resumed <= entries.count else {
                entries = []
                checkedWith = nil
                return
            }
            entries.replaceSubrange(s.kept..<s.resumed, with: repeatElement(nil, count: s.fresh))
            guard s.delta != 0 else { return }
            for k in (s.kept + s.fresh)..<entries.count {
                guard let found = entries[k], !found.isEmpty else { continue }
                entries[k] = found.map { $0.shifted(by: s.delta) }
            }
        }
    }

    /// The note's diagnostics in text order, as `checker.check(note)` gives them, checking only
    /// the citations not checked yet (through `cache`, which knows citations written before).
    func diagnostics(_ note: ParsedNote, bytes: [UInt8], checker: Checker, cache: ResolutionCache) -> [Diagnostic] {
        lock.withLock {
            let identity = (generation: checker.index.generation, rules: checker.rules)
            if entries.count != note.citations.count || checkedWith?.generation != identity.generation
                || checkedWith?.rules != identity.rules {
                entries = Array(repeating: nil, count: note.citations.count)
                checkedWith = identity
            }
            var out: [Diagnostic] = []
            for k in note.citations.indices where out.count < Checker.maxDiagnosticsPerNote {
                if let known = entries[k] {
                    out.append(contentsOf: known)
                } else {
                    let found = checker.diagnostics(for: note.citations[k], in: bytes, cache: cache)
                    entries[k] = found
                    out.append(contentsOf: found)
                }
            }
            if out.count > Checker.maxDiagnosticsPerNote { out.removeLast(out.count - Checker.maxDiagnosticsPerNote) }
            return out
        }
    }
}
