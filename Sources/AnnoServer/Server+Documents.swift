import AnnoCatalogue
import AnnoCheck
import AnnoJSON
import AnnoProtocol
import AnnoSyntax
import AnnoWorkspace

/// Document sync and diagnostics: the editor's text is the truth for open notes.
extension LanguageServer {
    func didOpen(_ params: DidOpenTextDocumentParams) {
        let item = params.textDocument
        documents[item.uri] = OpenDocument(uri: item.uri, languageId: item.languageId, version: item.version, text: item.text)
        publishDiagnostics(item.uri)
    }

    func didChange(_ params: DidChangeTextDocumentParams) {
        let uri = params.textDocument.uri
        // Taken out while it changes, so that the old version's text and parse are not kept
        // alive beside the new one (twice the memory for a large note).
        guard var doc = documents.removeValue(forKey: uri) else {
            log(.warning, "didChange for a document that is not open: \(uri)")
            return
        }
        for change in params.contentChanges {
            let range = change.range.map { r in
                (LineColumn(line: r.start.line, column: r.start.character), LineColumn(line: r.end.line, column: r.end.character))
            }
            doc.apply(range: range, text: change.text, unit: unit)
        }
        doc.setVersion(params.textDocument.version)
        documents[uri] = doc
        let version = doc.version
        queue.async { [self] in publishAfterChange(uri, version: version) }
    }

    /// Diagnostics after an edit, checked after the requests already waiting (a completion typed
    /// with the change answers first), and only for the latest version: not when a later change
    /// was handled or has been read (it publishes its own).
    func publishAfterChange(_ uri: String, version: Int, deferrals: Int = 0) {
        guard documents[uri]?.version == version, !pending.changeWaiting(for: uri) else { return }
        // Behind the requests read meanwhile; a few times at most, so that diagnostics still come
        // while requests keep arriving.
        if deferrals < 3 && pending.requestsWaiting {
            queue.async { [self] in publishAfterChange(uri, version: version, deferrals: deferrals + 1) }
            return
        }
        publishDiagnostics(uri)
    }

    func didClose(_ params: DidCloseTextDocumentParams) {
        let uri = params.textDocument.uri
        documents[uri] = nil
        if !capabilities.pullDiagnostics {
            connection.send(notification: PublishDiagnosticsParams(uri: uri, diagnostics: []))
        }
    }

    func didSave(_ params: DidSaveTextDocumentParams) {
        // The text is already current through didChange; a saved anno.json or catalogue is
        // picked up through watched files, or here for clients that do not watch.
        if let path = FileURI.path(params.textDocument.uri), isConfigurationFile(path) {
            configurationFilesChanged([path])
        }
    }

    /// The checker context for a note: the nearest anno.json's catalogues, or, when they are
    /// now broken, the last ones that loaded (the person is told once).
    func context(forURI uri: String) -> ProjectContext {
        if let known = contextsByURI[uri] { return known }
        let found: ProjectContext
        if let path = FileURI.path(uri) {
            found = context(forDirectory: Paths.directory(of: path))
        } else {
            found = context(forDirectory: workspaceFolders.first ?? Paths.currentDirectory())
        }
        if contextsByURI.count >= 10_000 { contextsByURI.removeAll() }
        contextsByURI[uri] = found
        return found
    }

    func context(forDirectory directory: String) -> ProjectContext {
        let fresh = resolver.context(forDirectory: directory)
        let key = fresh.config.path ?? ""
        report(fresh.problems, for: key)
        for path in fresh.config.catalogues + resolver.extraCatalogues { catalogueWatchPaths.insert(path) }
        if fresh.isUsable {
            lastGoodContexts[key] = fresh
            return fresh
        }
        return lastGoodContexts[key] ?? fresh
    }

    /// Shows configuration and catalogue problems once for each distinct set.
    private func report(_ problems: [CatalogueProblem], for key: String) {
        guard reportedProblems[key] != problems else { return }
        reportedProblems[key] = problems
        let errors = problems.filter { $0.severity == .error }
        for p in problems { log(p.severity == .error ? .error : .warning, p.description) }
        if let first = errors.first {
            let more = errors.count > 1 ? " (and \(errors.count - 1) more problems; see the log)" : ""
            let kept = lastGoodContexts[key] != nil ? " The last catalogues that loaded stay in use." : ""
            show(.error, "Anno: \(first.description)\(more).\(kept)")
        }
    }

