import AnnoJSON
import AnnoProtocol
import AnnoTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Base-protocol framing through raw bytes on the real process's stdin (issue 3, "Protocol":
/// framing; spec/lsp.md "Transport and lifecycle").
@Suite struct FramingTests {
    static let initializeBody = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}"#
    static func shutdownBody(id: Int) -> String { #"{"jsonrpc":"2.0","id":\#(id),"method":"shutdown"}"# }

    /// Writes each chunk separately, waiting until the server has read the previous one, so
    /// the server really sees the message in pieces (FIONREAD works on either end of a pipe).
    func writeInPieces(_ client: LSPTestClient, _ server: SpawnedServer, _ pieces: [[UInt8]]) throws {
        for piece in pieces {
            try client.writeBytes(piece)
            guard eventually({ client.unreadByteCountToServer == 0 }) else {
                throw TestClientError("anno lsp did not read its input\n\(server.stderr)")
            }
        }
    }

    func initialized(_ client: LSPTestClient) throws -> Bool {
        guard case .success(let result) = try client.waitForResponse(.number(1), method: "initialize") else { return false }
        return result["capabilities"] != nil
    }

    @Test func aMessageSplitAcrossSeveralWrites() throws {
        try withAnnoLSP { client, server, _ in
            let frame = LSPTestClient.frame(Self.initializeBody)
            // Inside the name, inside the length, across the blank line, inside the body.
            try writeInPieces(client, server, [Array(frame[0..<5]), Array(frame[5..<17]), Array(frame[17..<21]),
                                               Array(frame[21..<40]), Array(frame[40...])])
            #expect(try initialized(client))
            // A body cut in the middle of a UTF-8 sequence (the first byte of 한 alone).
            let uri = "file:///anno-e2e-nowhere/split.anno"
            let open: JSONValue = ["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": [
                "uri": .string(uri), "languageId": "anno", "version": 1, "text": .string("한국어 [[1960-05-03 | \(puzanov)]]"),
            ]]]
            let openFrame = MessageFraming.frame(JSON.serialize(open))
            let cut = try #require(openFrame.firstIndex(of: 0xED)) + 1
            try writeInPieces(client, server, [Array(openFrame[..<cut]), Array(openFrame[cut...])])
            let published = try client.waitForDiagnostics(uri: uri, version: 1)
            #expect(published["diagnostics"]?[0]?["range"]?["start"] == ["line": 0, "character": 6])
            // One byte at a time.
            let shutdown = LSPTestClient.frame(Self.shutdownBody(id: 2))
            try writeInPieces(client, server, shutdown.map { [$0] })
            #expect(try client.waitForResponse(.number(2)) == .success(.null))
            try client.notify("exit")
            #expect(try client.waitForExit() == 0)
        }
    }

    @Test func twoMessagesInOneWrite() throws {
        try withAnnoLSP { client, _, _ in
            try client.writeBytes(LSPTestClient.frame(Self.initializeBody) + LSPTestClient.frame(Self.shutdownBody(id: 2)))
            #expect(try initialized(client))
            #expect(try client.waitForResponse(.number(2)) == .success(.null))
            try client.writeBytes(LSPTestClient.frame(#"{"jsonrpc":"2.0","method":"exit"}"#))
            #expect(try client.waitForExit() == 0)
        }
    }

    @Test(arguments: [
        "content-length: %d\r\n\r\n",
        "CONTENT-LENGTH:%d\r\n\r\n",
        "Content-Length: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
        "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: %d\r\n\r\n",
        "Content-Length: %d\n\n",
    ])
    func headerVariants(header: String) throws {
        try withAnnoLSP { client, _, _ in
            let body = Array(Self.initializeBody.utf8)
            try client.writeBytes(Array(header.replacingOccurrences(of: "%d", with: String(body.count)).utf8) + body)
            #expect(try initialized(client))
            #expect(try client.shutdownAndExit() == 0)
        }
    }

    @Test(arguments: [
        "garbage without a colon\r\n\r\n",
        "X-Whatever: 1\r\n\r\n",
        "Content-Length: abc\r\n\r\n",
        "Content-Length: -5\r\n\r\n",
        "Content-Length: 123456789012345678901234567890\r\n\r\n",
        "Content-Length: 3\r\nContent-Length: 4\r\n\r\n",
    ])
    func aBadHeaderIsSkippedAndTheNextMessageServed(garbage: String) throws {
        try withAnnoLSP { client, server, _ in
            try client.writeBytes(garbage)
            try client.writeBytes(LSPTestClient.frame(Self.initializeBody))
            #expect(try initialized(client))
            #expect(try client.shutdownAndExit() == 0)
            #expect(client.protocolViolations == [])
            #expect(server.stderr.contains("anno lsp:"))
        }
    }

    /// A body over the limit (64 MiB) is refused without being held: its bytes are dropped as
    /// they arrive, and the message after it is served.
    @Test func aBodyOverTheLimitIsSkippedAndTheServerGoesOn() throws {
        try withAnnoLSP { client, server, _ in
            let size = (64 << 20) + 1
            try client.writeBytes("Content-Length: \(size)\r\n\r\n")
            let chunk = [UInt8](repeating: 0x20, count: 1 << 20)
            var sent = 0
            var peakKB = 0
            while sent < size {
                let n = min(chunk.count, size - sent)
                try client.writeBytes(Array(chunk[0..<n]))
                sent += n
                peakKB = max(peakKB, residentKB(server.process.processIdentifier) ?? 0)
            }
            // Not allocated: far less resident memory than the body's 64 MiB.
            #expect(peakKB < 48 << 10, "anno lsp grew to \(peakKB) kB while a refused body arrived")
            try client.writeBytes(LSPTestClient.frame(Self.initializeBody))
            #expect(try initialized(client))
            #expect(try client.shutdownAndExit() == 0)
        }
    }

    /// A Content-Length far beyond the limit, and no header after it: the server drops what
    /// follows as that body (up to the next header, HostileProtocolTests), holds none of it, and
    /// still ends when its input does.
    @Test func aHugeContentLengthIsRefusedWithoutAllocatingAndEndOfInputEndsTheServer() throws {
        try withAnnoLSP { client, server, _ in
            try client.writeBytes(LSPTestClient.frame(Self.initializeBody))
            #expect(try initialized(client))
            try client.writeBytes("Content-Length: 999999999999999999\r\n\r\n")
            let chunk = [UInt8](repeating: 0x41, count: 1 << 20)
            for _ in 0..<8 { try client.writeBytes(chunk) }
            #expect(eventually { client.unreadByteCountToServer == 0 })
            let kb = residentKB(server.process.processIdentifier) ?? 0
            #expect(kb < 48 << 10, "anno lsp grew to \(kb) kB")
            client.closeInput()
            #expect(try client.waitForExit() == 1)
        }
    }

    @Test(arguments: ["Content-Length: 100\r\n\r\n{\"jsonrpc\"", "Content-Len", "Content-Length: 10\r\n"])
    func stdinClosedMidMessageEndsTheProcess(partial: String) throws {
        try withAnnoLSP { client, _, _ in
            try client.writeBytes(partial)
            client.closeInput()
            #expect(try client.waitForExit() == 1)
        }
    }

    @Test func stdinClosedAfterShutdownEndsWithZero() throws {
        try withAnnoLSP { client, _, _ in
            try client.writeBytes(LSPTestClient.frame(Self.initializeBody) + LSPTestClient.frame(Self.shutdownBody(id: 2)))
            #expect(try client.waitForResponse(.number(2)) == .success(.null))
            client.closeInput()
            #expect(try client.waitForExit() == 0)
        }
    }

    @Test func aClientThatGoesAwayDoesNotHangTheServer() throws {
        try withAnnoLSP { client, server, _ in
            try client.writeBytes(LSPTestClient.frame(Self.initializeBody))
            #expect(try initialized(client))
            client.close()   // both pipes: stdout now fails with EPIPE, stdin ends
            #expect(server.waitForExit(timeout: LSPTestClient.defaultTimeout) != nil)
        }
    }
}

/// Resident memory of a process in kB (VmRSS), nil when it cannot be read.
func residentKB(_ pid: Int32) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }
    return nil
}
