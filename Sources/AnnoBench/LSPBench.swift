#if canImport(Glibc)
import Glibc
#endif
import AnnoJSON
import AnnoSyntax
import Foundation

// MARK: - The workspace and its notes

/// A note the benchmark opens, with the positions it will hover, complete and edit at.
struct BenchNote {
    var path: String
    var uri: String
    var text: String
    var lines: Int
    var citations: Int
    /// UTF-16 positions inside citation titles.
    var hoverPositions: [(line: Int, character: Int)]
    /// Ends of prose lines (outside citations and code blocks), UTF-16.
    var proseLineEnds: [(line: Int, character: Int)]
    /// Starts of citation titles, UTF-16 (for edits that break a citation).
    var titleStarts: [(line: Int, character: Int)]

    init(path: String, text: String) {
        self.path = path
        self.uri = fileURI(path)
        self.text = text
        let bytes = Array(text.utf8)
        let table = LineTable(bytes)
        let note = NoteParser.parse(bytes)
        lines = table.lineCount - (text.hasSuffix("\n") ? 1 : 0)
        citations = note.citations.count
        var hovers: [(Int, Int)] = []
        var starts: [(Int, Int)] = []
        for c in note.citations where c.isClosed && c.parts.count >= 2 && !c.parts[1].isEmpty {
            let title = c.parts[1].range
            var mid = (title.lowerBound + title.upperBound) / 2
            while mid > title.lowerBound && (bytes[mid] & 0xC0) == 0x80 { mid -= 1 }
            let p = table.position(ofByte: mid, in: .utf16)
            hovers.append((p.line, p.column))
            let s = table.position(ofByte: title.lowerBound, in: .utf16)
            starts.append((s.line, s.column))
        }
        hoverPositions = hovers
        titleStarts = starts
        var ends: [(Int, Int)] = []
        var inFence = false
        var ci = 0
        for line in 0..<table.lineCount {
            let range = table.contentRange(ofLine: line)
            let content = bytes[range]
            if content.starts(with: Array("~~~".utf8)) || content.starts(with: Array("```".utf8)) { inFence.toggle(); continue }
            if inFence || content.isEmpty || content.first == 0x23 /* # */ { continue }
            let end = range.upperBound
            while ci < note.citations.count && note.citations[ci].range.upperBound < end { ci += 1 }
            if ci < note.citations.count && note.citations[ci].range.lowerBound < end && end < note.citations[ci].range.upperBound { continue }
            let p = table.position(ofByte: end, in: .utf16)
            ends.append((p.line, p.column))
        }
        proseLineEnds = ends
    }
}

struct LSPWorkspace {
    var dir: String
    var probe: BenchNote
    var medium: BenchNote
    var big: BenchNote
    /// Notes of growing length for the note-size sweep.
    var sweep: [BenchNote] = []
}

/// The workspace `anno lsp` opens: anno.json, the catalogue (a symlink to `catalogue` when given,
/// which must be the same seed and size), a probe note, a medium and a big note.
func makeLSPWorkspace(docs: Int, seed: UInt64, mediumLines: Int, bigLines: Int, root: String, catalogue: String? = nil,
                      sweepLines: [Int] = []) throws -> LSPWorkspace {
    let dir = root + "/lsp-d\(docs)-s\(seed)"
    try makeDirectories(dir)
    let corpus = CorpusGenerator(seed: seed, documentCount: docs)
    try writeText("{\"catalogues\": [\"catalogue.json\"]}\n", to: dir + "/anno.json")
    if let catalogue, !fileExists(dir + "/catalogue.json") {
        _ = symlink(catalogue, dir + "/catalogue.json")
    }
    if !fileExists(dir + "/catalogue.json") {
        let (bytes, seconds) = try timed { try corpus.writeCatalogue(to: dir + "/catalogue.json.tmp", name: "Generated catalogue (\(docs) documents, seed \(seed))") }
        rename(dir + "/catalogue.json.tmp", dir + "/catalogue.json")
        log("wrote \(dir)/catalogue.json: \(docs) documents, \(fmt(Double(bytes) / 1e6, 1)) MB in \(fmt(seconds, 1)) s")
    }
    var options = NoteOptions()
    func note(_ name: String, k: Int, lines: Int) throws -> BenchNote {
        options.lines = lines
        let (text, _) = NoteGenerator(corpus: corpus, options: options).note(k)
        let path = dir + "/" + name
        try writeText(text, to: path)
        return BenchNote(path: path, text: text)
    }
    let d = corpus.document(docs > 1 ? 1 : 0)
    let probeText = "Probe: [[\(d.date.iso) | \(d.title.replacingOccurrences(of: "|", with: "\\|"))]].\n"
    try writeText(probeText, to: dir + "/probe.anno")
    var ws = LSPWorkspace(dir: dir, probe: BenchNote(path: dir + "/probe.anno", text: probeText),
                          medium: try note("note-\(mediumLines).anno", k: 900_001, lines: mediumLines),
                          big: try note("note-\(bigLines).anno", k: 900_002, lines: bigLines))
    for lines in sweepLines {
        try makeDirectories(dir + "/sweep")
        ws.sweep.append(try note("sweep/note-\(lines).anno", k: 910_000 + lines, lines: lines))
    }
    return ws
}

