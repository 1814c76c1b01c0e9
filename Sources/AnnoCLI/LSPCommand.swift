/// `anno lsp`: hands stdin/stdout to the language server.
enum LSPCommand {
    static func run() -> Int32 {
        var e = FileDescriptorOutput(fd: 2); e.writeLine("anno lsp: the language server is not built yet")
        return 2
    }
}

extension FileDescriptorOutput {
    mutating func writeLine(_ s: String) { write(s + "\n") }
}
