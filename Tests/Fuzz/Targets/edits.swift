import AnnoCheck
import AnnoJSON
import AnnoProtocol
@testable import AnnoServer
import AnnoSyntax
#if canImport(Glibc)
import Glibc
#endif

/// A language-server session driven through the server's own dispatch: a note is opened, then
/// edited by incremental `didChange`s and queried (hover, completion, code actions, diagnostics
/// and the navigation requests), with positions anywhere: past the end of a line or of the
/// document, inside a surrogate pair or a UTF-8 sequence, in each position encoding.
///
/// Differential: after each change the server's document (its bytes, line table and parsed
/// citations; `OpenDocument.apply`) must equal a fresh `OpenDocument` of the resulting text,
/// and the text must equal that of a reference model written here from spec/lsp.md
/// ("Positions") with the standard library's views, independently of `LineTable`. Every
/// position the server sends back lies inside the document, and hover markdown is inert.
///
/// Input: the note's text, then 0xFF, then operations (see `run`).

private let workspace: String = {
    var template = Array("/tmp/anno-fuzz-ws-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { fatalError("mkdtemp failed") }
    let dir = String(cString: made)
    write(dir + "/hostile.json", FuzzCatalogues.hostileJSON)
    write(dir + "/anno.json", #"{"catalogues": ["hostile.json"]}"#)
    atexit {
        for name in ["hostile.json", "anno.json", ".server-output"] { unlink(workspace + "/" + name) }
        rmdir(workspace)
    }
    return dir
}()

private func write(_ path: String, _ text: String) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    _ = text.utf8CString.withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress, $0.count - 1) }
    close(fd)
}

/// The server's output goes to a file (never blocks); each input reads what it wrote.
private let outputPath = workspace + "/.server-output"
private let outputFD = open(outputPath, O_RDWR | O_CREAT | O_TRUNC, 0o644)

private let server: LanguageServer = {
    let connection = Connection(input: open("/dev/null", O_RDONLY), output: outputFD)
    let server = LanguageServer(connection: connection)
    let root = "file://" + workspace
    let initialize = JSONRPCMessage.request(id: .number(0), method: "initialize", params: [
        "processId": nil, "rootUri": .string(root),
        "workspaceFolders": [["uri": .string(root), "name": "fuzz"]],
        "capabilities": ["general": ["positionEncodings": ["utf-16"]],
                         "textDocument": ["hover": ["contentFormat": ["markdown", "plaintext"]],
                                          "completion": ["completionItem": ["documentationFormat": ["markdown"]]]]],
    ])
    server.queue.sync {
        server.handle(initialize)
        server.handle(.notification(method: "initialized", params: [:]))
    }
    return server
}()

private let uri = "file://" + workspace + "/note.anno"

/// On the server's queue, where its state lives (background jobs hop onto it too); then once
/// more, so that what the handler queued behind it (the diagnostics of a change) is done too.
private func dispatch(_ message: JSONRPCMessage) {
    server.queue.sync { server.handle(message) }
    server.queue.sync {}
}

