import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built `anno` executable, found next to the test bundle (`<scratch>/debug/anno`), so the
/// end-to-end tests exercise exactly what `swift build` produced. `ANNO_BINARY` overrides it.
public enum AnnoBinary {
    public static func path() throws -> String {
        if let override = ProcessInfo.processInfo.environment["ANNO_BINARY"], !override.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: override) else {
                throw TestClientError("ANNO_BINARY=\(override) is not an executable file")
            }
            return override
        }
        var candidates: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append((exe as NSString).deletingLastPathComponent)
        }
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.path)
        candidates.append(bundle.deletingLastPathComponent().path)
        for directory in candidates {
            let path = (directory as NSString).appendingPathComponent("anno")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: path) {
                return path
            }
        }
        throw TestClientError("the anno executable was not found next to the test bundle (looked in \(candidates.joined(separator: ", "))); build it with `swift build` or set ANNO_BINARY")
    }

    /// Runs `anno` with arguments to completion; kills it and throws after `timeout`.
    public static func run(_ arguments: [String], in directory: String? = nil, stdin: String? = nil,
                           timeout: TimeInterval = 60) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path())
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("anno-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        let inURL = scratch.appendingPathComponent("stdin")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        FileManager.default.createFile(atPath: inURL.path, contents: Data((stdin ?? "").utf8))
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let input = try FileHandle(forReadingFrom: inURL)
        defer { try? out.close(); try? err.close(); try? input.close() }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        if done.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            _ = done.wait(timeout: .now() + 10)
            throw TestClientError("anno \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
        }
        let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return CommandResult(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}

/// A spawned `anno lsp` with its stdin and stdout as the client's pipes and stderr kept in a file.
public final class SpawnedServer: @unchecked Sendable {
    public let process: Process
    public let stderrPath: String
    private let exited = DispatchSemaphore(value: 0)

    init(process: Process, stderrPath: String) {
        self.process = process
        self.stderrPath = stderrPath
    }

    /// What the server wrote to stderr so far (its log).
    public var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Starts `anno lsp` (plus `arguments`) in `directory` and connects a client to it.
    /// `environment` adds to (or overrides) the test runner's environment.
    public static func start(arguments: [String] = ["lsp"], in directory: String? = nil,
                             environment: [String: String] = [:]) throws -> (LSPTestClient, SpawnedServer) {
        let toServer = makePipe(), fromServer = makePipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try AnnoBinary.path())
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        let stderrPath = FileManager.default.temporaryDirectory.appendingPathComponent("anno-lsp-stderr-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardInput = FileHandle(fileDescriptor: toServer.read, closeOnDealloc: false)
        process.standardOutput = FileHandle(fileDescriptor: fromServer.write, closeOnDealloc: false)
        process.standardError = errHandle
        let server = SpawnedServer(process: process, stderrPath: stderrPath)
        process.terminationHandler = { [server] _ in server.exited.signal() }
        do {
            try process.run()
        } catch {
            for fd in [toServer.read, toServer.write, fromServer.read, fromServer.write] { Glibc.close(fd) }
            throw error
        }
        // The child has its copies; the parent keeps only the client's ends.
        Glibc.close(toServer.read)
        Glibc.close(fromServer.write)
        try? errHandle.close()
        let client = LSPTestClient(
            name: "anno lsp (pid \(process.processIdentifier))", toServer: toServer.write, fromServer: fromServer.read,
            waitForExit: { [server] timeout in server.waitForExit(timeout: timeout) },
            teardown: { [server] in server.kill() })
        return (client, server)
    }

    /// The exit status, or nil while it still runs after `timeout`.
    public func waitForExit(timeout: TimeInterval) -> Int32? {
        if !process.isRunning { return process.terminationStatus }
        guard exited.wait(timeout: .now() + timeout) == .success else { return nil }
        exited.signal()  // later waits return at once
        return process.terminationStatus
    }

    /// Ends the process if it still runs (by its own pid), and forgets its log file.
    public func kill() {
        if process.isRunning {
            Glibc.kill(process.processIdentifier, SIGKILL)
            _ = waitForExit(timeout: 10)
        }
        try? FileManager.default.removeItem(atPath: stderrPath)
    }
}
