import AnnoServer

/// `anno lsp`: hands stdin/stdout to the language server.
enum LSPCommand {
    static func run() -> Int32 {
        LanguageServer.runStdio()
    }
}