    func diagnostics(for doc: OpenDocument) -> [LSPDiagnostic] {
        let checker = context(forURI: doc.uri).checker
        // Text from the editor is valid UTF-8 (it came as a JSON string) but may hold NUL bytes.
        let found = TextValidation.binaryContent(doc.bytes) != nil
            ? checker.check(doc.bytes).diagnostics
            : doc.diagnostics(checker: checker)
        if Checker.reachedLimit(found) {
            log(.warning, "\(doc.uri): \(Checker.maxDiagnosticsPerNote) problems or more; only the first \(Checker.maxDiagnosticsPerNote) are shown")
        }
        return found.map { lspDiagnostic($0, in: doc) }
    }

    func publishDiagnostics(_ uri: String) {
        guard !capabilities.pullDiagnostics, let doc = documents[uri] else { return }
        let params = PublishDiagnosticsParams(uri: uri, version: doc.version, diagnostics: diagnostics(for: doc))
        // Written straight to JSON text, without a value tree: sent after every keystroke.
        connection.sendNotification(method: LSPMethod.publishDiagnostics, encodedParams: params.encodedJSON())
    }

    func pullDiagnostics(_ params: DocumentDiagnosticParams) throws -> JSONValue {
        guard let doc = documents[params.textDocument.uri] ?? documentFromDisk(params.textDocument.uri) else {
            return DocumentDiagnosticReport.full(resultId: nil, items: []).json
        }
        return DocumentDiagnosticReport.full(resultId: nil, items: diagnostics(for: doc)).json
    }

    /// A note that is not open, read from disk (for requests on closed files).
    func documentFromDisk(_ uri: String) -> OpenDocument? {
        guard let path = FileURI.path(uri), let bytes = try? FileReader.read(path) else { return nil }
        return OpenDocument(uri: uri, languageId: "anno", version: 0, text: String(decoding: bytes, as: UTF8.self))
    }

    // MARK: Conversions at the protocol edge

    func lspRange(_ range: Range<Int>, in doc: OpenDocument) -> LSPRange {
        LSPRange(start: lspPosition(range.lowerBound, in: doc), end: lspPosition(range.upperBound, in: doc))
    }

    func lspPosition(_ offset: Int, in doc: OpenDocument) -> Position {
        let p = doc.lines.position(ofByte: offset, in: unit)
        return Position(line: p.line, character: p.column)
    }

    /// For text that is not an open document: a closed note, a catalogue file.
    func lspRange(_ range: Range<Int>, lines: some BytePositions) -> LSPRange {
        LSPRange(start: lspPosition(range.lowerBound, lines: lines), end: lspPosition(range.upperBound, lines: lines))
    }

    func lspPosition(_ offset: Int, lines: some BytePositions) -> Position {
        let p = lines.position(ofByte: offset, in: unit)
        return Position(line: p.line, character: p.column)
    }

    func byteOffset(_ position: Position, in doc: OpenDocument) -> Int {
        doc.lines.byteOffset(of: LineColumn(line: position.line, column: position.character), in: unit)
    }

    func lspDiagnostic(_ d: Diagnostic, in doc: OpenDocument) -> LSPDiagnostic {
        lspDiagnostic(d, lines: doc.lines)
    }

    func lspDiagnostic(_ d: Diagnostic, lines: some BytePositions) -> LSPDiagnostic {
        let severity: DiagnosticSeverity
        switch d.severity {
        case .error: severity = .error
        case .warning: severity = .warning
        case .info: severity = .information
        case .hint: severity = .hint
        }
        var data: [String: JSONValue] = [:]
        if !d.related.isEmpty { data["documents"] = .array(d.related.map { .string($0.id) }) }
        return LSPDiagnostic(range: lspRange(d.range, lines: lines), severity: severity, code: .string(d.code.rawValue),
                             source: "anno", message: d.message, data: data.isEmpty ? nil : .object(data))
    }
}