// MARK: - LSP JSON helpers

func position(_ line: Int, _ character: Int) -> JSONValue {
    .object(["line": num(line), "character": num(character)])
}

func textDocumentItem(_ uri: String, text: String, version: Int) -> JSONValue {
    .object(["textDocument": .object(["uri": .string(uri), "languageId": "anno", "version": num(version), "text": .string(text)])])
}

func didChange(_ uri: String, version: Int, start: (Int, Int), end: (Int, Int), text: String) -> JSONValue {
    .object([
        "textDocument": .object(["uri": .string(uri), "version": num(version)]),
        "contentChanges": .array([.object([
            "range": .object(["start": position(start.0, start.1), "end": position(end.0, end.1)]),
            "text": .string(text),
        ])]),
    ])
}

func positionParams(_ uri: String, _ p: (line: Int, character: Int)) -> [String: JSONValue] {
    ["textDocument": .object(["uri": .string(uri)]), "position": position(p.line, p.character)]
}

// MARK: - The run

struct LSPResults {
    var documents = 0
    var initializeRoundTripMs = Double.nan
    var initializeToReadyMs = Double.nan
    /// With --after-indexing: initialize → the end of the workspace indexing pass.
    var indexedMs = Double.nan
    var didOpenMediumFirstMs = Double.nan
    var didOpenMedium = Distribution([])
    var didOpenBigMs = Double.nan
    var hover = Distribution([])
    var hoverNulls = 0
    /// Completion right after the didChange that typed `[[Puz`.
    var completion = Distribution([])
    /// Completion with the document's diagnostics already published.
    var completionSettled = Distribution([])
    var completionEmptyWhileTyping = 0
    var completionItems: [Int] = []
    var completionIncomplete = 0
    var completionFirstLabel = ""
    /// Bytes of the settled completion answer (median).
    var completionBytes: [Int] = []
    /// completionItem/resolve of the settled answer's items, in turn (as an editor resolves the
    /// item the person moves to).
    var resolve = Distribution([])
    var resolveWithoutDocumentation = 0
    var changeBigProse = Distribution([])
    var changeBigCitation = Distribution([])
    /// VmHWM after the main scenario (catalogue, 2,000- and 20,000-line notes open), before the sweep.
    var peakRSSMB = Double.nan
    /// VmHWM after the note-size sweep (up to a 100,000-line note).
    var peakRSSAfterSweepMB = Double.nan
    var rssAtEndMB = Double.nan
    var shutdownMs = Double.nan
    var exitStatus: Int32?
    var serverRequests: [String: Int] = [:]
    var notifications: [String: Int] = [:]
    var mediumLines = 0, mediumCitations = 0, bigLines = 0, bigCitations = 0
    var capabilities: JSONValue = .null
    /// Note-size sweep: lines, didOpen → diagnostics, didChange → diagnostics p50 (ms).
    var sweep: [(lines: Int, open: Double, change: Distribution)] = []
}

