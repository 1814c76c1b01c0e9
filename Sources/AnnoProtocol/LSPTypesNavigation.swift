import AnnoJSON

// Navigation and workspace-wide features: definition, references, symbols, links, semantic
// tokens, folding ranges, workspace diagnostics, work-done progress (LSP 3.17).

extension LSPMethod {
    public static let definition = "textDocument/definition"
    public static let references = "textDocument/references"
    public static let documentSymbol = "textDocument/documentSymbol"
    public static let workspaceSymbol = "workspace/symbol"
    public static let documentLink = "textDocument/documentLink"
    public static let semanticTokensFull = "textDocument/semanticTokens/full"
    public static let semanticTokensRange = "textDocument/semanticTokens/range"
    public static let foldingRange = "textDocument/foldingRange"
    public static let workspaceDiagnostic = "workspace/diagnostic"
    public static let workspaceDiagnosticRefresh = "workspace/diagnostic/refresh"
    public static let workDoneProgressCreate = "window/workDoneProgress/create"
    public static let progress = "$/progress"
}

// MARK: - Definition and references

/// `textDocument/definition` takes the plain position params.
public typealias DefinitionParams = TextDocumentPositionParams

public struct ReferenceParams: JSONConvertible, Hashable {
    public var textDocument: TextDocumentIdentifier
    public var position: Position
    /// Whether the declaration (for Anno: the catalogue entry) is listed too.
    public var includeDeclaration: Bool

    public init(textDocument: TextDocumentIdentifier, position: Position, includeDeclaration: Bool = false) {
        self.textDocument = textDocument
        self.position = position
        self.includeDeclaration = includeDeclaration
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        textDocument = try f("textDocument")
        position = try f("position")
        if let context = json["context"], !context.isNull {
            includeDeclaration = try Fields(context, path: Fields.join(path, "context"))("includeDeclaration") ?? false
        } else {
            includeDeclaration = false
        }
    }

    public var json: JSONValue {
        ["textDocument": textDocument.json, "position": position.json, "context": ["includeDeclaration": .bool(includeDeclaration)]]
    }
}

// MARK: - Requests about one document as a whole

/// Params of requests that name only a document (symbols, links, folding, semantic tokens).
public struct DocumentOnlyParams: JSONConvertible, Hashable {
    public var textDocument: TextDocumentIdentifier

    public init(textDocument: TextDocumentIdentifier) { self.textDocument = textDocument }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        textDocument = try f("textDocument")
    }

    public var json: JSONValue { ["textDocument": textDocument.json] }
}

public typealias DocumentSymbolParams = DocumentOnlyParams
public typealias DocumentLinkParams = DocumentOnlyParams
public typealias FoldingRangeParams = DocumentOnlyParams
public typealias SemanticTokensParams = DocumentOnlyParams

public struct SemanticTokensRangeParams: JSONConvertible, Hashable {
    public var textDocument: TextDocumentIdentifier
    public var range: LSPRange

    public init(textDocument: TextDocumentIdentifier, range: LSPRange) {
        self.textDocument = textDocument
        self.range = range
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        textDocument = try f("textDocument")
        range = try f("range")
    }

    public var json: JSONValue { ["textDocument": textDocument.json, "range": range.json] }
}

public struct WorkspaceSymbolParams: JSONConvertible, Hashable {
    public var query: String

    public init(query: String) { self.query = query }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        query = try f("query") ?? ""
    }

    public var json: JSONValue { ["query": .string(query)] }
}

// MARK: - Symbols

public struct SymbolKind: RawRepresentable, IntegerCodedEnum, Hashable {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let file = SymbolKind(rawValue: 1)
    public static let module = SymbolKind(rawValue: 2)
    public static let namespace = SymbolKind(rawValue: 3)
    public static let string = SymbolKind(rawValue: 15)
    public static let key = SymbolKind(rawValue: 20)
    public static let event = SymbolKind(rawValue: 24)
}

/// One node of a document's outline (the hierarchical answer to `textDocument/documentSymbol`).
public struct DocumentSymbol: JSONConvertible, Hashable {
    /// Never empty (VS Code rejects empty names).
    public var name: String
    public var detail: String?
    public var kind: SymbolKind
    /// The whole symbol (a section, a citation).
    public var range: LSPRange
    /// What to select when jumping to it; inside `range`.
    public var selectionRange: LSPRange
    public var children: [DocumentSymbol]?

    public init(name: String, detail: String? = nil, kind: SymbolKind, range: LSPRange, selectionRange: LSPRange, children: [DocumentSymbol]? = nil) {
        self.name = name
        self.detail = detail
        self.kind = kind
        self.range = range
        self.selectionRange = selectionRange
        self.children = children
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        name = try f("name")
        detail = try f("detail")
        kind = try f("kind")
        range = try f("range")
        selectionRange = try f("selectionRange")
        children = try f("children")
    }

