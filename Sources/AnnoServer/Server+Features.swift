import AnnoCatalogue
import AnnoCheck
import AnnoJSON
import AnnoProtocol
import AnnoSyntax

/// Completion, hover and quick fixes: translate positions, ask the providers, translate back.
extension LanguageServer {
    func document(_ uri: String) throws -> OpenDocument {
        if let doc = documents[uri] ?? documentFromDisk(uri) { return doc }
        throw ResponseError.invalidParams("unknown document \(uri): open it first (textDocument/didOpen)")
    }

    func completion(_ params: CompletionParams) throws -> CompletionList {
        let doc = try document(params.textDocument.uri)
        let cursor = byteOffset(params.position, in: doc)
        let context = context(forURI: doc.uri)
        guard let result = CitationCompletion.compute(bytes: doc.bytes, lines: doc.lines, note: doc.note, cursor: cursor, index: context.index) else {
            return CompletionList(isIncomplete: false, items: [])
        }
        let range = lspRange(result.replaceRange, in: doc)
        let deletions = result.extraDeletions.map { AnnoProtocol.TextEdit(range: lspRange($0, in: doc), newText: "") }
        let labelDetails = capabilities.completionLabelDetailsSupport
        // Clients that resolve items get the documentation on demand, not 50 times per keystroke.
        let lazy = resolvesCompletionDocumentation
        let lazyDetail = resolvesCompletionDetail
        if lazy { unlistedCompletionIndex = context.isUsable ? nil : context.index }
        let index = context.index
        // Clients that take list defaults (VS Code) get the edit range, the same for every item, once.
        let defaults = capabilities.completionListItemDefaults
        let sharedRange = defaults.contains("editRange"), sharedFormat = defaults.contains("insertTextFormat")
        let items: [CompletionItem] = result.items.map { item in
            CompletionItem(
                label: item.title,
                labelDetails: labelDetails ? CompletionItemLabelDetails(description: item.date.humanReadable) : nil,
                kind: .reference,
                detail: lazyDetail ? nil : LanguageServer.completionDetail(item.document, iso: item.iso, in: index),
                documentation: lazy ? nil : completionDocumentation(item.document, in: index),
                filterText: item.filterText,
                sortText: item.sortText,
                textEdit: sharedRange ? nil : AnnoProtocol.TextEdit(range: range, newText: item.newText),
                additionalTextEdits: deletions.isEmpty ? nil : deletions,
                insertTextFormat: sharedFormat ? nil : .plainText,
                data: lazy ? LanguageServer.completionData(item.document, in: index) : JSONValue?.none,
                textEditText: sharedRange ? item.newText : nil)
        }
        let itemDefaults = sharedRange || sharedFormat
            ? CompletionItemDefaults(editRange: sharedRange ? range : nil, insertTextFormat: sharedFormat ? .plainText : nil)
            : nil
        return CompletionList(isIncomplete: result.isIncomplete, itemDefaults: itemDefaults, items: items)
    }

    func hover(_ params: TextDocumentPositionParams) throws -> JSONValue {
        let doc = try document(params.textDocument.uri)
        let cursor = byteOffset(params.position, in: doc)
        guard let hover = CitationHover.compute(note: doc.note, cursor: cursor, checker: context(forURI: doc.uri).checker) else {
            return .null
        }
        let plain = capabilities.hoverContentFormat.first == .plaintext
        let contents = plain ? MarkupContent(kind: .plaintext, value: hover.plaintext) : MarkupContent(kind: .markdown, value: hover.markdown)
        return Hover(contents: contents, range: lspRange(hover.range, in: doc)).json
    }

    /// One quick fix per remedy of each diagnostic touching the range; the clear one is preferred.
    /// And `source.fixAll.anno`: every clear fix of the note at once (Server+FixAll.swift).
    func codeActions(_ params: CodeActionParams) throws -> JSONValue {
        let doc = try document(params.textDocument.uri)
        let checker = context(forURI: doc.uri).checker
        let found = doc.diagnostics(checker: checker)
        var actions: [CodeAction] = []
        if Self.requested(.sourceFixAllAnno, by: params.context.only), let fixAll = fixAllAction(doc, checker: checker, diagnostics: found) {
            actions.append(fixAll)
        }
        guard Self.requested(.quickFix, by: params.context.only) else { return actions.json }
        let start = byteOffset(params.range.start, in: doc)
        let end = max(start, byteOffset(params.range.end, in: doc))
        for d in found where d.range.lowerBound <= end && d.range.upperBound >= start {
            let lsp = lspDiagnostic(d, in: doc)
            for (i, fix) in d.alternatives.enumerated() {
                let edits = fix.edits.map { AnnoProtocol.TextEdit(range: lspRange($0.range, in: doc), newText: $0.replacement) }
                actions.append(CodeAction(title: fix.title, kind: .quickFix, diagnostics: [lsp],
                                          isPreferred: i == 0 && d.fix != nil ? true : nil,
                                          edit: WorkspaceEdit(changes: [doc.uri: edits])))
            }
        }
        return actions.json
    }
}
