/// Method names, spelled once.
public enum LSPMethod {
    // Lifecycle
    public static let initialize = "initialize"
    public static let initialized = "initialized"
    public static let shutdown = "shutdown"
    public static let exit = "exit"
    public static let cancelRequest = "$/cancelRequest"
    public static let setTrace = "$/setTrace"

    // Document sync
    public static let didOpen = "textDocument/didOpen"
    public static let didChange = "textDocument/didChange"
    public static let didClose = "textDocument/didClose"
    public static let didSave = "textDocument/didSave"

    // Language features
    public static let completion = "textDocument/completion"
    public static let completionResolve = "completionItem/resolve"
    public static let hover = "textDocument/hover"
    public static let diagnostic = "textDocument/diagnostic"
    public static let publishDiagnostics = "textDocument/publishDiagnostics"
    public static let codeAction = "textDocument/codeAction"

    // Workspace
    public static let didChangeConfiguration = "workspace/didChangeConfiguration"
    public static let didChangeWatchedFiles = "workspace/didChangeWatchedFiles"
    public static let configuration = "workspace/configuration"
    public static let executeCommand = "workspace/executeCommand"
    public static let applyEdit = "workspace/applyEdit"

    // Server to client
    public static let registerCapability = "client/registerCapability"
    public static let unregisterCapability = "client/unregisterCapability"
    public static let showMessage = "window/showMessage"
    public static let logMessage = "window/logMessage"
}