    public var json: JSONValue {
        .lspObject(["name": name, "detail": detail, "kind": kind, "range": range, "selectionRange": selectionRange, "children": children])
    }
}

/// The flat form of a symbol: for clients without hierarchical document symbols, and for
/// `workspace/symbol`.
public struct SymbolInformation: JSONConvertible, Hashable {
    public var name: String
    public var kind: SymbolKind
    public var location: Location
    public var containerName: String?

    public init(name: String, kind: SymbolKind, location: Location, containerName: String? = nil) {
        self.name = name
        self.kind = kind
        self.location = location
        self.containerName = containerName
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        name = try f("name")
        kind = try f("kind")
        location = try f("location")
        containerName = try f("containerName")
    }

    public var json: JSONValue { .lspObject(["name": name, "kind": kind, "location": location, "containerName": containerName]) }
}

// MARK: - Links

public struct DocumentLink: JSONConvertible, Hashable {
    public var range: LSPRange
    public var target: String?
    public var tooltip: String?

    public init(range: LSPRange, target: String? = nil, tooltip: String? = nil) {
        self.range = range
        self.target = target
        self.tooltip = tooltip
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        range = try f("range")
        target = try f("target")
        tooltip = try f("tooltip")
    }

    public var json: JSONValue { .lspObject(["range": range, "target": target, "tooltip": tooltip]) }
}

// MARK: - Semantic tokens

public struct SemanticTokensLegend: JSONConvertible, Hashable {
    public var tokenTypes: [String]
    public var tokenModifiers: [String]

    public init(tokenTypes: [String], tokenModifiers: [String]) {
        self.tokenTypes = tokenTypes
        self.tokenModifiers = tokenModifiers
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        tokenTypes = try f("tokenTypes")
        tokenModifiers = try f("tokenModifiers")
    }

    public var json: JSONValue { ["tokenTypes": tokenTypes.json, "tokenModifiers": tokenModifiers.json] }
}

/// Tokens as LSP encodes them: five integers each (delta line, delta start, length, type,
/// modifier bits), relative to the previous token.
public struct SemanticTokens: JSONConvertible, Hashable {
    public var resultId: String?
    public var data: [Int]

    public init(resultId: String? = nil, data: [Int]) {
        self.resultId = resultId
        self.data = data
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        resultId = try f("resultId")
        data = try f("data")
    }

    public var json: JSONValue { .lspObject(["resultId": resultId, "data": data]) }
}

// MARK: - Folding

public struct FoldingRange: JSONConvertible, Hashable {
    public var startLine: Int
    public var endLine: Int
    /// "comment", "imports", "region"; nil for an ordinary fold.
    public var kind: String?

    public init(startLine: Int, endLine: Int, kind: String? = nil) {
        self.startLine = startLine
        self.endLine = endLine
        self.kind = kind
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        startLine = try f.unsigned("startLine")
        endLine = try f.unsigned("endLine")
        kind = try f("kind")
    }

    public var json: JSONValue { .lspObject(["startLine": startLine, "endLine": endLine, "kind": kind]) }
}

// MARK: - Workspace diagnostics

public struct PreviousResultID: JSONConvertible, Hashable {
    public var uri: String
    public var value: String

    public init(uri: String, value: String) {
        self.uri = uri
        self.value = value
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        uri = try f("uri")
        value = try f("value")
    }

    public var json: JSONValue { ["uri": .string(uri), "value": .string(value)] }
}

public struct WorkspaceDiagnosticParams: JSONConvertible, Hashable {
    public var identifier: String?
    public var previousResultIds: [PreviousResultID]

    public init(identifier: String? = nil, previousResultIds: [PreviousResultID] = []) {
        self.identifier = identifier
        self.previousResultIds = previousResultIds
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        identifier = try f("identifier")
        previousResultIds = try f("previousResultIds") ?? []
    }

    public var json: JSONValue { .lspObject(["identifier": identifier, "previousResultIds": previousResultIds]) }
}

/// One document's report in a workspace diagnostic answer: a document report plus its `uri`
/// and `version` (null for a note that is not open).
public struct WorkspaceDocumentDiagnosticReport: JSONConvertible, Hashable {
    public var uri: String
    public var version: Int?
    public var report: DocumentDiagnosticReport

    public init(uri: String, version: Int?, report: DocumentDiagnosticReport) {
        self.uri = uri
        self.version = version
        self.report = report
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        uri = try f("uri")
        version = try f("version")
        report = try DocumentDiagnosticReport(json: json, path: path)
    }

    public var json: JSONValue {
        guard case .object(var object) = report.json else { return report.json }
        object["uri"] = .string(uri)
        object["version"] = version.map { JSONValue($0) } ?? .null
        return .object(object)
    }
}

public struct WorkspaceDiagnosticReport: JSONConvertible, Hashable {
    public var items: [WorkspaceDocumentDiagnosticReport]

    public init(items: [WorkspaceDocumentDiagnosticReport]) { self.items = items }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        items = try f("items")
    }

    public var json: JSONValue { ["items": items.json] }
}

