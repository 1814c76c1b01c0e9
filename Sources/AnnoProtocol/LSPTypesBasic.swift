import AnnoJSON

/// A position in a document, zero-based.
///
/// `character` keeps LSP's name, but its unit is the position encoding negotiated at
/// initialize (`PositionEncodingKind`): UTF-16 code units by default, or UTF-8 bytes or UTF-32
/// scalars. Convert at the protocol edge with the document's line table.
public struct Position: JSONConvertible, Hashable, Comparable {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        line = try f.unsigned("line")
        character = try f.unsigned("character")
    }

    public var json: JSONValue { ["line": JSONValue(line), "character": JSONValue(character)] }

    public static func < (a: Position, b: Position) -> Bool {
        (a.line, a.character) < (b.line, b.character)
    }
}

/// LSP's `Range`, renamed so it does not shadow `Swift.Range` in modules that import this one.
public struct LSPRange: JSONConvertible, Hashable {
    public var start: Position
    public var end: Position

    public init(start: Position, end: Position) {
        self.start = start
        self.end = end
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        start = try f("start")
        end = try f("end")
    }

    public var json: JSONValue { ["start": start.json, "end": end.json] }
}

public struct Location: JSONConvertible, Hashable {
    public var uri: String
    public var range: LSPRange

    public init(uri: String, range: LSPRange) {
        self.uri = uri
        self.range = range
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        uri = try f("uri")
        range = try f("range")
    }

    public var json: JSONValue { ["uri": JSONValue(uri), "range": range.json] }
}

public struct TextDocumentIdentifier: JSONConvertible, Hashable {
    public var uri: String

    public init(uri: String) { self.uri = uri }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        uri = try f("uri")
    }

    public var json: JSONValue { ["uri": JSONValue(uri)] }
}

public struct VersionedTextDocumentIdentifier: JSONConvertible, Hashable {
    public var uri: String
    public var version: Int

    public init(uri: String, version: Int) {
        self.uri = uri
        self.version = version
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        uri = try f("uri")
        version = try f("version")
    }

    public var json: JSONValue { ["uri": JSONValue(uri), "version": JSONValue(version)] }
}

public struct TextDocumentPositionParams: JSONConvertible, Hashable {
    public var textDocument: TextDocumentIdentifier
    public var position: Position

    public init(textDocument: TextDocumentIdentifier, position: Position) {
        self.textDocument = textDocument
        self.position = position
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        textDocument = try f("textDocument")
        position = try f("position")
    }

    public var json: JSONValue { ["textDocument": textDocument.json, "position": position.json] }
}

public struct TextEdit: JSONConvertible, Hashable {
    public var range: LSPRange
    public var newText: String

    public init(range: LSPRange, newText: String) {
        self.range = range
        self.newText = newText
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        range = try f("range")
        newText = try f("newText")
    }

    public var json: JSONValue { ["range": range.json, "newText": JSONValue(newText)] }
}

/// Edits keyed by document URI (the `changes` form; Anno does not use `documentChanges`).
public struct WorkspaceEdit: JSONConvertible, Hashable {
    public var changes: [String: [TextEdit]]

    public init(changes: [String: [TextEdit]]) { self.changes = changes }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        changes = try f("changes") ?? [:]
    }

    public var json: JSONValue { ["changes": changes.json] }
}

public enum MarkupKind: String, JSONConvertible, Hashable {
    case plaintext
    case markdown

    public init(json: JSONValue, path: String) throws {
        let raw = try String(json: json, path: path)
        guard let kind = MarkupKind(rawValue: raw) else {
            throw LSPDecodingError("\(path.isEmpty ? "params" : path): unknown markup kind '\(raw)'")
        }
        self = kind
    }

    public var json: JSONValue { .string(rawValue) }
}

public struct MarkupContent: JSONConvertible, Hashable {
    public var kind: MarkupKind
    public var value: String

    public init(kind: MarkupKind, value: String) {
        self.kind = kind
        self.value = value
    }

    /// Also accepts a bare string (the older `MarkedString` form) as plain text.
    public init(json: JSONValue, path: String) throws {
        if let text = json.stringValue {
            self.init(kind: .plaintext, value: text)
            return
        }
        let f = try Fields(json, path: path)
        self.init(kind: try f("kind"), value: try f("value"))
    }

    public var json: JSONValue { ["kind": kind.json, "value": JSONValue(value)] }
}

/// A command shown in the UI and run through `workspace/executeCommand`.
public struct Command: JSONConvertible, Hashable {
    public var title: String
    public var command: String
    public var arguments: [JSONValue]?

    public init(title: String, command: String, arguments: [JSONValue]? = nil) {
        self.title = title
        self.command = command
        self.arguments = arguments
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        title = try f("title")
        command = try f("command")
        arguments = try f("arguments")
    }

    public var json: JSONValue {
        .lspObject(["title": title, "command": command, "arguments": arguments])
    }
}
