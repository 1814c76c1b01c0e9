import AnnoJSON

// MARK: - Completion

public struct CompletionItemKind: RawRepresentable, IntegerCodedEnum, Hashable {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let text = CompletionItemKind(rawValue: 1)
    public static let function = CompletionItemKind(rawValue: 3)
    public static let field = CompletionItemKind(rawValue: 5)
    public static let variable = CompletionItemKind(rawValue: 6)
    public static let module = CompletionItemKind(rawValue: 9)
    public static let property = CompletionItemKind(rawValue: 10)
    public static let value = CompletionItemKind(rawValue: 12)
    public static let keyword = CompletionItemKind(rawValue: 14)
    public static let snippet = CompletionItemKind(rawValue: 15)
    public static let file = CompletionItemKind(rawValue: 17)
    public static let reference = CompletionItemKind(rawValue: 18)
    public static let folder = CompletionItemKind(rawValue: 19)
    public static let enumMember = CompletionItemKind(rawValue: 20)
    public static let constant = CompletionItemKind(rawValue: 21)
    public static let event = CompletionItemKind(rawValue: 23)
}

public enum InsertTextFormat: Int, IntegerCodedEnum, Hashable {
    case plainText = 1
    case snippet = 2
}

public struct CompletionItemLabelDetails: JSONConvertible, Hashable {
    /// Shown right after the label, e.g. a signature or a date range.
    public var detail: String?
    /// Shown less prominently, e.g. the archive's name.
    public var description: String?

    public init(detail: String? = nil, description: String? = nil) {
        self.detail = detail
        self.description = description
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        detail = try f("detail")
        description = try f("description")
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [:]
        if let detail { members["detail"] = .string(detail) }
        if let description { members["description"] = .string(description) }
        return .object(members)
    }
}

public struct CompletionItem: JSONConvertible, Hashable {
    public var label: String
    public var labelDetails: CompletionItemLabelDetails?
    public var kind: CompletionItemKind?
    public var detail: String?
    public var documentation: MarkupContent?
    public var filterText: String?
    public var sortText: String?
    public var insertText: String?
    public var textEdit: TextEdit?
    /// The edit's text when the list's `itemDefaults.editRange` gives its range (LSP 3.17).
    public var textEditText: String?
    /// Edits elsewhere in the document applied with the item (LSP requires `textEdit` to be on
    /// one line; a wrapped citation's other lines are replaced through these).
    public var additionalTextEdits: [TextEdit]?
    public var insertTextFormat: InsertTextFormat?
    public var preselect: Bool?
    /// Kept by the client and sent back on `completionItem/resolve`.
    public var data: JSONValue?

    public init(label: String, labelDetails: CompletionItemLabelDetails? = nil, kind: CompletionItemKind? = nil,
                detail: String? = nil, documentation: MarkupContent? = nil, filterText: String? = nil,
                sortText: String? = nil, insertText: String? = nil, textEdit: TextEdit? = nil,
                additionalTextEdits: [TextEdit]? = nil,
                insertTextFormat: InsertTextFormat? = nil, preselect: Bool? = nil, data: JSONValue? = nil,
                textEditText: String? = nil) {
        self.label = label
        self.labelDetails = labelDetails
        self.kind = kind
        self.detail = detail
        self.documentation = documentation
        self.filterText = filterText
        self.sortText = sortText
        self.insertText = insertText
        self.textEdit = textEdit
        self.textEditText = textEditText
        self.additionalTextEdits = additionalTextEdits
        self.insertTextFormat = insertTextFormat
        self.preselect = preselect
        self.data = data
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        label = try f("label")
        labelDetails = try f("labelDetails")
        kind = try f("kind")
        detail = try f("detail")
        documentation = try f("documentation")
        filterText = try f("filterText")
        sortText = try f("sortText")
        insertText = try f("insertText")
        textEdit = try f("textEdit")
        textEditText = try f("textEditText")
        additionalTextEdits = try f("additionalTextEdits")
        insertTextFormat = try f("insertTextFormat")
        preselect = try f("preselect")
        data = try f("data")
    }

    /// Built member by member (not through `lspObject`): completion sends 50 on every keystroke.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["label": .string(label)]
        members.reserveCapacity(13)
        if let labelDetails { members["labelDetails"] = labelDetails.json }
        if let kind { members["kind"] = kind.json }
        if let detail { members["detail"] = .string(detail) }
        if let documentation { members["documentation"] = documentation.json }
        if let filterText { members["filterText"] = .string(filterText) }
        if let sortText { members["sortText"] = .string(sortText) }
        if let insertText { members["insertText"] = .string(insertText) }
        if let textEdit { members["textEdit"] = textEdit.json }
        if let textEditText { members["textEditText"] = .string(textEditText) }
        if let additionalTextEdits { members["additionalTextEdits"] = additionalTextEdits.json }
        if let insertTextFormat { members["insertTextFormat"] = insertTextFormat.json }
        if let preselect { members["preselect"] = .bool(preselect) }
        if let data { members["data"] = data }
        return .object(members)
    }
}

/// Members given once for every item of a completion list (LSP 3.17 `itemDefaults`), for
/// clients that announce them in `completionList.itemDefaults`.
public struct CompletionItemDefaults: JSONConvertible, Hashable {
    /// The range of every item's edit; items then carry only `textEditText`.
    public var editRange: LSPRange?
    public var insertTextFormat: InsertTextFormat?

    public init(editRange: LSPRange? = nil, insertTextFormat: InsertTextFormat? = nil) {
        self.editRange = editRange
        self.insertTextFormat = insertTextFormat
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        editRange = try f("editRange")
        insertTextFormat = try f("insertTextFormat")
    }