// MARK: - Work-done progress

public struct WorkDoneProgressCreateParams: JSONConvertible, Hashable {
    public var token: String

    public init(token: String) { self.token = token }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        token = try f("token")
    }

    public var json: JSONValue { ["token": .string(token)] }
}

/// `$/progress` for a work-done token: `begin`, any number of `report`s, then `end`.
public struct WorkDoneProgressParams: JSONConvertible, Hashable {
    public enum Value: Hashable, Sendable {
        case begin(title: String, message: String?, percentage: Int?)
        case report(message: String?, percentage: Int?)
        case end(message: String?)
    }

    public var token: String
    public var value: Value

    public init(token: String, value: Value) {
        self.token = token
        self.value = value
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        token = try f("token")
        let v = try Fields(f("value") as JSONValue, path: Fields.join(path, "value"))
        let kind: String = try v("kind")
        switch kind {
        case "begin": value = .begin(title: try v("title"), message: try v("message"), percentage: try v("percentage"))
        case "report": value = .report(message: try v("message"), percentage: try v("percentage"))
        case "end": value = .end(message: try v("message"))
        default: throw LSPDecodingError("\(Fields.join(path, "value.kind")): unknown progress kind '\(kind)'")
        }
    }

    public var json: JSONValue {
        let value: JSONValue
        switch self.value {
        case .begin(let title, let message, let percentage):
            value = .lspObject(["kind": "begin", "title": title, "cancellable": false, "message": message, "percentage": percentage])
        case .report(let message, let percentage):
            value = .lspObject(["kind": "report", "message": message, "percentage": percentage])
        case .end(let message):
            value = .lspObject(["kind": "end", "message": message])
        }
        return ["token": .string(token), "value": value]
    }
}

// MARK: - Methods of these params

extension ReferenceParams: LSPRequestParams {
    public typealias Response = [Location]
    public static let method = LSPMethod.references
}
extension SemanticTokensRangeParams: LSPRequestParams {
    public typealias Response = SemanticTokens
    public static let method = LSPMethod.semanticTokensRange
}
extension WorkspaceSymbolParams: LSPRequestParams {
    public typealias Response = [SymbolInformation]
    public static let method = LSPMethod.workspaceSymbol
}
extension WorkspaceDiagnosticParams: LSPRequestParams {
    public typealias Response = WorkspaceDiagnosticReport
    public static let method = LSPMethod.workspaceDiagnostic
}
extension WorkDoneProgressCreateParams: LSPRequestParams {
    public typealias Response = JSONValue
    public static let method = LSPMethod.workDoneProgressCreate
}
extension WorkDoneProgressParams: LSPNotificationParams { public static let method = LSPMethod.progress }

extension DocumentOnlyParams {
    /// Decodes params naming only a document; this one type serves several methods.
    public static func decode(_ params: JSONValue?) throws -> Self { try Self(json: params ?? [:]) }
}

// MARK: - Server capabilities of these features

/// The navigation providers a server announces, read from and written into the same
/// `ServerCapabilities` object (`definitionProvider`, `semanticTokensProvider`, …).
public struct NavigationCapabilities: JSONConvertible, Hashable {
    public var definitionProvider = false
    public var referencesProvider = false
    public var documentSymbolProvider = false
    public var workspaceSymbolProvider = false
    public var documentLinkProvider = false
    public var foldingRangeProvider = false
    /// Semantic tokens, full and range, with this legend; nil: none.
    public var semanticTokensLegend: SemanticTokensLegend?

    public init() {}

    public init(json: JSONValue, path: String) throws {
        _ = try Fields(json, path: path)
        func provided(_ key: String) -> Bool { json[key].map { $0.objectValue != nil || $0.boolValue == true } ?? false }
        definitionProvider = provided("definitionProvider")
        referencesProvider = provided("referencesProvider")
        documentSymbolProvider = provided("documentSymbolProvider")
        workspaceSymbolProvider = provided("workspaceSymbolProvider")
        documentLinkProvider = provided("documentLinkProvider")
        foldingRangeProvider = provided("foldingRangeProvider")
        if let legend = json["semanticTokensProvider"]?["legend"] {
            semanticTokensLegend = try SemanticTokensLegend(json: legend, path: Fields.join(path, "semanticTokensProvider.legend"))
        }
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [:]
        if definitionProvider { object["definitionProvider"] = true }
        if referencesProvider { object["referencesProvider"] = true }
        if documentSymbolProvider { object["documentSymbolProvider"] = true }
        if workspaceSymbolProvider { object["workspaceSymbolProvider"] = true }
        if documentLinkProvider { object["documentLinkProvider"] = ["resolveProvider": false] }
        if foldingRangeProvider { object["foldingRangeProvider"] = true }
        if let semanticTokensLegend {
            object["semanticTokensProvider"] = ["legend": semanticTokensLegend.json, "range": true, "full": true]
        }
        return .object(object)
    }
}
