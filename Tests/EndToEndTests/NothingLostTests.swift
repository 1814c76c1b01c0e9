import AnnoJSON
import AnnoProtocol
import AnnoTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// "Nothing lost" (issue 7): the language server never writes into the workspace, and
/// `anno check --fix` killed at any moment leaves every note either as it was or fully fixed.
/// Also the one hostile-file case that needs a user other than root: permission denied.
@Suite struct NothingLostTests {
    /// Every file under `root` with its size, modification time and bytes.
    static func snapshot(_ root: String) -> [String: String] {
        var out: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            let path = root + "/" + relative
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            let bytes = (info.st_mode & S_IFMT) == S_IFREG ? (FileManager.default.contents(atPath: path) ?? Data()) : Data()
            out[relative] = "\(info.st_mode) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(bytes.hashValue)"
        }
        return out
    }

    /// A whole session touching every feature, saves and watched-file events included: the
    /// workspace is byte for byte and timestamp for timestamp as before. The one file the server
    /// may write (spec/lsp.md: the bundled catalogue's copy for go to definition) goes to the
    /// cache directory, never the workspace.
    @Test func theServerWritesNoFileInTheWorkspace() throws {
        let dir = try TempDirectory(prefix: "anno-nothing-lost")
        defer { dir.remove() }
        let cache = try TempDirectory(prefix: "anno-nothing-lost-cache")
        defer { cache.remove() }
        try dir.write("anno.json", #"{"catalogues": ["extra.json"]}"#)
        try dir.write("extra.json", json: catalogueJSON(name: "Extra", documents: [["id": "x:1", "date": "1961-01-01", "title": "Extra Memo", "summary": "s"]]))
        try dir.write("notes/a.anno", "[[1960-05-02 | \(puzanov)]]\n[[1961-06-12 | The Economic and Political Situation of the DPRK]]\n")
        try dir.write("notes/b.anno", "[[1961 | Extra Memo]] [[1960-05-02 | Journal of Soviet Ambassador in the DPRK Puzanov for 2 May 1960]]\n")
        let before = Self.snapshot(dir.path)

        let (client, server) = try SpawnedServer.start(in: dir.path, environment: ["XDG_CACHE_HOME": cache.path, "HOME": cache.path])
        defer { client.close() }
        _ = try initialize(client, dir)
        let a = dir.uri("notes/a.anno"), b = dir.uri("notes/b.anno")
        let text = "[[1961-06-12 | The Economic and Political Situation of the DPRK]] [[1960 | Extra"
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": .string(a), "languageId": "anno", "version": 1, "text": .string(text)]])
        _ = try client.waitForDiagnostics(uri: a, version: 1)
        try client.notify("textDocument/didChange", ["textDocument": ["uri": .string(a), "version": 2], "contentChanges": [
            ["range": ["start": ["line": 0, "character": 2], "end": ["line": 0, "character": 6]], "text": "1960"]]])
        _ = try client.waitForDiagnostics(uri: a, version: 2)
        let at: JSONValue = ["textDocument": ["uri": .string(a)], "position": ["line": 0, "character": 20]]
        let requests: [(String, JSONValue)] = [
            ("textDocument/hover", at),
            ("textDocument/completion", ["textDocument": ["uri": .string(a)], "position": ["line": 0, "character": 78]]),
            ("textDocument/codeAction", ["textDocument": ["uri": .string(a)], "range": ["start": ["line": 0, "character": 0], "end": ["line": 0, "character": 80]], "context": ["diagnostics": []]]),
            ("textDocument/definition", at),
            ("textDocument/references", ["textDocument": ["uri": .string(a)], "position": ["line": 0, "character": 20], "context": ["includeDeclaration": true]]),
            ("textDocument/documentSymbol", ["textDocument": ["uri": .string(a)]]),
            ("textDocument/documentLink", ["textDocument": ["uri": .string(a)]]),
            ("textDocument/foldingRange", ["textDocument": ["uri": .string(a)]]),
            ("textDocument/semanticTokens/full", ["textDocument": ["uri": .string(a)]]),
            ("textDocument/diagnostic", ["textDocument": ["uri": .string(b)]]),
            ("workspace/symbol", ["query": "Puzanov"]),
            ("workspace/executeCommand", ["command": "anno.timeline", "arguments": [["uncited": true]]]),
        ]
        for (method, params) in requests { _ = try client.request(method, params) }
        try client.notify("textDocument/didSave", ["textDocument": ["uri": .string(a)]])
        try client.notify("textDocument/didSave", ["textDocument": ["uri": .string(dir.uri("anno.json"))]])
        try client.notify("workspace/didChangeWatchedFiles", ["changes": [["uri": .string(dir.uri("extra.json")), "type": 2],
                                                                          ["uri": .string(b), "type": 2]]])
        try client.notify("textDocument/didClose", ["textDocument": ["uri": .string(a)]])
        #expect(try client.shutdownAndExit() == 0, "\(server.stderr)")

        #expect(Self.snapshot(dir.path) == before)
        // Outside the workspace: at most the documented read-only copy of the bundled catalogue
        // and index snapshots (spec/catalogue.md, "Index cache").
        let cached = Self.snapshot(cache.path).keys.filter { !$0.hasSuffix("/") && $0 != "anno" }
        #expect(cached.allSatisfy { ($0.hasPrefix("anno/bundled-catalogue-") && $0.hasSuffix(".json"))
            || ($0.hasPrefix("anno/index-") && $0.hasSuffix(".annoidx")) }, "\(cached)")
    }

    // MARK: --fix killed mid-run

    static let fixable = [
        "[[1961-06-12 | The Economic and Political Situation of the DPRK]]",               // the catalogue's date
        "[[1960-05-02 | Journal of Soviet Ambassador in the DPRK Puzanov for 2 May 1960]]", // the catalogue's title
    ]

    /// Notes of several sizes, each with fixes to make.
    static func writeNotes(_ dir: TempDirectory, count: Int) throws {
        for k in 0..<count {
            let prose = String(repeating: "Notes on the harvest, 한국어 😀 \(k). ", count: 20 + (k % 7) * 60)
            var text = ""
            for j in 0..<(1 + k % 5) { text += prose + Self.fixable[(j + k) % 2] + "\n\n" }
            try dir.write("notes/n\(k).anno", text)
        }
    }

    /// SIGKILL at a spread of moments during `anno check --fix`: afterwards each note holds
    /// exactly its old bytes or exactly its fixed bytes (a temporary file, renamed over the note,
    /// is the only way a note changes). A temporary file the kill left behind is a hidden
    /// `.NAME.anno-tmp-XXXXXX`, never a note a later run would check.
    @Test func killedMidFixEveryNoteIsOldOrNew() throws {
        let notes = 48
        let reference = try TempDirectory(prefix: "anno-fix-reference")
        defer { reference.remove() }
        try Self.writeNotes(reference, count: notes)
        let old = Self.contents(reference.path + "/notes")
        let started = Date()
        let full = try AnnoBinary.run(["check", "--fix", "notes"], in: reference.path)
        let duration = Date().timeIntervalSince(started)
        #expect(full.status == 0 || full.status == 1, "\(full.stderr)")
        let new = Self.contents(reference.path + "/notes")
        #expect(new.keys.sorted() == old.keys.sorted())
        #expect(new.filter { old[$0.key] != $0.value }.count == notes, "every note has something to fix")

        var sawOld = 0, sawNew = 0, leftovers = 0
        // Kills spread over the length of a whole run, from its start to its end.
        for step in 0...10 {
            let delayMs = Int(duration * 1000 * Double(step) / 10)
            let dir = try TempDirectory(prefix: "anno-fix-kill")
            defer { dir.remove() }
            try Self.writeNotes(dir, count: notes)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try AnnoBinary.path())
            process.arguments = ["check", "--fix", "notes"]
            process.currentDirectoryURL = URL(fileURLWithPath: dir.path)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(useconds_t(delayMs * 1000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            for (name, bytes) in Self.contents(dir.path + "/notes") {
                if let before = old[name] {
                    #expect(bytes == before || bytes == new[name], "\(name) after a kill at \(delayMs) ms is neither old nor new")
                    if bytes == before { sawOld += 1 } else { sawNew += 1 }
                } else {
                    leftovers += 1
                    #expect(name.hasPrefix(".") && name.contains(".anno-tmp-") && !name.hasSuffix(".anno"), "unexpected file \(name)")
                }
            }
        }
        // The kills landed before, during and after the writes.
        #expect(sawOld > 0 && sawNew > 0, "old \(sawOld), new \(sawNew), leftovers \(leftovers)")
    }

    static func contents(_ directory: String) -> [String: Data] {
        var out: [String: Data] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            out[name] = FileManager.default.contents(atPath: directory + "/" + name)
        }
        return out
    }

    // MARK: Permission denied

    static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Root reads any file, whatever its mode, so the test runs `anno` as `nobody` through
    /// setpriv when the suite runs as root (CI containers do); as another user it runs it as is.
    @Test(.enabled(if: geteuid() != 0 || setpriv != nil, "needs a non-root user or setpriv"))
    func permissionDenied() throws {
        let dir = try TempDirectory(prefix: "anno-permission")
        defer { dir.remove() }
        chmod(dir.path, 0o755)
        try dir.write("anno.json", #"{"catalogues": ["secret.json"]}"#)
        try dir.write("secret.json", json: catalogueJSON(name: "S", documents: [["id": "s:1", "date": "1960", "title": "S"]]))
        try dir.write("open.anno", "[[1960-05-02 | \(puzanov)]]\n")
        try dir.write("closed.anno", "[[1960-05-02 | \(puzanov)]]\n")
        try dir.write("sub/hidden.anno", "[[1960-05-02 | \(puzanov)]]\n")
        for f in ["anno.json", "open.anno"] { chmod(dir.file(f), 0o644) }
        chmod(dir.file("secret.json"), 0o000)
        chmod(dir.file("closed.anno"), 0o000)
        chmod(dir.file("sub"), 0o000)
        defer { chmod(dir.file("sub"), 0o755) }

        let binary = try AnnoBinary.path()
        var command = [binary, "check", "open.anno", "closed.anno", "sub"]
        if geteuid() == 0, let setpriv = Self.setpriv {
            // The binary must be reachable by nobody: copy it somewhere world-readable.
            let copy = dir.file("anno-bin")
            try FileManager.default.copyItem(atPath: binary, toPath: copy)
            chmod(copy, 0o755)
            command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", copy, "check", "open.anno", "closed.anno", "sub"]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: dir.path)
        let err = Pipe(), out = Pipe()
        process.standardError = err
        process.standardOutput = out
        try process.run()
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 2, "\(stderr)\(stdout)")
        #expect(stderr.contains("secret.json:1:1: error: cannot read catalogue: permission denied"), "\(stderr)")
        // Notes under the unusable configuration are not checked; the unreadable ones say why.
        #expect(stderr.contains("closed.anno: permission denied") || stderr.contains("not checked"), "\(stderr)")
        #expect(stderr.contains("sub: permission denied"), "\(stderr)")
    }
}
