#if canImport(Glibc)
import Glibc
#endif

/// Writes to a file descriptor (stdout or stderr) without Foundation buffering surprises.
public struct FileDescriptorOutput: TextOutputStream {
    let fd: Int32
    public init(fd: Int32) { self.fd = fd }
    public mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.write(fd, base + offset, buffer.count - offset)
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}

/// The `anno` command: dispatches to its subcommands. Returns the process exit status.
public enum AnnoCommandLine {
    static let usage = """
    anno \(AnnoVersion.string): citations for historians' archive notes.

    usage: anno check [PATH...] [options]     check citations (see anno check --help)
           anno timeline [PATH...] [options]  cited documents in date order (see anno timeline --help)
           anno lsp                           run the language server on stdin/stdout
           anno catalogue list|search|validate|convert
           anno --help | --version

    Notes cite documents as [[DATE | TITLE]] or [[DATE | TITLE | LOCATOR]] (spec/format.md).
    """

    public static func run(_ arguments: [String]) -> Int32 {
        var out = FileDescriptorOutput(fd: 1)
        var err = FileDescriptorOutput(fd: 2)
        return run(arguments, output: &out, errors: &err)
    }

    public static func run(_ arguments: [String], output: inout some TextOutputStream, errors: inout some TextOutputStream) -> Int32 {
        guard let command = arguments.first else {
            errors.write(usage + "\n")
            return 2
        }
        let rest = Array(arguments.dropFirst())
        let wantsHelp = rest.contains("--help") || rest.contains("-h")
        switch command {
        case "--help", "-h", "help":
            output.write(usage + "\n")
            return 0
        case "--version", "-V", "version":
            output.write("anno \(AnnoVersion.string)\n")
            return 0
        case "check":
            if wantsHelp { output.write(CheckCommand.usage + "\n"); return 0 }
            switch CheckCommand.parse(rest) {
            case .success(let check):
                return check.run(output: &output, errors: &errors)
            case .failure(let e):
                errors.write("anno: \(e.message)\n\n\(CheckCommand.usage)\n")
                return 2
            }
        case "timeline":
            if wantsHelp { output.write(TimelineCommand.usage + "\n"); return 0 }
            switch TimelineCommand.parse(rest) {
            case .success(let timeline): return timeline.run(output: &output, errors: &errors)
            case .failure(let e):
                errors.write("anno: \(e.message)\n\n\(TimelineCommand.usage)\n")
                return 2
            }
        case "catalogue", "catalog":
            if wantsHelp { output.write(CatalogueCommand.usage + "\n"); return 0 }
            return CatalogueCommand.run(rest, output: &output, errors: &errors)
        case "lsp":
            if wantsHelp { output.write("usage: anno lsp [--stdio]\n\nRuns the language server on stdin/stdout (LSP 3.17). See spec/lsp.md.\n"); return 0 }
            if let unknown = rest.first(where: { $0 != "--stdio" }) {
                errors.write("anno: unknown option '\(unknown)' for 'anno lsp'\n")
                return 2
            }
            return LSPCommand.run()
        default:
            errors.write("anno: unknown command '\(command)'\n\n\(usage)\n")
            return 2
        }
    }
}
