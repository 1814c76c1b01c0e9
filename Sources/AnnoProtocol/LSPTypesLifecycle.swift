import AnnoJSON

/// The unit of `Position.character`, negotiated at initialize. An open set: clients may list
/// kinds this server does not know.
public struct PositionEncodingKind: StringCodedValue {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Bytes of UTF-8.
    public static let utf8 = PositionEncodingKind(rawValue: "utf-8")
    /// UTF-16 code units: LSP's default, the one every client supports.
    public static let utf16 = PositionEncodingKind(rawValue: "utf-16")
    /// Unicode scalars.
    public static let utf32 = PositionEncodingKind(rawValue: "utf-32")
}

public struct WorkspaceFolder: JSONConvertible, Hashable {
    public var uri: String
    public var name: String

    public init(uri: String, name: String) {
        self.uri = uri
        self.name = name
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        uri = try f("uri")
        name = try f("name")
    }

    public var json: JSONValue { ["uri": JSONValue(uri), "name": JSONValue(name)] }
}

/// The client capabilities Anno acts on, flattened. They are read leniently: a capability of
/// an unexpected shape counts as absent, since an odd client must still initialize. `raw`
/// keeps the whole object as received, for anything else (empty for values built in code).
public struct ClientCapabilities: JSONConvertible, Hashable {
    /// general.positionEncodings, in the client's order of preference.
    public var positionEncodings: [PositionEncodingKind] = []
    /// textDocument.hover.contentFormat
    public var hoverContentFormat: [MarkupKind] = []
    /// textDocument.completion.completionItem.snippetSupport
    public var completionSnippetSupport = false
    /// textDocument.completion.completionItem.labelDetailsSupport
    public var completionLabelDetailsSupport = false
    /// textDocument.completion.completionItem.documentationFormat
    public var completionDocumentationFormat: [MarkupKind] = []
    /// textDocument.completion.completionItem.resolveSupport.properties: what the client lets the
    /// server leave out of completion items and fill in on `completionItem/resolve`.
    public var completionResolveProperties: [String] = []
    /// textDocument.completion.completionList.itemDefaults: the item members a completion list
    /// may give once for all its items (LSP 3.17).
    public var completionListItemDefaults: [String] = []
    /// textDocument.publishDiagnostics.versionSupport
    public var publishDiagnosticsVersionSupport = false
    /// textDocument.diagnostic is present: the client can pull diagnostics.
    public var pullDiagnostics = false
    /// workspace.didChangeWatchedFiles.dynamicRegistration
    public var didChangeWatchedFilesDynamicRegistration = false
    /// workspace.configuration: the client answers workspace/configuration.
    public var workspaceConfiguration = false
    /// window.workDoneProgress
    public var workDoneProgress = false
    public var raw: JSONValue = [:]

    public init() {}

    public init(json: JSONValue, path: String) throws {
        _ = try Fields(json, path: path)
        raw = json
        func flag(_ value: JSONValue?) -> Bool { value?.boolValue ?? false }
        func markupKinds(_ value: JSONValue?) -> [MarkupKind] {
            (value?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(MarkupKind.init(rawValue:)) }
        }
        positionEncodings = (json["general"]?["positionEncodings"]?.arrayValue ?? [])
            .compactMap { $0.stringValue.map(PositionEncodingKind.init(rawValue:)) }
        let textDocument = json["textDocument"]
        hoverContentFormat = markupKinds(textDocument?["hover"]?["contentFormat"])
        let completionItem = textDocument?["completion"]?["completionItem"]
        completionSnippetSupport = flag(completionItem?["snippetSupport"])
        completionLabelDetailsSupport = flag(completionItem?["labelDetailsSupport"])
        completionDocumentationFormat = markupKinds(completionItem?["documentationFormat"])
        completionResolveProperties = (completionItem?["resolveSupport"]?["properties"]?.arrayValue ?? []).compactMap(\.stringValue)
        completionListItemDefaults = (textDocument?["completion"]?["completionList"]?["itemDefaults"]?.arrayValue ?? []).compactMap(\.stringValue)
        publishDiagnosticsVersionSupport = flag(textDocument?["publishDiagnostics"]?["versionSupport"])
        pullDiagnostics = textDocument?["diagnostic"]?.objectValue != nil
        let workspace = json["workspace"]
        didChangeWatchedFilesDynamicRegistration = flag(workspace?["didChangeWatchedFiles"]?["dynamicRegistration"])
        workspaceConfiguration = flag(workspace?["configuration"])
        workDoneProgress = flag(json["window"]?["workDoneProgress"])
    }