    public var json: JSONValue { .lspObject(["editRange": editRange, "insertTextFormat": insertTextFormat]) }
}

public struct CompletionList: JSONConvertible, Hashable {
    /// True when typing more should ask the server again rather than filter on the client.
    public var isIncomplete: Bool
    public var itemDefaults: CompletionItemDefaults?
    public var items: [CompletionItem]

    public init(isIncomplete: Bool, itemDefaults: CompletionItemDefaults? = nil, items: [CompletionItem]) {
        self.isIncomplete = isIncomplete
        self.itemDefaults = itemDefaults
        self.items = items
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        isIncomplete = try f("isIncomplete")
        itemDefaults = try f("itemDefaults")
        items = try f("items")
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = ["isIncomplete": .bool(isIncomplete), "items": items.json]
        if let itemDefaults { members["itemDefaults"] = itemDefaults.json }
        return .object(members)
    }
}

public enum CompletionTriggerKind: Int, IntegerCodedEnum, Hashable {
    case invoked = 1
    case triggerCharacter = 2
    case triggerForIncompleteCompletions = 3
}

public struct CompletionContext: JSONConvertible, Hashable {
    public var triggerKind: CompletionTriggerKind
    public var triggerCharacter: String?

    public init(triggerKind: CompletionTriggerKind, triggerCharacter: String? = nil) {
        self.triggerKind = triggerKind
        self.triggerCharacter = triggerCharacter
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        triggerKind = try f("triggerKind")
        triggerCharacter = try f("triggerCharacter")
    }

    public var json: JSONValue { .lspObject(["triggerKind": triggerKind, "triggerCharacter": triggerCharacter]) }
}

public struct CompletionParams: JSONConvertible, Hashable {
    public var textDocument: TextDocumentIdentifier
    public var position: Position
    public var context: CompletionContext?

    public init(textDocument: TextDocumentIdentifier, position: Position, context: CompletionContext? = nil) {
        self.textDocument = textDocument
        self.position = position
        self.context = context
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        textDocument = try f("textDocument")
        position = try f("position")
        context = try f("context")
    }

    public var json: JSONValue { .lspObject(["textDocument": textDocument, "position": position, "context": context]) }
}

// MARK: - Hover

public typealias HoverParams = TextDocumentPositionParams

public struct Hover: JSONConvertible, Hashable {
    public var contents: MarkupContent
    public var range: LSPRange?

    public init(contents: MarkupContent, range: LSPRange? = nil) {
        self.contents = contents
        self.range = range
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        contents = try f("contents")
        range = try f("range")
    }

    public var json: JSONValue { .lspObject(["contents": contents, "range": range]) }
}

// MARK: - Code actions and commands

/// An open set of hierarchical kinds ("quickfix", "refactor.rewrite", ...).
public struct CodeActionKind: StringCodedValue {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let quickFix = CodeActionKind(rawValue: "quickfix")
    public static let refactor = CodeActionKind(rawValue: "refactor")
    public static let refactorRewrite = CodeActionKind(rawValue: "refactor.rewrite")
    public static let source = CodeActionKind(rawValue: "source")
    public static let sourceFixAll = CodeActionKind(rawValue: "source.fixAll")
}

public struct CodeActionContext: JSONConvertible, Hashable {
    /// The diagnostics the client shows at the range; Anno's own carry `data` to act on.
    public var diagnostics: [LSPDiagnostic]
    public var only: [CodeActionKind]?

    public init(diagnostics: [LSPDiagnostic], only: [CodeActionKind]? = nil) {
        self.diagnostics = diagnostics
        self.only = only
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        diagnostics = try f("diagnostics")
        only = try f("only")
    }

    public var json: JSONValue { .lspObject(["diagnostics": diagnostics, "only": only]) }
}

public struct CodeActionParams: JSONConvertible, Hashable {
    public var textDocument: TextDocumentIdentifier
    public var range: LSPRange
    public var context: CodeActionContext

    public init(textDocument: TextDocumentIdentifier, range: LSPRange, context: CodeActionContext) {
        self.textDocument = textDocument
        self.range = range
        self.context = context
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        textDocument = try f("textDocument")
        range = try f("range")
        context = try f("context")
    }

    public var json: JSONValue { ["textDocument": textDocument.json, "range": range.json, "context": context.json] }
}

public struct CodeAction: JSONConvertible, Hashable {
    public var title: String
    public var kind: CodeActionKind?
    public var diagnostics: [LSPDiagnostic]?
    public var isPreferred: Bool?
    public var edit: WorkspaceEdit?
    public var command: Command?

    public init(title: String, kind: CodeActionKind? = nil, diagnostics: [LSPDiagnostic]? = nil,
                isPreferred: Bool? = nil, edit: WorkspaceEdit? = nil, command: Command? = nil) {
        self.title = title
        self.kind = kind
        self.diagnostics = diagnostics
        self.isPreferred = isPreferred
        self.edit = edit
        self.command = command
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        title = try f("title")
        kind = try f("kind")
        diagnostics = try f("diagnostics")
        isPreferred = try f("isPreferred")
        edit = try f("edit")
        command = try f("command")
    }

    public var json: JSONValue {
        .lspObject([
            "title": title, "kind": kind, "diagnostics": diagnostics, "isPreferred": isPreferred,
            "edit": edit, "command": command,
        ])
    }
}

public struct ExecuteCommandParams: JSONConvertible, Hashable {
    public var command: String
    public var arguments: [JSONValue]?

    public init(command: String, arguments: [JSONValue]? = nil) {
        self.command = command
        self.arguments = arguments
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        command = try f("command")
        arguments = try f("arguments")
    }

    public var json: JSONValue { .lspObject(["command": command, "arguments": arguments]) }
}