func runLSPBenchmark(anno: String, workspace ws: LSPWorkspace, documents: Int, hovers: Int, completions: Int,
                     bigEdits: Int, openRepeats: Int, verbose: Bool, logPath: String, afterIndexing: Bool = false) throws -> LSPResults {
    var r = LSPResults()
    r.documents = documents
    r.mediumLines = ws.medium.lines; r.mediumCitations = ws.medium.citations
    r.bigLines = ws.big.lines; r.bigCitations = ws.big.citations
    let client = try LSPClient(argv: [anno, "lsp"], stderrPath: logPath)
    client.logTraffic = verbose
    defer { if client.child.wait(timeout: 0) == nil { client.child.kill() } }
    let rootURI = fileURI(ws.dir)

    // initialize → ready
    let t0 = nowNanos()
    let (initID, initSent) = try client.request("initialize", .object([
        "processId": num(Int(getpid())),
        "clientInfo": .object(["name": "anno-bench", "version": "1"]),
        "rootUri": .string(rootURI),
        "rootPath": .string(ws.dir),
        "workspaceFolders": .array([.object(["uri": .string(rootURI), "name": .string((ws.dir as NSString).lastPathComponent)])]),
        "capabilities": .object([
            "general": .object(["positionEncodings": .array(["utf-16"])]),
            "textDocument": .object([
                "synchronization": .object(["dynamicRegistration": false, "didSave": true]),
                "completion": .object([
                    // As VS Code declares it: items' documentation comes through completionItem/resolve.
                    "completionItem": .object(["snippetSupport": false, "labelDetailsSupport": true,
                                               "documentationFormat": .array(["markdown", "plaintext"]),
                                               "resolveSupport": .object(["properties": .array(["documentation", "detail", "additionalTextEdits"])])]),
                    "completionList": .object(["itemDefaults": .array(["commitCharacters", "editRange", "insertTextFormat", "insertTextMode", "data"])]),
                    "contextSupport": true,
                ]),
                "hover": .object(["contentFormat": .array(["markdown", "plaintext"])]),
                "publishDiagnostics": .object(["versionSupport": true, "relatedInformation": true, "codeDescriptionSupport": true]),
            ]),
            "workspace": .object(["workspaceFolders": true, "configuration": false,
                                  "didChangeWatchedFiles": .object(["dynamicRegistration": false])]),
            "window": .object(["workDoneProgress": .bool(afterIndexing)]),
        ]),
    ]))
    let (initResult, initMs) = try client.response(initID, sent: initSent, timeout: 120)
    r.initializeRoundTripMs = initMs
    r.capabilities = initResult["capabilities"] ?? .null
    try client.notify("initialized", .object([:]))
    // Ready = the catalogue is loaded and indexed: the first diagnostics of a small note.
    let probeSent = try client.notify("textDocument/didOpen", textDocumentItem(ws.probe.uri, text: ws.probe.text, version: 1))
    _ = try client.waitDiagnostics(uri: ws.probe.uri, version: 1, after: probeSent, timeout: 180)
    r.initializeToReadyMs = Double(nowNanos() - t0) / 1e6
    log("initialize → ready: \(fmt(r.initializeToReadyMs, 1)) ms (initialize round trip \(fmt(initMs, 1)) ms)")
    if afterIndexing {
        // The background pass over the workspace's notes (spec/lsp.md) uses every core: with
        // --after-indexing, the measurements below start once it has ended.
        _ = try client.waitNotification(timeout: 300, what: "the end of the workspace indexing ($/progress end)") { m in
            m["method"]?.stringValue == "$/progress" && m["params"]?["value"]?["kind"]?.stringValue == "end"
        }
        r.indexedMs = Double(nowNanos() - t0) / 1e6
        log("initialize → workspace indexed: \(fmt(r.indexedMs, 1)) ms")
    }

    // didOpen → diagnostics, 2,000-line note: the note itself, then copies under other URIs.
    var opens: [Double] = []
    let sent = try client.notify("textDocument/didOpen", textDocumentItem(ws.medium.uri, text: ws.medium.text, version: 1))
    let (_, firstMs) = try client.waitDiagnostics(uri: ws.medium.uri, version: 1, after: sent)
    r.didOpenMediumFirstMs = firstMs
    opens.append(firstMs)
    for k in 0..<openRepeats {
        let uri = ws.medium.uri.replacingOccurrences(of: ".anno", with: "-copy\(k).anno")
        let t = try client.notify("textDocument/didOpen", textDocumentItem(uri, text: ws.medium.text, version: 1))
        let (_, ms) = try client.waitDiagnostics(uri: uri, version: 1, after: t)
        opens.append(ms)
        try client.notify("textDocument/didClose", .object(["textDocument": .object(["uri": .string(uri)])]))
    }
    r.didOpenMedium = Distribution(opens)
    log("didOpen → diagnostics (\(ws.medium.lines) lines): first \(fmt(firstMs, 2)) ms, p50 \(fmt(r.didOpenMedium.p50, 2)) ms over \(opens.count)")

    // Hover at citation titles.
    guard !ws.medium.hoverPositions.isEmpty else { throw BenchError("the note has no citations to hover") }
    var hoverTimes: [Double] = []
    for i in 0..<(hovers + 20) {
        let p = ws.medium.hoverPositions[(i * 7919) % ws.medium.hoverPositions.count]
        let (result, ms) = try client.call("textDocument/hover", .object(positionParams(ws.medium.uri, p)))
        if i < 20 { continue }   // warm-up
        hoverTimes.append(ms)
        if result.isNull { r.hoverNulls += 1 }
    }
    r.hover = Distribution(hoverTimes)
    log("hover: p50 \(fmt(r.hover.p50, 3)) ms, p99 \(fmt(r.hover.p99, 3)) ms (\(r.hoverNulls) empty)")

    // Completion, document settled: `[[Puz` typed once at the end of a prose line, its
    // diagnostics awaited, then requests at that position (the cost of completing alone).
    var version = 1
    let ends = ws.medium.proseLineEnds
    guard !ends.isEmpty else { throw BenchError("the note has no prose lines to type at") }
    do {
        let at = ends[ends.count / 2]
        version += 1
        let t = try client.notify("textDocument/didChange", didChange(ws.medium.uri, version: version, start: at, end: at, text: "[[Puz"))
        _ = try client.waitDiagnostics(uri: ws.medium.uri, version: version, after: t)
        var settled: [Double] = []
        var lastItems: [JSONValue] = []
        for i in 0..<(completions + 20) {
            var params = positionParams(ws.medium.uri, (at.line, at.character + 5))
            params["context"] = .object(["triggerKind": 1])
            let (result, ms, size) = try client.callSized("textDocument/completion", .object(params))
            if i < 20 { continue }
            settled.append(ms)
            r.completionBytes.append(size)
            let items = result["items"]?.arrayValue ?? result.arrayValue ?? []
            lastItems = items
            r.completionItems.append(items.count)
            if result["isIncomplete"]?.boolValue == true { r.completionIncomplete += 1 }
            if r.completionFirstLabel.isEmpty, let label = items.first?["label"]?.stringValue { r.completionFirstLabel = label }
        }
        r.completionSettled = Distribution(settled)
        // Resolve: each item of the last answer in turn, as the person moves through the list.
        if !lastItems.isEmpty && r.capabilities["completionProvider"]?["resolveProvider"]?.boolValue == true {
            var resolves: [Double] = []
            for i in 0..<(completions + 20) {
                let (resolved, ms) = try client.call("completionItem/resolve", lastItems[i % lastItems.count])
                if i < 20 { continue }
                resolves.append(ms)
                if resolved["documentation"]?["value"]?.stringValue?.isEmpty ?? true { r.resolveWithoutDocumentation += 1 }
            }
            r.resolve = Distribution(resolves)
            log("completionItem/resolve: p50 \(fmt(r.resolve.p50, 3)) ms, p99 \(fmt(r.resolve.p99, 3)) ms (\(r.resolveWithoutDocumentation) without documentation)")
        }
        version += 1
        let u = try client.notify("textDocument/didChange", didChange(ws.medium.uri, version: version, start: at, end: (at.line, at.character + 5), text: ""))
        _ = try client.waitDiagnostics(uri: ws.medium.uri, version: version, after: u)
        try client.drainNotifications()
        log("completion (settled): p50 \(fmt(r.completionSettled.p50, 3)) ms, p99 \(fmt(r.completionSettled.p99, 3)) ms, \(Int(median(r.completionBytes.map(Double.init)))) bytes, first item '\(r.completionFirstLabel)'")
    }

    // Completion while typing: each time `[[Puz` is typed at the end of another prose line
    // (didChange) and completion is requested at once, as an editor does; the edit is undone
    // afterwards. The round trip includes whatever the server does with the edit first.
    var completionTimes: [Double] = []
    for i in 0..<(completions + 20) {
        let at = ends[(i * 104_729) % ends.count]
        version += 1
        try client.notify("textDocument/didChange", didChange(ws.medium.uri, version: version, start: at, end: at, text: "[[Puz"))
        var params = positionParams(ws.medium.uri, (at.line, at.character + 5))
        params["context"] = .object(["triggerKind": 1])
        let (result, ms) = try client.call("textDocument/completion", .object(params))
        version += 1
        try client.notify("textDocument/didChange", didChange(ws.medium.uri, version: version, start: at, end: (at.line, at.character + 5), text: ""))
        if i < 20 { continue }
        completionTimes.append(ms)
        if (result["items"]?.arrayValue ?? result.arrayValue ?? []).isEmpty { r.completionEmptyWhileTyping += 1 }
    }
    r.completion = Distribution(completionTimes)
    log("completion (while typing): p50 \(fmt(r.completion.p50, 3)) ms, p99 \(fmt(r.completion.p99, 3)) ms")
    // Let the diagnostics of the last edits arrive, then forget them.
    _ = try client.waitDiagnostics(uri: ws.medium.uri, version: version, after: nowNanos(), timeout: 30)
    try client.drainNotifications()

    // The 20,000-line note: open it, then edits → diagnostics.
    let bigSent = try client.notify("textDocument/didOpen", textDocumentItem(ws.big.uri, text: ws.big.text, version: 1))
    let (_, bigOpenMs) = try client.waitDiagnostics(uri: ws.big.uri, version: 1, after: bigSent, timeout: 60)
    r.didOpenBigMs = bigOpenMs
    var bigVersion = 1
    var prose: [Double] = [], citation: [Double] = []
    for i in 0..<(bigEdits + 2) {
        // Type " x" at the end of a prose line, then delete it.
        let at = ws.big.proseLineEnds[(i * 7_919 + 13) % ws.big.proseLineEnds.count]
        bigVersion += 1
        var t = try client.notify("textDocument/didChange", didChange(ws.big.uri, version: bigVersion, start: at, end: at, text: " x"))
        var (_, ms) = try client.waitDiagnostics(uri: ws.big.uri, version: bigVersion, after: t)
        if i >= 2 { prose.append(ms) }
        bigVersion += 1
        t = try client.notify("textDocument/didChange", didChange(ws.big.uri, version: bigVersion, start: at, end: (at.line, at.character + 2), text: ""))
        (_, ms) = try client.waitDiagnostics(uri: ws.big.uri, version: bigVersion, after: t)
        if i >= 2 { prose.append(ms) }
        // Break a citation's title (an unknown document: suggestions are computed), then mend it.
        let title = ws.big.titleStarts[(i * 104_729 + 7) % ws.big.titleStarts.count]
        bigVersion += 1
        t = try client.notify("textDocument/didChange", didChange(ws.big.uri, version: bigVersion, start: title, end: title, text: "Q"))
        (_, ms) = try client.waitDiagnostics(uri: ws.big.uri, version: bigVersion, after: t)
        if i >= 2 { citation.append(ms) }
        bigVersion += 1
        t = try client.notify("textDocument/didChange", didChange(ws.big.uri, version: bigVersion, start: title, end: (title.line, title.character + 1), text: ""))
        (_, ms) = try client.waitDiagnostics(uri: ws.big.uri, version: bigVersion, after: t)
        if i >= 2 { citation.append(ms) }
    }
    r.changeBigProse = Distribution(prose)
    r.changeBigCitation = Distribution(citation)
    log("didChange → diagnostics (\(ws.big.lines) lines): prose p50 \(fmt(r.changeBigProse.p50, 2)) ms, citation p50 \(fmt(r.changeBigCitation.p50, 2)) ms")

    r.peakRSSMB = Double(procStatusKB(pid: client.child.pid, field: "VmHWM") ?? 0) / 1024
    // Note-size sweep: the cost of a keystroke as the note grows.
    for note in ws.sweep {
        var v = 1
        let t = try client.notify("textDocument/didOpen", textDocumentItem(note.uri, text: note.text, version: v))
        let (_, openMs) = try client.waitDiagnostics(uri: note.uri, version: v, after: t, timeout: 300)
        var changes: [Double] = []
        for i in 0..<6 {
            guard !note.proseLineEnds.isEmpty else { break }
            let at = note.proseLineEnds[(i * 7_919 + 5) % note.proseLineEnds.count]
            v += 1
            var t = try client.notify("textDocument/didChange", didChange(note.uri, version: v, start: at, end: at, text: " x"))
            var (_, ms) = try client.waitDiagnostics(uri: note.uri, version: v, after: t, timeout: 300)
            changes.append(ms)
            v += 1
            t = try client.notify("textDocument/didChange", didChange(note.uri, version: v, start: at, end: (at.line, at.character + 2), text: ""))
            (_, ms) = try client.waitDiagnostics(uri: note.uri, version: v, after: t, timeout: 300)
            changes.append(ms)
        }
        try client.notify("textDocument/didClose", .object(["textDocument": .object(["uri": .string(note.uri)])]))
        r.sweep.append((note.lines, openMs, Distribution(changes)))
        log("sweep \(note.lines) lines: didOpen → diagnostics \(fmt(openMs, 2)) ms, didChange → diagnostics p50 \(fmt(Distribution(changes).p50, 2)) ms")
    }
    try client.drainNotifications()

    r.peakRSSAfterSweepMB = Double(procStatusKB(pid: client.child.pid, field: "VmHWM") ?? 0) / 1024
    r.rssAtEndMB = Double(procStatusKB(pid: client.child.pid, field: "VmRSS") ?? 0) / 1024

    let (_, shutdownMs) = try client.call("shutdown", .null, timeout: 30)
    r.shutdownMs = shutdownMs
    try client.notify("exit", .null)
    r.exitStatus = client.closeAndWait(timeout: 10)
    r.serverRequests = client.serverRequests
    r.notifications = client.notificationCounts
    return r
}