    /// `raw` when decoded; otherwise the nested LSP form of the fields above.
    public var json: JSONValue {
        if raw != [:] { return raw }
        var textDocument: [String: JSONValue] = [
            "hover": ["contentFormat": hoverContentFormat.json],
            "completion": [
                "completionItem": [
                    "snippetSupport": .bool(completionSnippetSupport),
                    "labelDetailsSupport": .bool(completionLabelDetailsSupport),
                    "documentationFormat": completionDocumentationFormat.json,
                    "resolveSupport": ["properties": .array(completionResolveProperties.map { .string($0) })],
                ],
                "completionList": ["itemDefaults": .array(completionListItemDefaults.map { .string($0) })],
            ],
            "publishDiagnostics": ["versionSupport": .bool(publishDiagnosticsVersionSupport)],
        ]
        if pullDiagnostics { textDocument["diagnostic"] = [:] }
        return [
            "general": ["positionEncodings": positionEncodings.json],
            "textDocument": .object(textDocument),
            "workspace": [
                "didChangeWatchedFiles": ["dynamicRegistration": .bool(didChangeWatchedFilesDynamicRegistration)],
                "configuration": .bool(workspaceConfiguration),
            ],
            "window": ["workDoneProgress": .bool(workDoneProgress)],
        ]
    }
}

public struct ClientInfo: JSONConvertible, Hashable {
    public var name: String
    public var version: String?

    public init(name: String, version: String? = nil) {
        self.name = name
        self.version = version
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        name = try f("name")
        version = try f("version")
    }

    public var json: JSONValue { .lspObject(["name": name, "version": version]) }
}

public struct InitializeParams: JSONConvertible, Hashable {
    /// Null when the client was not started by another process.
    public var processId: Int?
    public var clientInfo: ClientInfo?
    public var rootUri: String?
    /// Deprecated in favour of `rootUri` and `workspaceFolders`, still sent by some clients.
    public var rootPath: String?
    public var workspaceFolders: [WorkspaceFolder]?
    public var initializationOptions: JSONValue?
    public var capabilities: ClientCapabilities

    public init(processId: Int? = nil, clientInfo: ClientInfo? = nil, rootUri: String? = nil, rootPath: String? = nil,
                workspaceFolders: [WorkspaceFolder]? = nil, initializationOptions: JSONValue? = nil,
                capabilities: ClientCapabilities = ClientCapabilities()) {
        self.processId = processId
        self.clientInfo = clientInfo
        self.rootUri = rootUri
        self.rootPath = rootPath
        self.workspaceFolders = workspaceFolders
        self.initializationOptions = initializationOptions
        self.capabilities = capabilities
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        processId = try f("processId")
        clientInfo = try f("clientInfo")
        rootUri = try f("rootUri")
        rootPath = try f("rootPath")
        workspaceFolders = try f("workspaceFolders")
        initializationOptions = try f("initializationOptions")
        // Required by LSP, but a missing object is treated as "no capabilities".
        capabilities = try f("capabilities") ?? ClientCapabilities()
    }

    /// `processId` and `rootUri` are nullable in LSP and written as null when absent.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "processId": processId.map { JSONValue($0) } ?? .null,
            "rootUri": rootUri.map { JSONValue($0) } ?? .null,
            "capabilities": capabilities.json,
        ]
        object["clientInfo"] = clientInfo?.json
        object["rootPath"] = rootPath.map { JSONValue($0) }
        object["workspaceFolders"] = workspaceFolders?.json
        object["initializationOptions"] = initializationOptions
        return .object(object)
    }
}

/// How the client sends document changes.
public enum TextDocumentSyncKind: Int, IntegerCodedEnum, Hashable {
    case none = 0
    case full = 1
    case incremental = 2
}

/// The capabilities Anno announces; only the ones it implements.
public struct ServerCapabilities: JSONConvertible, Hashable {
    public var positionEncoding: PositionEncodingKind?
    public var textDocumentSync: TextDocumentSyncKind?
    /// Ask the client to send text on save.
    public var saveIncludesText: Bool?
    public var completionTriggerCharacters: [String]?
    public var completionResolveProvider: Bool?
    public var completionProvider: Bool
    public var hoverProvider: Bool
    public var codeActionKinds: [CodeActionKind]?
    public var codeActionProvider: Bool
    public var executeCommands: [String]?
    /// Pull diagnostics (`textDocument/diagnostic`), with the `identifier` to use.
    public var diagnosticIdentifier: String?
    public var diagnosticProvider: Bool
    /// `diagnosticProvider.workspaceDiagnostics`: the server answers `workspace/diagnostic`.
    public var workspaceDiagnostics: Bool
    public var navigation: NavigationCapabilities

