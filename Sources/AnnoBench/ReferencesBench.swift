#if canImport(Glibc)
import Glibc
#endif
import AnnoJSON
import AnnoSyntax
import Foundation

/// `references (--dir DIR | --docs N --notes M --lines L) [--requests 100] [--anno PATH]`:
/// find references over a whole workspace (`AnnoBench check`'s corpus, 10,000 notes by default).
///
/// 1. `initialize` with the corpus as the workspace folder and work-done progress on; the server
///    indexes every note in the background. **initialize → index built** runs from sending
///    `initialize` to the `$/progress` `end` of that pass.
/// 2. One note of the corpus is opened; `textDocument/references` is sent at its clean citations,
///    one after another, after 5 warm-up requests: the round trip p50 / p99, and how many
///    locations came back (every citation of the document across the workspace).
/// 3. The server's peak RSS (VmHWM), then shutdown and exit.
enum ReferencesCommand {
    static let usage = """
    usage: AnnoBench references (--dir DIR | --docs N [--notes M] [--lines L] [--seed S])
                                [--anno PATH] [--requests R] [--results DIR]
    """

    static func run(_ args: Args) throws {
        let unknown = args.unknown(["dir", "docs", "notes", "lines", "seed", "anno", "requests", "results", "data", "wait-idle", "verbose"])
        if !unknown.isEmpty { throw BenchError("unknown option(s) \(unknown.map { "--" + $0 }.joined(separator: ", "))\n\(usage)") }
        let dir: String
        if let d = args.string("dir") {
            dir = absolutePath(d)
        } else {
            dir = try ensureCorpus(docs: try args.int("docs", default: 10_000), notes: try args.int("notes", default: 10_000),
                                   lines: try args.int("lines", default: 100), seed: UInt64(try args.int("seed", default: 1)),
                                   root: Locations.corpusRoot(args.string("data")))
        }
        let corpus = try Corpus(dir: dir)
        guard !corpus.notes.isEmpty else { throw BenchError("no .anno notes under \(corpus.dir)") }
        let anno = try Locations.anno(args.string("anno"))
        let requests = max(1, try args.int("requests", default: 100))
        if let wait = try args.int("wait-idle") { waitForQuiet(threshold: 1.0, limit: Double(wait)) }
        let machine = MachineInfo.current(repo: Locations.repo)
        log("anno: \(anno)")
        log("corpus: \(corpus.dir): \(corpus.notes.count) notes, \(fmt(Double(corpus.noteBytes) / 1e6, 1)) MB")
        let resultsDir = try Locations.results(args.string("results"))
        let r = try measure(anno: anno, corpus: corpus, requests: requests, verbose: args.flag("verbose"),
                            logPath: resultsDir + "/references-server-stderr.log")

        var md = "## find references — \(corpus.notes.count) notes, \(fmt(Double(corpus.noteBytes) / 1e6, 1)) MB, \(corpus.documents.map(String.init) ?? "?")-document catalogue\n\n"
        md += "Machine: \(machine.oneLine)\n\n"
        md += markdownTable(["measure", "value", "target"], [
            ["initialize → workspace index built ($/progress end), ms", fmt(r.indexBuiltMs, 1), "—"],
            ["server CPU seconds by then (user + system; catalogue load included)", fmt(r.serverCPUAtIndexBuilt, 2), "—"],
            ["first references right after the index is built, ms (\(r.firstLocations) locations)", fmt(r.firstMs, 2), "< 2000"],
            ["references p50 / p95 / p99 / max, ms (n=\(r.roundTrips.count))",
             "\(fmt(r.roundTrips.p50, 2)) / \(fmt(r.roundTrips.p95, 2)) / \(fmt(r.roundTrips.p99, 2)) / \(fmt(r.roundTrips.max, 2))", "< 2000"],
            ["locations per answer, median (min–max)", "\(Int(median(r.locations.map(Double.init)))) (\(r.locations.min() ?? 0)–\(r.locations.max() ?? 0))", "—"],
            ["progress reports during indexing", String(r.progressReports), "—"],
            ["server peak RSS (VmHWM), MB", fmt(r.peakRSSMB, 1), "—"],
        ])
        md += "\nThe server exited with status \(r.exitStatus.map(String.init) ?? "?"); load average at the end \(fmt(loadAverage(), 2)).\n"
        print(md)

        let json: JSONValue = .object([
            "kind": "references",
            "machine": machine.json,
            "anno": .string(anno),
            "corpus": .object(["dir": .string(corpus.dir), "notes": num(corpus.notes.count), "noteBytes": num(corpus.noteBytes),
                               "documents": corpus.documents.map(num) ?? .null]),
            "initializeToIndexBuiltMs": num(r.indexBuiltMs),
            "serverCPUSecondsAtIndexBuilt": num(r.serverCPUAtIndexBuilt),
            "firstReferencesMs": num(r.firstMs),
            "firstReferencesLocations": num(r.firstLocations),
            "references": r.roundTrips.json,
            "locations": .array(r.locations.map(num)),
            "progressReports": num(r.progressReports),
            "serverPeakRSSMB": num(r.peakRSSMB),
            "exitStatus": r.exitStatus.map { num(Int($0)) } ?? .null,
        ])
        let path = try writeResults(json, name: "references-n\(corpus.notes.count)", dir: resultsDir)
        log("results: \(path)")
    }