// MARK: - The command

enum LSPCommand {
    static let usage = """
    usage: AnnoBench lsp [--docs 10000] [--anno PATH] [--hovers 500] [--completions 500]
                         [--lines 2000] [--big-lines 20000] [--edits 20] [--opens 10] [--seed S] [--verbose]
                         [--after-indexing]
    """

    static func run(_ args: Args) throws {
        let unknown = args.unknown(["docs", "anno", "hovers", "completions", "lines", "big-lines", "edits", "opens", "seed", "verbose", "results", "data", "wait-idle", "sweep-lines", "after-indexing"])
        if !unknown.isEmpty { throw BenchError("unknown option(s) \(unknown.map { "--" + $0 }.joined(separator: ", "))\n\(usage)") }
        let docs = try args.int("docs", default: 10_000)
        let anno = try Locations.anno(args.string("anno"))
        let ws = try makeLSPWorkspace(docs: docs, seed: UInt64(try args.int("seed", default: 1)),
                                      mediumLines: try args.int("lines", default: 2_000), bigLines: try args.int("big-lines", default: 20_000),
                                      root: Locations.corpusRoot(args.string("data")),
                                      sweepLines: try ScaleCommand.parseSizes(args.string("sweep-lines", default: "100,1k,10k,100k")))
        if let wait = try args.int("wait-idle") { waitForQuiet(threshold: 1.0, limit: Double(wait)) }
        let machine = MachineInfo.current(repo: Locations.repo)
        log("anno: \(anno); workspace \(ws.dir)")
        let logPath = ws.dir + "/anno-lsp.stderr.log"
        let r = try runLSPBenchmark(anno: anno, workspace: ws, documents: docs,
                                    hovers: try args.int("hovers", default: 500), completions: try args.int("completions", default: 500),
                                    bigEdits: try args.int("edits", default: 20), openRepeats: try args.int("opens", default: 10),
                                    verbose: args.flag("verbose"), logPath: logPath, afterIndexing: args.flag("after-indexing"))
        let table = lspTable(r, machine: machine)
        print(table)
        let json: JSONValue = .object([
            "command": "lsp", "machine": machine.json, "anno": .string(anno), "workspace": .string(ws.dir),
            "documents": num(docs),
            "mediumNote": .object(["lines": num(r.mediumLines), "citations": num(r.mediumCitations)]),
            "bigNote": .object(["lines": num(r.bigLines), "citations": num(r.bigCitations)]),
            "initializeRoundTripMs": num(r.initializeRoundTripMs), "initializeToReadyMs": num(r.initializeToReadyMs),
            "afterIndexing": .bool(args.flag("after-indexing")), "initializeToIndexedMs": num(r.indexedMs),
            "didOpenToDiagnosticsMs": .object(["first": num(r.didOpenMediumFirstMs), "all": r.didOpenMedium.json]),
            "didOpenBigToDiagnosticsMs": num(r.didOpenBigMs),
            "hoverMs": r.hover.json, "hoverEmpty": num(r.hoverNulls),
            "completionSettledMs": r.completionSettled.json, "completionWhileTypingMs": r.completion.json,
            "completionEmptyWhileTyping": num(r.completionEmptyWhileTyping),
            "completionItemsMedian": num(Int(median(r.completionItems.map(Double.init)))),
            "completionIncomplete": num(r.completionIncomplete), "completionFirstLabel": .string(r.completionFirstLabel),
            "completionSettledBytesMedian": num(Int(median(r.completionBytes.map(Double.init)))),
            "completionResolveMs": r.resolve.json, "completionResolveWithoutDocumentation": num(r.resolveWithoutDocumentation),
            "didChangeBigProseMs": r.changeBigProse.json, "didChangeBigCitationMs": r.changeBigCitation.json,
            "serverPeakRSSMB": num(r.peakRSSMB, 1), "serverPeakRSSAfterSweepMB": num(r.peakRSSAfterSweepMB, 1), "serverRSSAtEndMB": num(r.rssAtEndMB, 1),
            "shutdownMs": num(r.shutdownMs), "exitStatus": r.exitStatus.map { num(Int($0)) } ?? .null,
            "serverRequests": .object(r.serverRequests.mapValues { num($0) }),
            "notifications": .object(r.notifications.mapValues { num($0) }),
            "noteSizeSweep": .array(r.sweep.map { .object(["lines": num($0.lines), "didOpenToDiagnosticsMs": num($0.open), "didChangeToDiagnosticsMs": $0.change.json]) }),
            "capabilities": r.capabilities,
            "table": .string(table),
        ])
        let path = try writeResults(json, name: "lsp-d\(docs)", dir: try Locations.results(args.string("results")))
        log("results: \(path)")
    }

