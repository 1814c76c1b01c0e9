import AnnoCatalogue
import AnnoCheck
import AnnoJSON
import AnnoProtocol
import AnnoSyntax
import AnnoWorkspace

/// Go to definition (a citation → its document's entry in the catalogue file) and find
/// references (every citation of that document across the workspace, closed notes included).
extension LanguageServer {
    /// The documents a citation at the cursor names: the one it means, or, when it is
    /// ambiguous, every candidate (the editor offers a choice). Unknown titles name none.
    func citedDocuments(_ doc: OpenDocument, at position: Position) -> (citation: Citation, documents: [CatalogueDocument])? {
        let cursor = byteOffset(position, in: doc)
        guard let citation = doc.note.citation(at: cursor) else { return nil }
        let checker = context(forURI: doc.uri).checker
        let resolution = checker.resolve(citation)
        if let d = resolution.document { return (citation, [checker.index[d]]) }
        let choosing = resolution.diagnostics.contains { $0.code == .ambiguousCitation || $0.code == .dateMismatch }
        return (citation, choosing ? resolution.candidates.map { checker.index[$0] } : [])
    }

    func definition(_ params: TextDocumentPositionParams) throws -> JSONValue {
        let doc = try document(params.textDocument.uri)
        guard let found = citedDocuments(doc, at: params.position) else { return .null }
        let locations = found.documents.compactMap(catalogueLocation)
        if locations.isEmpty { return .null }
        return locations.count == 1 ? locations[0].json : locations.json
    }

    func references(_ params: ReferenceParams) throws -> JSONValue {
        let doc = try document(params.textDocument.uri)
        guard let found = citedDocuments(doc, at: params.position), !found.documents.isEmpty else { return .array([]) }
        let ids = Set(found.documents.map(\.id))
        var locations: [Location] = []
        if params.includeDeclaration { locations += found.documents.compactMap(catalogueLocation) }
        // Ids are unique within an index, so a citation cites one of `ids` exactly when its
        // document is one of theirs: integers compared, not strings, per index in use.
        var wantedIn: [ObjectIdentifier: [DocumentIndex]] = [:]
        func wanted(_ index: CatalogueIndex) -> [DocumentIndex] {
            if let known = wantedIn[ObjectIdentifier(index)] { return known }
            let found = ids.compactMap { id in index.document(id: id).flatMap { index.id(of: $0) == id ? $0 : nil } }
            wantedIn[ObjectIdentifier(index)] = found
            return found
        }
        for entry in currentIndex() {
            let documents = wanted(entry.summary.index)
            if documents.isEmpty { continue }
            for range in entry.summary.citations.ranges(citing: documents) {
                locations.append(Location(uri: entry.uri, range: lspRange(range, lines: entry.summary.positions)))
            }
        }
        return locations.json
    }

    /// Where a document is defined: the start of its JSON object in its catalogue file, in the
    /// negotiated encoding. The bundled catalogue is written to a file first (spec/lsp.md).
    func catalogueLocation(_ document: CatalogueDocument) -> Location? {
        let origin = document.origin
        let path: String
        let lines: LineTable?
        if let file = origin.path {
            path = file
            lines = catalogueLines(file)
        } else if origin.catalogueName == BundledCatalogue.name {
            guard let directory = workspaceIndex.bundledCatalogueDirectory else { return nil }
            switch BundledCatalogueFile.materialize(in: directory) {
            case .success(let file):
                path = file
                lines = LineTable(BundledCatalogueFile.bytes)
            case .failure(let error):
                log(.warning, "cannot write the bundled catalogue for go to definition: \(error)")
                return nil
            }
        } else {
            return nil
        }
        let position: Position
        if let lines {
            position = lspPosition(origin.byteOffset, lines: lines)
        } else {
            // The file is gone or unreadable: the line and column the loader recorded.
            position = Position(line: max(0, origin.line - 1), character: max(0, origin.column - 1))
        }
        return Location(uri: FileURI.uri(path), range: LSPRange(start: position, end: position))
    }

    /// A catalogue file's lines, read again when it changed on disk.
    private func catalogueLines(_ path: String) -> LineTable? {
        let stamp = Paths.stamp(of: path)
        if let cached = workspaceIndex.catalogueLines[path], cached.stamp == stamp, stamp != nil { return cached.lines }
        guard let bytes = try? FileReader.read(path) else {
            workspaceIndex.catalogueLines[path] = nil
            return nil
        }
        let lines = LineTable(bytes)
        workspaceIndex.catalogueLines[path] = (stamp, lines)
        return lines
    }
}
