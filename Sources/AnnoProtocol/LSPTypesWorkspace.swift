import AnnoJSON

// MARK: - Window messages

public enum MessageType: Int, IntegerCodedEnum, Hashable {
    case error = 1
    case warning = 2
    case info = 3
    case log = 4
}

public struct ShowMessageParams: JSONConvertible, Hashable {
    public var type: MessageType
    public var message: String

    public init(type: MessageType, message: String) {
        self.type = type
        self.message = message
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        type = try f("type")
        message = try f("message")
    }

    public var json: JSONValue { ["type": type.json, "message": JSONValue(message)] }
}

/// Same shape as `ShowMessageParams`; a separate type because it is a separate message.
public struct LogMessageParams: JSONConvertible, Hashable {
    public var type: MessageType
    public var message: String

    public init(type: MessageType, message: String) {
        self.type = type
        self.message = message
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        type = try f("type")
        message = try f("message")
    }

    public var json: JSONValue { ["type": type.json, "message": JSONValue(message)] }
}

// MARK: - Files and configuration

public enum FileChangeType: Int, IntegerCodedEnum, Hashable {
    case created = 1
    case changed = 2
    case deleted = 3
}

public struct FileEvent: JSONConvertible, Hashable {
    public var uri: String
    public var type: FileChangeType

    public init(uri: String, type: FileChangeType) {
        self.uri = uri
        self.type = type
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        uri = try f("uri")
        type = try f("type")
    }

    public var json: JSONValue { ["uri": JSONValue(uri), "type": type.json] }
}

public struct DidChangeWatchedFilesParams: JSONConvertible, Hashable {
    public var changes: [FileEvent]

    public init(changes: [FileEvent]) { self.changes = changes }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        changes = try f("changes")
    }

    public var json: JSONValue { ["changes": changes.json] }
}

public struct DidChangeConfigurationParams: JSONConvertible, Hashable {
    /// Whatever the client sends; often null, in which case ask with workspace/configuration.
    public var settings: JSONValue

    public init(settings: JSONValue) { self.settings = settings }

    public init(json: JSONValue, path: String) throws {
        _ = try Fields(json, path: path)
        settings = json["settings"] ?? .null
    }

    public var json: JSONValue { ["settings": settings] }
}

public struct ConfigurationItem: JSONConvertible, Hashable {
    public var scopeUri: String?
    public var section: String?

    public init(scopeUri: String? = nil, section: String? = nil) {
        self.scopeUri = scopeUri
        self.section = section
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        scopeUri = try f("scopeUri")
        section = try f("section")
    }

    public var json: JSONValue { .lspObject(["scopeUri": scopeUri, "section": section]) }
}

/// Params of the server-to-client `workspace/configuration` request; the answer is an array
/// with one value per item.
public struct ConfigurationParams: JSONConvertible, Hashable {
    public var items: [ConfigurationItem]

    public init(items: [ConfigurationItem]) { self.items = items }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        items = try f("items")
    }

    public var json: JSONValue { ["items": items.json] }
}

// MARK: - Registration

public struct Registration: JSONConvertible, Hashable {
    /// Chosen by the server, used to unregister.
    public var id: String
    public var method: String
    public var registerOptions: JSONValue?

    public init(id: String, method: String, registerOptions: JSONValue? = nil) {
        self.id = id
        self.method = method
        self.registerOptions = registerOptions
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        id = try f("id")
        method = try f("method")
        registerOptions = try f("registerOptions")
    }

    public var json: JSONValue { .lspObject(["id": id, "method": method, "registerOptions": registerOptions]) }
}

public struct RegistrationParams: JSONConvertible, Hashable {
    public var registrations: [Registration]

    public init(registrations: [Registration]) { self.registrations = registrations }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        registrations = try f("registrations")
    }

    public var json: JSONValue { ["registrations": registrations.json] }
}

/// One glob to watch, for the `registerOptions` of workspace/didChangeWatchedFiles.
public struct FileSystemWatcher: JSONConvertible, Hashable {
    public var globPattern: String
    /// Bit set: 1 create, 2 change, 4 delete; omitted means all.
    public var kind: Int?

    public init(globPattern: String, kind: Int? = nil) {
        self.globPattern = globPattern
        self.kind = kind
    }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        globPattern = try f("globPattern")
        kind = try f("kind")
    }

    public var json: JSONValue { .lspObject(["globPattern": globPattern, "kind": kind]) }
}

public struct DidChangeWatchedFilesRegistrationOptions: JSONConvertible, Hashable {
    public var watchers: [FileSystemWatcher]

    public init(watchers: [FileSystemWatcher]) { self.watchers = watchers }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        watchers = try f("watchers")
    }

    public var json: JSONValue { ["watchers": watchers.json] }
}

// MARK: - Cancellation

public struct CancelParams: JSONConvertible, Hashable {
    public var id: RequestID

    public init(id: RequestID) { self.id = id }

    public init(json: JSONValue, path: String) throws {
        let f = try Fields(json, path: path)
        guard let value = f.members["id"], let id = RequestID(json: value) else {
            throw LSPDecodingError("\(Fields.join(path, "id")): expected an integer or a string")
        }
        self.id = id
    }

    public var json: JSONValue { ["id": id.json] }
}