    static func lspTable(_ r: LSPResults, machine: MachineInfo) -> String {
        func ok(_ value: Double, _ limit: Double?) -> String {
            guard let limit, value.isFinite else { return "" }
            return value < limit ? " ✓" : " ✗"
        }
        let d = r.documents
        let (t6small, t6large) = (d <= 10_000, d >= 1_000_000)
        func target6(_ small: String, _ large: String) -> String { t6small ? small : (t6large ? large : "—") }
        var out = "## anno lsp — \(d)-document catalogue, \(r.mediumLines)-line note (\(r.mediumCitations) citations), \(r.bigLines)-line note\n\n"
        out += "Machine: \(machine.oneLine)\n\n"
        let rows: [[String]] = [
            ["initialize → ready (probe note's diagnostics)", fmt(r.initializeToReadyMs, 1) + ok(r.initializeToReadyMs, t6small ? 50 : (t6large ? 1500 : nil)), "—", target6("< 50", "< 1500")],
            ["initialize round trip", fmt(r.initializeRoundTripMs, 1), "—", "—"],
            ["didOpen → diagnostics, \(r.mediumLines) lines (first)", fmt(r.didOpenMediumFirstMs, 2) + ok(r.didOpenMediumFirstMs, 20), "< 20", "—"],
            ["didOpen → diagnostics, \(r.mediumLines) lines (p50 / max of \(r.didOpenMedium.count))", "\(fmt(r.didOpenMedium.p50, 2)) / \(fmt(r.didOpenMedium.max, 2))", "< 20", "—"],
            ["hover p50 / p95 / p99 / max (n=\(r.hover.count))", "\(fmt(r.hover.p50, 3)) / \(fmt(r.hover.p95, 3)) / \(fmt(r.hover.p99, 3))\(ok(r.hover.p99, t6small || t6large ? 1 : 2)) / \(fmt(r.hover.max, 3))", "p99 < 2", target6("p99 < 1", "p99 < 1")],
            ["completion at `[[Puz`, settled: p50 / p95 / p99 / max (n=\(r.completionSettled.count))", "\(fmt(r.completionSettled.p50, 3)) / \(fmt(r.completionSettled.p95, 3)) / \(fmt(r.completionSettled.p99, 3))\(ok(r.completionSettled.p99, t6small ? 1 : (t6large ? 5 : 2))) / \(fmt(r.completionSettled.max, 3))", "p99 < 2", target6("p99 < 1", "p99 < 5")],
            ["completion right after typing `[[Puz` (didChange, then request): p50 / p95 / p99 / max (n=\(r.completion.count))", "\(fmt(r.completion.p50, 3)) / \(fmt(r.completion.p95, 3)) / \(fmt(r.completion.p99, 3))\(ok(r.completion.p99, t6small ? 1 : (t6large ? 5 : 2))) / \(fmt(r.completion.max, 3))", "p99 < 2", target6("p99 < 1", "p99 < 5")],
            ["completionItem/resolve of those items' documentation: p50 / p95 / p99 / max (n=\(r.resolve.count))", r.resolve.count == 0 ? "—" : "\(fmt(r.resolve.p50, 3)) / \(fmt(r.resolve.p95, 3)) / \(fmt(r.resolve.p99, 3))\(ok(r.resolve.p99, 1)) / \(fmt(r.resolve.max, 3))", "—", "p99 < 1 (as hover)"],
            ["didOpen → diagnostics, \(r.bigLines) lines", fmt(r.didOpenBigMs, 2), "—", "—"],
            ["didChange (prose) → diagnostics, \(r.bigLines) lines, p50 / p95 / max", "\(fmt(r.changeBigProse.p50, 2)) / \(fmt(r.changeBigProse.p95, 2))\(ok(r.changeBigProse.p95, 10)) / \(fmt(r.changeBigProse.max, 2))", "—", "< 10"],
            ["didChange (citation) → diagnostics, \(r.bigLines) lines, p50 / p95 / max", "\(fmt(r.changeBigCitation.p50, 2)) / \(fmt(r.changeBigCitation.p95, 2))\(ok(r.changeBigCitation.p95, 10)) / \(fmt(r.changeBigCitation.max, 2))", "—", "< 10"],
            ["server peak RSS (VmHWM, MB; the two notes above open)", fmt(r.peakRSSMB, 1) + ok(r.peakRSSMB, t6small ? 50 : (t6large ? 600 : nil)), "—", target6("< 50", "< 600")],
        ]
        out += markdownTable(["measure (ms unless noted)", "Anno", "issue 3 target", "issue 6 target"], rows)
        if !r.sweep.isEmpty {
            out += "\nNote size (same catalogue): a keystroke's cost as the note grows\n\n"
            out += markdownTable(["note lines", "didOpen → diagnostics ms", "didChange → diagnostics p50 / max ms (n)"],
                                 r.sweep.map { [String($0.lines), fmt($0.open, 2), "\(fmt($0.change.p50, 2)) / \(fmt($0.change.max, 2)) (\($0.change.count))"] })
            out += "\nServer peak RSS after the sweep: \(fmt(r.peakRSSAfterSweepMB, 1)) MB.\n"
        }
        let items = median(r.completionItems.map(Double.init))
        out += "\nCompletion (settled): median \(fmt(items, 0)) items (\(fmt(median(r.completionBytes.map(Double.init)), 0)) bytes), isIncomplete on \(r.completionIncomplete)/\(r.completionSettled.count), first item '\(r.completionFirstLabel)'; while typing, \(r.completionEmptyWhileTyping) empty lists. Hover: \(r.hoverNulls) empty results. Shutdown round trip \(fmt(r.shutdownMs, 2)) ms, exit status \(r.exitStatus.map(String.init) ?? "none (killed)").\n"
        return out
    }
}