    public init(positionEncoding: PositionEncodingKind? = nil, textDocumentSync: TextDocumentSyncKind? = nil,
                saveIncludesText: Bool? = nil, completionProvider: Bool = false,
                completionTriggerCharacters: [String]? = nil, completionResolveProvider: Bool? = nil,
                hoverProvider: Bool = false, codeActionProvider: Bool = false, codeActionKinds: [CodeActionKind]? = nil,
                executeCommands: [String]? = nil, diagnosticProvider: Bool = false, diagnosticIdentifier: String? = nil,
                workspaceDiagnostics: Bool = false, navigation: NavigationCapabilities = NavigationCapabilities()) {
        self.workspaceDiagnostics = workspaceDiagnostics
        self.navigation = navigation
        self.positionEncoding = positionEncoding
        self.textDocumentSync = textDocumentSync
        self.saveIncludesText = saveIncludesText
        self.completionProvider = completionProvider
        self.completionTriggerCharacters = completionTriggerCharacters
        self.completionResolveProvider = completionResolveProvider
        self.hoverProvider = hoverProvider
        self.codeActionProvider = codeActionProvider
        self.codeActionKinds = codeActionKinds
        self.executeCommands = executeCommands
        self.diagnosticProvider = diagnosticProvider
        self.diagnosticIdentifier = diagnosticIdentifier
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        positionEncoding = try f("positionEncoding")
        if let sync = json["textDocumentSync"], sync.objectValue != nil {
            let s = try Fields(sync, path: Fields.join(path, "textDocumentSync"))
            textDocumentSync = try s("change")
            if let save = sync["save"], save.objectValue != nil {
                saveIncludesText = try Fields(save, path: Fields.join(s.path, "save"))("includeText")
            }
        } else {
            textDocumentSync = try f("textDocumentSync")
        }
        let completion = json["completionProvider"]
        completionProvider = completion.map { $0.objectValue != nil || $0.boolValue == true } ?? false
        completionTriggerCharacters = try completion?.objectValue.map { try Fields(.object($0), path: "completionProvider")("triggerCharacters") } ?? nil
        completionResolveProvider = completion?["resolveProvider"]?.boolValue
        hoverProvider = json["hoverProvider"].map { $0.objectValue != nil || $0.boolValue == true } ?? false
        let codeAction = json["codeActionProvider"]
        codeActionProvider = codeAction.map { $0.objectValue != nil || $0.boolValue == true } ?? false
        codeActionKinds = try codeAction?.objectValue.map { try Fields(.object($0), path: "codeActionProvider")("codeActionKinds") } ?? nil
        executeCommands = try json["executeCommandProvider"]?.objectValue.map { try Fields(.object($0), path: "executeCommandProvider")("commands") } ?? nil
        let diagnostic = json["diagnosticProvider"]
        diagnosticProvider = diagnostic?.objectValue != nil
        diagnosticIdentifier = diagnostic?["identifier"]?.stringValue
        workspaceDiagnostics = diagnostic?["workspaceDiagnostics"]?.boolValue ?? false
        navigation = try NavigationCapabilities(json: json, path: path)
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [:]
        object["positionEncoding"] = positionEncoding?.json
        if let textDocumentSync {
            var sync: [String: JSONValue] = ["openClose": true, "change": textDocumentSync.json]
            if let saveIncludesText { sync["save"] = ["includeText": .bool(saveIncludesText)] }
            object["textDocumentSync"] = .object(sync)
        }
        if completionProvider {
            object["completionProvider"] = .lspObject([
                "triggerCharacters": completionTriggerCharacters, "resolveProvider": completionResolveProvider,
            ])
        }
        if hoverProvider { object["hoverProvider"] = true }
        if codeActionProvider {
            object["codeActionProvider"] = codeActionKinds.map { ["codeActionKinds": $0.json] } ?? true
        }
        if let executeCommands { object["executeCommandProvider"] = ["commands": executeCommands.json] }
        if diagnosticProvider {
            object["diagnosticProvider"] = .lspObject([
                "identifier": diagnosticIdentifier, "interFileDependencies": false, "workspaceDiagnostics": workspaceDiagnostics,
            ])
        }
        if case .object(let more) = navigation.json { object.merge(more) { current, _ in current } }
        return .object(object)
    }
}

public struct ServerInfo: JSONConvertible, Hashable {
    public var name: String
    public var version: String?

    public init(name: String, version: String? = nil) {
        self.name = name
        self.version = version
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        name = try f("name")
        version = try f("version")
    }

    public var json: JSONValue { .lspObject(["name": name, "version": version]) }
}

public struct InitializeResult: JSONConvertible, Hashable {
    public var capabilities: ServerCapabilities
    public var serverInfo: ServerInfo?

    public init(capabilities: ServerCapabilities, serverInfo: ServerInfo? = nil) {
        self.capabilities = capabilities
        self.serverInfo = serverInfo
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        capabilities = try f("capabilities")
        serverInfo = try f("serverInfo")
    }

    public var json: JSONValue { .lspObject(["capabilities": capabilities, "serverInfo": serverInfo]) }
}