/// Text a change inserts: the syntax that matters, characters of every UTF-8 length and
/// UTF-16 width, and line breaks of each kind.
private let snippets = ["", "[[", "]]", "[", "]", "|", " | ", "\\", "\\|", "`", "```\n", "~~~", "\n", "\r\n", "\r", "\n\n",
                        " ", "\t", "😀", "é", "한", "\u{10FFFF}", "\u{FEFF}", "\0", "1960-05-02", "1960", "Puzanov",
                        "[[1960-05-02 | Journal of Soviet Ambassador to the DPRK A.M. Puzanov for 2 May 1960]]",
                        "[[1960-05 | Heading | pipe", "x", "abc def"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEdits(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let all = Array(UnsafeBufferPointer(start: data, count: size))
    let split = all.firstIndex(of: 0xFF) ?? all.count
    let text = String(decoding: all[..<split], as: UTF8.self)
    var input = FuzzInput(split < all.count ? Array(all[(split + 1)...]) : [])
    run(text: text, &input)
    return 0
}

private func run(text: String, _ input: inout FuzzInput) {
    server.queue.sync {   // no frame is being written while the output is emptied
        ftruncate(outputFD, 0)
        lseek(outputFD, 0, SEEK_SET)
        outputRead = 0
    }
    let unit = input.pick([ColumnUnit.utf16, .utf8, .utf32])
    server.unit = unit
    var model = Array(text.utf8)
    var version = 1
    currentVersion = 1
    dispatch(.notification(method: "textDocument/didOpen", params: [
        "textDocument": ["uri": .string(uri), "languageId": "anno", "version": 1, "text": .string(text)]]))
    checkDocument(model, version: version, unit: unit)
    checkOutput(model, unit: unit)

    var requestID = 1
    var operations = 0
    while !input.isAtEnd && operations < 32 {
        operations += 1
        let op = input.int(0...15)
        if op < 8 {
            // One didChange of one to three changes, applied in order.
            var changes: [JSONValue] = []
            for _ in 0..<input.int(1...3) {
                let newText: String
                let choice = input.byte()
                if choice < 0xC0 { newText = snippets[Int(choice) % snippets.count] }
                else { newText = String(decoding: input.bytes(upTo: 24), as: UTF8.self) }
                if input.int(0...31) == 0 {
                    changes.append(["text": .string(newText)])
                    model = Array(newText.utf8)
                    continue
                }
                let start = position(&input, model), end = position(&input, model)
                changes.append(["range": ["start": start.json, "end": end.json], "text": .string(newText)])
                var a = Reference.offset(start, in: model, unit), b = Reference.offset(end, in: model, unit)
                if b < a { swap(&a, &b) }
                model.replaceSubrange(a..<b, with: Array(newText.utf8))
            }
            version += 1
            currentVersion = version
            dispatch(.notification(method: "textDocument/didChange", params: [
                "textDocument": ["uri": .string(uri), "version": .number(Double(version))], "contentChanges": .array(changes)]))
            checkDocument(model, version: version, unit: unit)
        } else {
            let p = position(&input, model), q = position(&input, model)
            let document: JSONValue = ["uri": .string(uri)]
            let at: JSONValue = ["textDocument": document, "position": p.json]
            let range: JSONValue = ["start": p.json, "end": q.json]
            let (method, params): (String, JSONValue) = switch op {
            case 8: ("textDocument/hover", at)
            case 9: ("textDocument/completion", at)
            case 10: ("textDocument/codeAction", ["textDocument": document, "range": range, "context": ["diagnostics": []]])
            case 11: ("textDocument/diagnostic", ["textDocument": document])
            case 12: (input.pick(["textDocument/definition", "textDocument/references"]),
                      ["textDocument": document, "position": p.json, "context": ["includeDeclaration": true]])
            case 13: (input.pick(["textDocument/documentSymbol", "textDocument/documentLink", "textDocument/foldingRange"]), ["textDocument": document])
            case 14: ("textDocument/semanticTokens/range", ["textDocument": document, "range": range])
            default: ("textDocument/semanticTokens/full", ["textDocument": document])
            }
            requestID += 1
            dispatch(.request(id: .number(requestID), method: method, params: params))
        }
        checkOutput(model, unit: unit)
    }
    dispatch(.notification(method: "textDocument/didClose", params: ["textDocument": ["uri": .string(uri)]]))
    require(server.documents[uri] == nil, "didClose forgets the document")
}

/// Mostly positions near the text (so edits land on real characters, between the halves of a
/// surrogate pair, on line ends), sometimes far past it.
private func position(_ input: inout FuzzInput, _ model: [UInt8]) -> Position {
    let lines = Reference.lines(model)
    switch input.int(0...15) {
    case 0: return Position(line: input.int(0...1_000_000), character: input.int(0...70_000))
    case 1: return Position(line: lines.count, character: 0)
    case 2: return Position(line: Int(Int32.max), character: Int(UInt32.max))
    default:
        let line = input.int(0...max(0, lines.count - 1))
        return Position(line: line, character: input.int(0...(lines[line].count + 2)))
    }
}

/// The server's document after each change equals a fresh one of the model's text.
private func checkDocument(_ model: [UInt8], version: Int, unit: ColumnUnit) {
    guard let doc = server.documents[uri] else {
        require(false, "the document is open")
        return
    }
    require(doc.bytes == model, "the server's text (\(doc.bytes.count) bytes) equals the reference model's (\(model.count) bytes): \(String(decoding: doc.bytes, as: UTF8.self).debugDescription) vs \(String(decoding: model, as: UTF8.self).debugDescription)")
    require(doc.version == version, "version \(doc.version) is the last didChange's \(version)")
    require(String(decoding: doc.bytes, as: UTF8.self).utf8.elementsEqual(doc.bytes), "the text stays valid UTF-8")
    let fresh = OpenDocument(uri: uri, languageId: "anno", version: version, text: String(decoding: model, as: UTF8.self))
    require(doc.lines.lineStarts == fresh.lines.lineStarts, "the line table equals a fresh one")
    require(doc.note.citations == fresh.note.citations, "the parsed citations equal a fresh parse")
    require(doc.note.fencedBlocks == fresh.note.fencedBlocks, "the fenced blocks equal a fresh parse's")
    // The diagnostics kept per citation through edits equal a full check of the text.
    let checker = server.context(forURI: uri).checker
    if TextValidation.binaryContent(doc.bytes) == nil {
        require(doc.diagnostics(checker: checker) == checker.check(fresh.note), "the spliced diagnostics equal a full check")
    }
}

/// Everything the server sent since the last look: positions inside the document, inert hovers.
private var outputRead = 0
private var currentVersion = 1
private func checkOutput(_ model: [UInt8], unit: ColumnUnit) {
    var info = stat()
    fstat(outputFD, &info)
    let size = Int(info.st_size)
    guard size > outputRead else { return }
    var bytes = [UInt8](repeating: 0, count: size - outputRead)
    let n = bytes.withUnsafeMutableBytes { pread(outputFD, $0.baseAddress, $0.count, off_t(outputRead)) }
    guard n > 0 else { return }
    bytes.removeLast(bytes.count - n)
    var buffer = MessageBuffer(maxBodyBytes: Int.max / 2)
    buffer.append(bytes)
    var consumed = 0
    let lines = Reference.lines(model)
    loop: while true {
        switch buffer.next() {
        case .needMoreBytes: break loop
        case .invalid(let reason, _): require(false, "the server wrote a bad frame: \(reason)")
        case .message(let body, let used):
            consumed += used
            guard case .success(let message) = JSONRPCMessage.decode(body) else {
                require(false, "the server wrote a message that does not decode")
                return
            }
            switch message {
            case .response(_, let result?, _):
                checkPositions(result, lines: lines, unit: unit, in: body)
                if let kind = result["contents"]?["kind"]?.stringValue, kind == "markdown", let value = result["contents"]?["value"]?.stringValue {
                    requireInertMarkdown(value, "hover")
                }
            case .notification("textDocument/publishDiagnostics", let params?):
                if let published = params["version"]?.intValue, params["uri"]?.stringValue == uri {
                    require(published == currentVersion, "diagnostics published for version \(published), the text is version \(currentVersion)")
                }
                checkPositions(params, lines: lines, unit: unit, in: body)
            default:
                break
            }
        }
    }
    outputRead += consumed
}

/// Every `{"line": L, "character": C}` in a result (for this document) lies inside it.
private func checkPositions(_ value: JSONValue, lines: [[UInt8]], unit: ColumnUnit, in message: [UInt8]) {
    switch value {
    case .object(let fields):
        if let uriField = fields["uri"]?.stringValue, uriField != uri { return }   // another file
        if let line = fields["line"]?.intValue, let character = fields["character"]?.intValue {
            require(line >= 0 && line < lines.count, "line \(line) inside the \(lines.count) lines, in \(String(decoding: message.prefix(2000), as: UTF8.self))")
            if line >= 0 && line < lines.count {
                let width = Reference.width(lines[line], unit)
                require(character >= 0 && character <= width, "character \(character) inside line \(line) of width \(width), in \(String(decoding: message.prefix(2000), as: UTF8.self))")
            }
        }
        for (key, v) in fields where key != "data" { checkPositions(v, lines: lines, unit: unit, in: message) }
    case .array(let items):
        for v in items { checkPositions(v, lines: lines, unit: unit, in: message) }
    default:
        break
    }
}

/// spec/lsp.md "Positions", written with the standard library's views rather than LineTable.
private enum Reference {
    /// Each line's content (without its line break): lines end at LF, CRLF or CR.
    static func lines(_ text: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var current: [UInt8] = []
        var i = 0
        while i < text.count {
            let c = text[i]
            if c == 0x0A || c == 0x0D {
                out.append(current)
                current = []
                i += (c == 0x0D && i + 1 < text.count && text[i + 1] == 0x0A) ? 2 : 1
            } else {
                current.append(c)
                i += 1
            }
        }
        out.append(current)
        return out
    }

    static func width(_ line: [UInt8], _ unit: ColumnUnit) -> Int {
        let s = String(decoding: line, as: UTF8.self)
        switch unit {
        case .utf8: return s.utf8.count
        case .utf16: return s.utf16.count
        case .utf32: return s.unicodeScalars.count
        }
    }

    /// The byte offset of a position: lines past the end clamp to the end of the text, columns
    /// past the end of a line to its end, a column inside a character to that character's start.
    static func offset(_ p: Position, in text: [UInt8], _ unit: ColumnUnit) -> Int {
        let all = lines(text)
        guard p.line < all.count else { return text.count }
        var lineStart = 0
        var k = 0, i = 0
        while k < p.line {
            let c = text[i]
            i += 1
            if c == 0x0D && i < text.count && text[i] == 0x0A { i += 1 }
            if c == 0x0A || c == 0x0D { k += 1; lineStart = i }
        }
        var offset = lineStart
        var units = 0
        for scalar in String(decoding: all[p.line], as: UTF8.self).unicodeScalars {
            let width: Int
            switch unit {
            case .utf8: width = scalar.utf8.count
            case .utf16: width = scalar.utf16.count
            case .utf32: width = 1
            }
            if units + width > p.character { break }
            units += width
            offset += scalar.utf8.count
        }
        return offset
    }
}
