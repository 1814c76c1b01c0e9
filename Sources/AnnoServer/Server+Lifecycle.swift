import AnnoCatalogue
import AnnoJSON
import AnnoProtocol
import AnnoSyntax
import AnnoWorkspace

/// Settings an editor may pass in `initializationOptions` or `workspace/didChangeConfiguration`
/// (under "anno"): catalogues added to every note's (spec/lsp.md).
struct ServerSettings: Equatable {
    var catalogues: [String] = []

    /// Reads `{"catalogues": [...]}` or `{"anno": {"catalogues": [...]}}`; relative paths resolve
    /// against `base` (the first workspace folder).
    static func parse(_ json: JSONValue?, base: String?) throws -> ServerSettings? {
        guard var json, !json.isNull else { return nil }
        if let nested = json["anno"], nested.objectValue != nil { json = nested }
        guard json.objectValue != nil else { return nil }
        guard let list = json["catalogues"] else { return ServerSettings() }
        guard let items = list.arrayValue else { throw LSPDecodingError("anno.catalogues: expected an array of paths") }
        var settings = ServerSettings()
        for (i, item) in items.enumerated() {
            guard let path = item.stringValue else { throw LSPDecodingError("anno.catalogues[\(i)]: expected a path string") }
            settings.catalogues.append(Paths.resolve(path, against: base ?? Paths.currentDirectory()))
        }
        return settings
    }
}

extension LanguageServer {
    static let triggerCharacters = ["[", " ", "|"]

    func initialize(_ params: InitializeParams) throws -> JSONValue {
        capabilities = params.capabilities
        // The client lists encodings in order of preference; UTF-16 is the default and the fallback.
        let offered = params.capabilities.positionEncodings
        let chosen = offered.first { $0 == .utf8 || $0 == .utf16 || $0 == .utf32 } ?? .utf16
        switch chosen {
        case .utf8: unit = .utf8
        case .utf32: unit = .utf32
        default: unit = .utf16
        }
        if let folders = params.workspaceFolders, !folders.isEmpty {
            workspaceFolders = folders.compactMap { FileURI.path($0.uri) }
        } else if let root = params.rootUri.flatMap(FileURI.path) ?? params.rootPath {
            workspaceFolders = [root]
        }
        if let options = try ServerSettings.parse(params.initializationOptions, base: workspaceFolders.first) {
            settings = options
        }
        resolver = ProjectResolver(extraCatalogues: settings.catalogues)
        lifecycle = .running

        let pull = capabilities.pullDiagnostics
        let caps = ServerCapabilities(
            positionEncoding: chosen, textDocumentSync: .incremental, saveIncludesText: false,
            completionProvider: true, completionTriggerCharacters: LanguageServer.triggerCharacters, completionResolveProvider: true,
            hoverProvider: true, codeActionProvider: true, codeActionKinds: [.quickFix, .sourceFixAllAnno],
            executeCommands: LanguageServer.commands,
            diagnosticProvider: pull, diagnosticIdentifier: pull ? "anno" : nil, workspaceDiagnostics: pull,
            navigation: LanguageServer.navigationCapabilities)
        return InitializeResult(capabilities: caps, serverInfo: ServerInfo(name: "anno", version: ServerVersion.string)).json
    }

    func initialized() {
        // Load the catalogues now rather than on the first keystroke, and say what is wrong with them.
        for folder in workspaceFolders.isEmpty ? [Paths.currentDirectory()] : workspaceFolders {
            _ = context(forDirectory: folder)
        }
        registerFileWatchers()
        startIndexing()
    }
}

public enum ServerVersion {
    public static let string = AnnoVersion.string
}

extension LanguageServer {
    /// What issue 5 added: definition, references, symbols, links, folding, semantic tokens.
    static let navigationCapabilities: NavigationCapabilities = {
        var caps = NavigationCapabilities()
        caps.definitionProvider = true
        caps.referencesProvider = true
        caps.documentSymbolProvider = true
        caps.workspaceSymbolProvider = true
        caps.documentLinkProvider = true
        caps.foldingRangeProvider = true
        caps.semanticTokensLegend = CitationTokens.legend
        return caps
    }()
}
