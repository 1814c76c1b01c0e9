import AnnoJSON
import AnnoProtocol
import AnnoWorkspace

/// Configuration and watched files: when anno.json or a catalogue changes, open notes are checked again.
extension LanguageServer {
    func didChangeConfiguration(_ params: DidChangeConfigurationParams) {
        do {
            guard let new = try ServerSettings.parse(params.settings, base: workspaceFolders.first), new != settings else { return }
            settings = new
            resolver = ProjectResolver(extraCatalogues: settings.catalogues)
            lastGoodContexts.removeAll()
            recheckOpenDocuments()
        } catch {
            show(.error, "Anno: invalid settings: \(error)")
        }
    }

    func didChangeWatchedFiles(_ params: DidChangeWatchedFilesParams) {
        let changed = params.changes.compactMap { FileURI.path($0.uri) }.filter(isConfigurationFile)
        if !changed.isEmpty { configurationFilesChanged(changed) }
        notesChanged(params.changes)
    }

    func isConfigurationFile(_ path: String) -> Bool {
        path.hasSuffix("/" + ProjectResolver.configFileName) || catalogueWatchPaths.contains(path)
    }

    func configurationFilesChanged(_ paths: [String]) {
        resolver.invalidate(changedPaths: paths)
        contextsByURI.removeAll()
        recheckOpenDocuments()
    }

    func recheckOpenDocuments() {
        for folder in workspaceFolders { _ = context(forDirectory: folder) }
        startIndexing()
        if capabilities.pullDiagnostics {
            if capabilities.raw["workspace"]?["diagnostics"]?["refreshSupport"]?.boolValue == true {
                _ = connection.sendRequest(method: "workspace/diagnostic/refresh")
            }
        } else {
            for uri in documents.keys.sorted() { publishDiagnostics(uri) }
        }
    }

    /// Asks the client to tell us about anno.json and catalogue changes, where it can.
    func registerFileWatchers() {
        guard capabilities.didChangeWatchedFilesDynamicRegistration else { return }
        // Catalogues may be CSL-JSON, BibTeX, CSV or TSV as well as Anno JSON (spec/catalogue.md).
        let watchers: JSONValue = [["globPattern": "**/anno.json"], ["globPattern": "**/*.json"], ["globPattern": "**/*.anno"],
                                   ["globPattern": "**/*.{bib,bibtex,csv,tsv}"]]
        let registration = Registration(id: "anno-watch-configuration", method: LSPMethod.didChangeWatchedFiles,
                                        registerOptions: ["watchers": watchers])
        _ = connection.sendRequest(method: LSPMethod.registerCapability, params: RegistrationParams(registrations: [registration]).json) { [self] result in
            if case .failure(let error) = result {
                queue.async { self.log(.warning, "the client refused file watching: \(error.message)") }
            }
        }
    }
}
