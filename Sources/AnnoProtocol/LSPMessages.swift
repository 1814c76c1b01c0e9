import AnnoJSON

/// Params that belong to one method, so dispatch and sending name the type, not a string.
public protocol LSPNotificationParams: JSONConvertible {
    static var method: String { get }
}

/// Params of a request, naming the type of its answer.
public protocol LSPRequestParams: JSONConvertible {
    associatedtype Response
    static var method: String { get }
}

extension InitializeParams: LSPRequestParams {
    public typealias Response = InitializeResult
    public static let method = LSPMethod.initialize
}
extension CompletionParams: LSPRequestParams {
    public typealias Response = CompletionList
    public static let method = LSPMethod.completion
}
extension TextDocumentPositionParams: LSPRequestParams {
    /// Hover answers null when there is nothing to show.
    public typealias Response = Hover?
    public static let method = LSPMethod.hover
}
extension DocumentDiagnosticParams: LSPRequestParams {
    public typealias Response = DocumentDiagnosticReport
    public static let method = LSPMethod.diagnostic
}
extension CodeActionParams: LSPRequestParams {
    public typealias Response = [CodeAction]
    public static let method = LSPMethod.codeAction
}
extension ExecuteCommandParams: LSPRequestParams {
    public typealias Response = JSONValue
    public static let method = LSPMethod.executeCommand
}
extension RegistrationParams: LSPRequestParams {
    public typealias Response = JSONValue
    public static let method = LSPMethod.registerCapability
}
extension ConfigurationParams: LSPRequestParams {
    public typealias Response = [JSONValue]
    public static let method = LSPMethod.configuration
}

extension DidOpenTextDocumentParams: LSPNotificationParams { public static let method = LSPMethod.didOpen }
extension DidChangeTextDocumentParams: LSPNotificationParams { public static let method = LSPMethod.didChange }
extension DidCloseTextDocumentParams: LSPNotificationParams { public static let method = LSPMethod.didClose }
extension DidSaveTextDocumentParams: LSPNotificationParams { public static let method = LSPMethod.didSave }
extension DidChangeConfigurationParams: LSPNotificationParams { public static let method = LSPMethod.didChangeConfiguration }
extension DidChangeWatchedFilesParams: LSPNotificationParams { public static let method = LSPMethod.didChangeWatchedFiles }
extension PublishDiagnosticsParams: LSPNotificationParams { public static let method = LSPMethod.publishDiagnostics }
extension ShowMessageParams: LSPNotificationParams { public static let method = LSPMethod.showMessage }
extension LogMessageParams: LSPNotificationParams { public static let method = LSPMethod.logMessage }
extension CancelParams: LSPNotificationParams { public static let method = LSPMethod.cancelRequest }

extension LSPRequestParams {
    /// Decodes a request's params; absent params decode as an empty object, so types whose
    /// fields are all optional still work. Throws `LSPDecodingError` (answer invalidParams).
    public static func decode(_ params: JSONValue?) throws -> Self {
        try Self(json: params ?? [:])
    }
}

extension LSPNotificationParams {
    public static func decode(_ params: JSONValue?) throws -> Self {
        try Self(json: params ?? [:])
    }
}

extension Connection {
    @discardableResult
    public func send<Params: LSPNotificationParams>(notification params: Params) -> Bool {
        sendNotification(method: Params.method, params: params.json)
    }
}
