import AnnoCheck
import AnnoJSON
import AnnoProtocol

extension CodeActionKind {
    /// Every clear fix of a note at once; editors run it on save with
    /// `"editor.codeActionsOnSave": {"source.fixAll": "explicit"}` (VS Code) and the like.
    public static let sourceFixAllAnno = CodeActionKind(rawValue: "source.fixAll.anno")
}

/// `source.fixAll.anno`: the fixes `anno check --fix` applies (`Checker.fixAll`), as one edit
/// of the open note.
extension LanguageServer {
    /// Whether a client's `only` asks for actions of `kind`: no filter, the kind itself, or a
    /// kind it refines (`source` and `source.fixAll` ask for `source.fixAll.anno`).
    static func requested(_ kind: CodeActionKind, by only: [CodeActionKind]?) -> Bool {
        guard let only else { return true }
        return only.contains { kind.rawValue == $0.rawValue || kind.rawValue.hasPrefix($0.rawValue + ".") }
    }

    /// nil when nothing in the note has a clear fix.
    func fixAllAction(_ doc: OpenDocument, checker: Checker, diagnostics: [Diagnostic]) -> CodeAction? {
        guard diagnostics.contains(where: { $0.fix != nil }) else { return nil }
        let result = checker.fixAll(doc.bytes, note: doc.note, diagnostics: diagnostics)
        guard !result.isEmpty else { return nil }
        let edits = result.edits.map { AnnoProtocol.TextEdit(range: lspRange($0.range, in: doc), newText: $0.replacement) }
        let n = result.applied.count
        return CodeAction(title: "Fix all citations (\(n) fix\(n == 1 ? "" : "es"))", kind: .sourceFixAllAnno,
                          edit: WorkspaceEdit(changes: [doc.uri: edits]))
    }
}