    struct Results {
        var indexBuiltMs = Double.nan
        /// The server's user + system CPU seconds when the index was built (catalogue load included).
        var serverCPUAtIndexBuilt = Double.nan
        var firstMs = Double.nan
        var firstLocations = 0
        var roundTrips = Distribution([])
        var locations: [Int] = []
        var progressReports = 0
        var peakRSSMB = Double.nan
        var exitStatus: Int32?
    }

    static func measure(anno: String, corpus: Corpus, requests: Int, verbose: Bool, logPath: String) throws -> Results {
        var r = Results()
        // The note to ask from, and the clean citations in it (the first note with any).
        var opened: (path: String, text: String, positions: [(line: Int, character: Int)])?
        for note in corpus.notes.prefix(50) {
            let bytes = try readFileBytes(note.path)
            let table = LineTable(bytes)
            let parsed = NoteParser.parse(bytes)
            let positions = parsed.citations.filter { $0.isClosed && $0.parts.count >= 2 && !$0.parts[1].isEmpty }.map { c -> (line: Int, character: Int) in
                let p = table.position(ofByte: c.parts[1].range.lowerBound + 1, in: .utf16)
                return (p.line, p.column)
            }
            if !positions.isEmpty { opened = (note.path, String(decoding: bytes, as: UTF8.self), positions); break }
        }
        guard let opened else { throw BenchError("no note with citations among the first 50") }
        let uri = fileURI(opened.path)

        let client = try LSPClient(argv: [anno, "lsp"], stderrPath: logPath)
        client.logTraffic = verbose
        defer { if client.child.wait(timeout: 0) == nil { client.child.kill() } }
        let rootURI = fileURI(corpus.dir)
        let t0 = nowNanos()
        let (initID, initSent) = try client.request("initialize", .object([
            "processId": num(Int(getpid())),
            "clientInfo": .object(["name": "anno-bench", "version": "1"]),
            "rootUri": .string(rootURI),
            "workspaceFolders": .array([.object(["uri": .string(rootURI), "name": "corpus"])]),
            "capabilities": .object([
                "general": .object(["positionEncodings": .array(["utf-16"])]),
                "workspace": .object(["workspaceFolders": true, "configuration": false]),
                "window": .object(["workDoneProgress": true]),
            ]),
        ]))
        _ = try client.response(initID, sent: initSent, timeout: 120)
        try client.notify("initialized", .object([:]))
        // The background pass ends with a `$/progress` whose value is `end`.
        let end = try client.waitNotification(timeout: 600, what: "the $/progress end of workspace indexing") { m in
            m["method"]?.stringValue == "$/progress" && m["params"]?["value"]?["kind"]?.stringValue == "end"
        }
        r.indexBuiltMs = Double(end.arrival - t0) / 1e6
        r.serverCPUAtIndexBuilt = processCPUSeconds(pid: client.child.pid)
        r.progressReports = client.notificationCounts["$/progress"] ?? 0
        log("initialize → index built: \(fmt(r.indexBuiltMs, 1)) ms, server CPU \(fmt(r.serverCPUAtIndexBuilt, 2)) s (\(r.progressReports) progress notifications)")

        let openSent = try client.notify("textDocument/didOpen", textDocumentItem(uri, text: opened.text, version: 1))
        _ = try client.waitDiagnostics(uri: uri, version: 1, after: openSent, timeout: 120)
        func references(_ p: (line: Int, character: Int)) throws -> (Int, Double) {
            var params = positionParams(uri, p)
            params["context"] = .object(["includeDeclaration": false])
            let (result, ms) = try client.call("textDocument/references", .object(params), timeout: 120)
            return (result.arrayValue?.count ?? 0, ms)
        }
        (r.firstLocations, r.firstMs) = try references(opened.positions[0])
        log("first references: \(fmt(r.firstMs, 2)) ms, \(r.firstLocations) locations")
        var times: [Double] = []
        for i in 0..<(requests + 5) {
            let (count, ms) = try references(opened.positions[i % opened.positions.count])
            if i < 5 { continue }
            times.append(ms)
            r.locations.append(count)
        }
        r.roundTrips = Distribution(times)
        log("references: p50 \(fmt(r.roundTrips.p50, 2)) ms, p99 \(fmt(r.roundTrips.p99, 2)) ms")
        r.peakRSSMB = Double(procStatusKB(pid: client.child.pid, field: "VmHWM") ?? 0) / 1024
        _ = try client.call("shutdown", .null)
        try client.notify("exit", .null)
        r.exitStatus = client.closeAndWait(timeout: 10)
        return r
    }
}

/// User + system CPU seconds of another process so far (/proc/PID/stat), NaN when unreadable.
func processCPUSeconds(pid: Int32) -> Double {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = text.lastIndex(of: ")") else { return .nan }
    // After "pid (comm)": state is field 3; utime and stime are fields 14 and 15.
    let fields = text[text.index(after: close)...].split(separator: " ")
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}
