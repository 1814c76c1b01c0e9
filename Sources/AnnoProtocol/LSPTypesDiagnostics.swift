import AnnoJSON

public enum DiagnosticSeverity: Int, IntegerCodedEnum, Hashable, Comparable {
    case error = 1
    case warning = 2
    case information = 3
    case hint = 4

    public static func < (a: DiagnosticSeverity, b: DiagnosticSeverity) -> Bool { a.rawValue < b.rawValue }
}

public enum DiagnosticTag: Int, IntegerCodedEnum, Hashable {
    case unnecessary = 1
    case deprecated = 2
}

/// A diagnostic code: LSP allows an integer or a string; Anno's are strings.
public enum DiagnosticCode: JSONConvertible, Hashable, ExpressibleByStringLiteral {
    case string(String)
    case number(Int)

    public init(stringLiteral value: String) { self = .string(value) }

    public init(json: JSONValue, path: String) throws {
        if let s = json.stringValue {
            self = .string(s)
        } else if let n = json.intValue {
            self = .number(n)
        } else {
            throw LSPDecodingError.wrongType(at: path, expected: "a string or an integer", found: json)
        }
    }

    public var json: JSONValue {
        switch self {
        case .string(let s): return .string(s)
        case .number(let n): return JSONValue(n)
        }
    }
}

public struct DiagnosticRelatedInformation: JSONConvertible, Hashable {
    public var location: Location
    public var message: String

    public init(location: Location, message: String) {
        self.location = location
        self.message = message
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        location = try f("location")
        message = try f("message")
    }

    public var json: JSONValue { ["location": location.json, "message": JSONValue(message)] }
}

/// LSP's `Diagnostic`, prefixed so it does not collide with the checker's own diagnostic type.
public struct LSPDiagnostic: JSONConvertible, Hashable {
    public var range: LSPRange
    public var severity: DiagnosticSeverity?
    public var code: DiagnosticCode?
    /// `codeDescription.href`: a link explaining the code.
    public var codeDescriptionHref: String?
    public var source: String?
    public var message: String
    public var tags: [DiagnosticTag]?
    public var relatedInformation: [DiagnosticRelatedInformation]?
    /// Returned by the client in code action requests; carries what a fix needs.
    public var data: JSONValue?

    public init(range: LSPRange, severity: DiagnosticSeverity? = nil, code: DiagnosticCode? = nil,
                codeDescriptionHref: String? = nil, source: String? = nil, message: String,
                tags: [DiagnosticTag]? = nil, relatedInformation: [DiagnosticRelatedInformation]? = nil,
                data: JSONValue? = nil) {
        self.range = range
        self.severity = severity
        self.code = code
        self.codeDescriptionHref = codeDescriptionHref
        self.source = source
        self.message = message
        self.tags = tags
        self.relatedInformation = relatedInformation
        self.data = data
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        range = try f("range")
        severity = try f("severity")
        code = try f("code")
        if let description = json["codeDescription"] {
            codeDescriptionHref = try Fields(description, path: Fields.join(path, "codeDescription"))("href")
        }
        source = try f("source")
        message = try f("message")
        tags = try f("tags")
        relatedInformation = try f("relatedInformation")
        data = try f("data")
    }

    /// Built member by member (not through `lspObject`): a note's diagnostics are encoded on
    /// every keystroke, hundreds at a time.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["range": range.json, "message": .string(message)]
        members.reserveCapacity(9)
        if let severity { members["severity"] = severity.json }
        if let code { members["code"] = code.json }
        if let codeDescriptionHref { members["codeDescription"] = .object(["href": .string(codeDescriptionHref)]) }
        if let source { members["source"] = .string(source) }
        if let tags { members["tags"] = tags.json }
        if let relatedInformation { members["relatedInformation"] = relatedInformation.json }
        if let data { members["data"] = data }
        return .object(members)
    }
}

public struct PublishDiagnosticsParams: JSONConvertible, Hashable {
    public var uri: String
    /// The document version the diagnostics are for; omitted when unknown.
    public var version: Int?
    public var diagnostics: [LSPDiagnostic]

    public init(uri: String, version: Int? = nil, diagnostics: [LSPDiagnostic]) {
        self.uri = uri
        self.version = version
        self.diagnostics = diagnostics
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        uri = try f("uri")
        version = try f("version")
        diagnostics = try f("diagnostics")
    }

    public var json: JSONValue { .lspObject(["uri": uri, "version": version, "diagnostics": diagnostics]) }
}

public struct DocumentDiagnosticParams: JSONConvertible, Hashable {
    public var textDocument: TextDocumentIdentifier
    public var identifier: String?
    public var previousResultId: String?

    public init(textDocument: TextDocumentIdentifier, identifier: String? = nil, previousResultId: String? = nil) {
        self.textDocument = textDocument
        self.identifier = identifier
        self.previousResultId = previousResultId
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        textDocument = try f("textDocument")
        identifier = try f("identifier")
        previousResultId = try f("previousResultId")
    }

    public var json: JSONValue {
        .lspObject(["textDocument": textDocument, "identifier": identifier, "previousResultId": previousResultId])
    }
}

/// The answer to `textDocument/diagnostic`: the full list, or "unchanged since `resultId`".
public enum DocumentDiagnosticReport: JSONConvertible, Hashable {
    case full(resultId: String?, items: [LSPDiagnostic])
    case unchanged(resultId: String)

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        let kind: String = try f("kind")
        switch kind {
        case "full": self = .full(resultId: try f("resultId"), items: try f("items"))
        case "unchanged": self = .unchanged(resultId: try f("resultId"))
        default: throw LSPDecodingError("\(Fields.join(path, "kind")): unknown report kind '\(kind)'")
        }
    }

    public var json: JSONValue {
        switch self {
        case .full(let resultId, let items):
            return .lspObject(["kind": "full", "resultId": resultId, "items": items])
        case .unchanged(let resultId):
            return ["kind": "unchanged", "resultId": .string(resultId)]
        }
    }
}
