import AnnoJSON

public struct TextDocumentItem: JSONConvertible, Hashable {
    public var uri: String
    public var languageId: String
    public var version: Int
    public var text: String

    public init(uri: String, languageId: String, version: Int, text: String) {
        self.uri = uri
        self.languageId = languageId
        self.version = version
        self.text = text
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        uri = try f("uri")
        languageId = try f("languageId")
        version = try f("version")
        text = try f("text")
    }

    public var json: JSONValue {
        ["uri": JSONValue(uri), "languageId": JSONValue(languageId), "version": JSONValue(version), "text": JSONValue(text)]
    }
}

/// One edit of a `didChange`: with a range it replaces that range, without one the whole text.
public struct TextDocumentContentChangeEvent: JSONConvertible, Hashable {
    public var range: LSPRange?
    /// Deprecated in LSP; read for completeness, never relied on.
    public var rangeLength: Int?
    public var text: String

    public init(range: LSPRange? = nil, rangeLength: Int? = nil, text: String) {
        self.range = range
        self.rangeLength = rangeLength
        self.text = text
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        range = try f("range")
        rangeLength = try f("rangeLength")
        text = try f("text")
    }

    public var json: JSONValue { .lspObject(["range": range, "rangeLength": rangeLength, "text": text]) }
}

public struct DidOpenTextDocumentParams: JSONConvertible, Hashable {
    public var textDocument: TextDocumentItem

    public init(textDocument: TextDocumentItem) { self.textDocument = textDocument }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        textDocument = try f("textDocument")
    }

    public var json: JSONValue { ["textDocument": textDocument.json] }
}

public struct DidChangeTextDocumentParams: JSONConvertible, Hashable {
    public var textDocument: VersionedTextDocumentIdentifier
    public var contentChanges: [TextDocumentContentChangeEvent]

    public init(textDocument: VersionedTextDocumentIdentifier, contentChanges: [TextDocumentContentChangeEvent]) {
        self.textDocument = textDocument
        self.contentChanges = contentChanges
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        textDocument = try f("textDocument")
        contentChanges = try f("contentChanges")
    }

    public var json: JSONValue { ["textDocument": textDocument.json, "contentChanges": contentChanges.json] }
}

public struct DidCloseTextDocumentParams: JSONConvertible, Hashable {
    public var textDocument: TextDocumentIdentifier

    public init(textDocument: TextDocumentIdentifier) { self.textDocument = textDocument }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        textDocument = try f("textDocument")
    }

    public var json: JSONValue { ["textDocument": textDocument.json] }
}

public struct DidSaveTextDocumentParams: JSONConvertible, Hashable {
    public var textDocument: TextDocumentIdentifier
    /// Present only when the server asked for `includeText`.
    public var text: String?

    public init(textDocument: TextDocumentIdentifier, text: String? = nil) {
        self.textDocument = textDocument
        self.text = text
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        textDocument = try f("textDocument")
        text = try f("text")
    }

    public var json: JSONValue { .lspObject(["textDocument": textDocument, "text": text]) }
}
