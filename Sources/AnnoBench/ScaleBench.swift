#if canImport(Glibc)
import Glibc
#endif
import AnnoJSON
import Foundation

/// Catalogue size 1k → 1M: load + index cost and memory grow with the catalogue; checking
/// throughput (index built) should not.
enum ScaleCommand {
    static let usage = """
    usage: AnnoBench scale [--max-docs 1000000] [--sizes 1k,10k,100k,1M] [--notes 1000] [--lines 100]
                           [--runs 3] [--anno PATH] [--no-lsp] [--hovers 200] [--completions 200] [--edits 10]
    """

    static func parseSizes(_ s: String) throws -> [Int] {
        try s.split(separator: ",").map { part in
            var t = part.trimmingCharacters(in: .whitespaces)
            var scale = 1
            if t.hasSuffix("k") || t.hasSuffix("K") { scale = 1_000; t.removeLast() }
            else if t.hasSuffix("M") { scale = 1_000_000; t.removeLast() }
            guard let n = Int(t) else { throw BenchError("bad size '\(part)'") }
            return n * scale
        }
    }

    struct Row {
        var docs: Int
        var catalogueMB: Double
        var inProcess: JSONValue
        var e2e: EndToEnd
        var lsp: LSPResults?
        /// initialize → ready with an empty index cache (the catalogue parsed and indexed, the
        /// snapshot written); `lsp` runs after, with the snapshot in place.
        var coldReadyMs: Double?
    }

    static func run(_ args: Args) throws {
        let unknown = args.unknown(["max-docs", "sizes", "notes", "lines", "runs", "anno", "no-lsp", "hovers", "completions", "edits", "seed", "results", "data", "keep", "wait-idle"])
        if !unknown.isEmpty { throw BenchError("unknown option(s) \(unknown.map { "--" + $0 }.joined(separator: ", "))\n\(usage)") }
        let maxDocs = try args.int("max-docs", default: 1_000_000)
        let sizes = try parseSizes(args.string("sizes", default: "1k,10k,100k,1M")).filter { $0 <= maxDocs }
        let notes = try args.int("notes", default: 1_000)
        let lines = try args.int("lines", default: 100)
        let runs = try args.int("runs", default: 3)
        let seed = UInt64(try args.int("seed", default: 1))
        let anno = try Locations.anno(args.string("anno"))
        let root = Locations.corpusRoot(args.string("data"))
        let machine = MachineInfo.current(repo: Locations.repo)
        log("anno: \(anno); sizes \(sizes)")
        var rows: [Row] = []
        let waitIdle = try args.int("wait-idle")
        for docs in sizes {
            log("— \(docs) documents")
            if let waitIdle { waitForQuiet(threshold: 1.0, limit: Double(waitIdle)) }
            let dir = try ensureCorpus(docs: docs, notes: notes, lines: lines, seed: seed, root: root)
            let corpus = try Corpus(dir: dir)
            // In-process numbers from a fresh process, so memory is this size's alone.
            let tmp = NSTemporaryDirectory() + "anno-bench-scale-\(getpid()).json"
            defer { unlink(tmp) }
            let child = try runMeasured([Locations.ownExecutable, "scale-one", "--dir", dir, "--runs", String(runs)],
                                        stdoutPath: tmp, stderrPath: "-")
            guard child.status == 0 else { throw BenchError("scale-one failed for \(dir) (status \(child.status))") }
            var inProcess = try JSON.parse(try readFileBytes(tmp))
            if case .object(var o) = inProcess { o["processPeakRSSMB"] = num(Double(child.maxRSSKB) / 1024, 1); inProcess = .object(o) }
            // A cache directory of this size's own, empty: the first server run is cold (it builds
            // the index and writes the snapshot); `anno check` and the measured server run are warm.
            var cacheTemplate = Array((NSTemporaryDirectory() + "anno-bench-cache-XXXXXX").utf8CString)
            guard let cacheDir = mkdtemp(&cacheTemplate) else { throw BenchError("mkdtemp failed") }
            setenv("ANNO_CACHE_DIR", cacheDir, 1)
            var coldReady: Double?
            if !args.flag("no-lsp") {
                let ws = try makeLSPWorkspace(docs: docs, seed: seed, mediumLines: 2_000, bigLines: 20_000, root: root, catalogue: dir + "/catalogue.json")
                let cold = try runLSPBenchmark(anno: anno, workspace: ws, documents: docs, hovers: 20, completions: 20, bigEdits: 2,
                                               openRepeats: 1, verbose: false, logPath: ws.dir + "/anno-lsp-cold.stderr.log")
                coldReady = cold.initializeToReadyMs
            }
            let e2e = try runAnnoCheck(anno: anno, corpus: corpus, runs: runs)
            var lsp: LSPResults?
            if !args.flag("no-lsp") {
                let ws = try makeLSPWorkspace(docs: docs, seed: seed, mediumLines: 2_000, bigLines: 20_000, root: root, catalogue: dir + "/catalogue.json")
                lsp = try runLSPBenchmark(anno: anno, workspace: ws, documents: docs,
                                          hovers: try args.int("hovers", default: 200), completions: try args.int("completions", default: 200),
                                          bigEdits: try args.int("edits", default: 10), openRepeats: 5, verbose: false,
                                          logPath: ws.dir + "/anno-lsp.stderr.log")
            }
            let catalogueMB = Double(inProcess["catalogueBytes"]?.intValue ?? 0) / 1e6
            rows.append(Row(docs: docs, catalogueMB: catalogueMB, inProcess: inProcess, e2e: e2e, lsp: lsp, coldReadyMs: coldReady))
            unsetenv("ANNO_CACHE_DIR")
            if !args.flag("keep") && docs >= 1_000_000 {
                // The 1M corpus is ~0.4 GB; keep it unless asked (rerunning regenerates it in a minute).
            }
        }
        let table = scaleTable(rows, machine: machine, notes: notes, lines: lines)
        print(table)
        let json: JSONValue = .object([
            "command": "scale", "machine": machine.json, "anno": .string(anno), "notes": num(notes), "linesPerNote": num(lines),
            "rows": .array(rows.map { row in
                var o: [String: JSONValue] = [
                    "documents": num(row.docs), "catalogueMB": num(row.catalogueMB, 1), "inProcess": row.inProcess,
                    "endToEnd": .object(["wallSeconds": row.e2e.wall.json, "mbPerSecond": num(row.e2e.mbPerSecond, 1),
                                         "cpuSeconds": num(row.e2e.cpuSeconds), "mbPerCPUSecond": num(Double(row.e2e.noteBytes) / 1e6 / row.e2e.cpuSeconds, 1),
                                         "citationsPerSecond": num(row.e2e.citationsPerSecond, 0), "peakRSSMB": num(row.e2e.peakRSSMB, 1),
                                         "summary": row.e2e.summary ?? .null]),
                ]
                if let l = row.lsp {
                    o["lsp"] = .object([
                        "initializeToReadyMs": num(l.initializeToReadyMs), "initializeToReadyColdMs": row.coldReadyMs.map { num($0) } ?? .null,
                        "didOpenToDiagnosticsMs": num(l.didOpenMedium.p50),
                        "hoverMs": l.hover.json, "completionSettledMs": l.completionSettled.json, "completionWhileTypingMs": l.completion.json,
                        "didChangeBigProseMs": l.changeBigProse.json, "didChangeBigCitationMs": l.changeBigCitation.json,
                        "serverPeakRSSMB": num(l.peakRSSMB, 1),
                    ])
                }
                return .object(o)
            }),
            "table": .string(table),
        ])
        let path = try writeResults(json, name: "scale", dir: try Locations.results(args.string("results")))
        log("results: \(path)")
    }

    static func scaleTable(_ rows: [Row], machine: MachineInfo, notes: Int, lines: Int) -> String {
        var out = "## Scale — catalogue 1k → 1M documents; the same shape of notes (\(notes) notes × \(lines) lines)\n\n"
        out += "Machine: \(machine.oneLine)\n\n"
        func ip(_ row: Row, _ path: [String]) -> Double {
            var v: JSONValue? = row.inProcess
            for k in path { v = v?[k] }
            return v?.doubleValue ?? .nan
        }
        out += "Catalogue load and index (in-process, fresh process per size):\n\n"
        out += markdownTable(["documents", "catalogue MB", "read ms", "parse ms", "index ms", "load+index ms", "RSS after (MB)", "process peak (MB)"],
                             rows.map { r in [String(r.docs), fmt(r.catalogueMB, 1), fmt(ip(r, ["catalogue", "readMs"]), 1),
                                              fmt(ip(r, ["catalogue", "parseMs"]), 1), fmt(ip(r, ["catalogue", "indexMs"]), 1),
                                              fmt(ip(r, ["catalogue", "totalMs"]), 1), fmt(ip(r, ["catalogue", "rssAfterMB"]), 0),
                                              fmt(ip(r, ["processPeakRSSMB"]), 0)] })
        out += "\nChecking with the index built (in-process) and `anno check` end to end (includes the catalogue load):\n\n"
        out += markdownTable(["documents", "check 1 thread MB/s", "MB per CPU-s", "citations/s", "check 2 threads MB/s", "2 threads MB per CPU-s", "anno check wall s", "anno check MB/s", "anno check MB per CPU-s", "anno check citations/s", "anno check peak RSS MB"],
                             rows.map { r in [String(r.docs), fmt(ip(r, ["checkOneThread", "mbPerSecond"]), 1), fmt(ip(r, ["checkOneThread", "mbPerCPUSecond"]), 1),
                                              fmt(ip(r, ["checkOneThread", "citationsPerSecond"]), 0),
                                              fmt(ip(r, ["checkParallel", "mbPerSecond"]), 1), fmt(ip(r, ["checkParallel", "mbPerCPUSecond"]), 1),
                                              fmt(r.e2e.medianWall, 3), fmt(r.e2e.mbPerSecond, 1), fmt(Double(r.e2e.noteBytes) / 1e6 / r.e2e.cpuSeconds, 1), fmt(r.e2e.citationsPerSecond, 0), fmt(r.e2e.peakRSSMB, 0)] })
        if rows.contains(where: { $0.lsp != nil }) {
            out += "\n`anno lsp` at each size (2,000-line note; 20,000-line note for didChange):\n\n"
            out += markdownTable(["documents", "init → ready ms (cold / snapshot)", "didOpen → diag ms (p50)", "hover p50 / p99 ms", "completion settled p50 / p99 ms", "completion while typing p50 / p99 ms", "didChange 20k prose p50 ms", "didChange 20k citation p50 ms", "server peak RSS MB"],
                                 rows.compactMap { r in
                                     guard let l = r.lsp else { return nil }
                                     return [String(r.docs), "\(r.coldReadyMs.map { fmt($0, 1) } ?? "—") / \(fmt(l.initializeToReadyMs, 1))", fmt(l.didOpenMedium.p50, 2),
                                             "\(fmt(l.hover.p50, 3)) / \(fmt(l.hover.p99, 3))", "\(fmt(l.completionSettled.p50, 3)) / \(fmt(l.completionSettled.p99, 3))", "\(fmt(l.completion.p50, 3)) / \(fmt(l.completion.p99, 3))",
                                             fmt(l.changeBigProse.p50, 2), fmt(l.changeBigCitation.p50, 2), fmt(l.peakRSSMB, 0)]
                                 })
        }
        return out
    }

    /// In a fresh process: load + index the corpus's catalogue and check its notes; JSON on stdout.
    static func runOne(_ args: Args) throws {
        guard let dir = args.string("dir") else { throw BenchError("scale-one needs --dir") }
        let runs = try args.int("runs", default: 3)
        let corpus = try Corpus(dir: dir)
        let p = try measureInProcess(corpus, runs: runs, threads: ProcessInfo.processInfo.activeProcessorCount)
        func tp(_ r: ThroughputRun) -> JSONValue {
            .object(["medianSeconds": num(r.median, 4), "mbPerSecond": num(r.mbPerSecond, 1), "mbPerCPUSecond": num(r.cpuMBPerSecond, 1),
                     "citationsPerSecond": num(r.citationsPerSecond, 0)])
        }
        let json: JSONValue = .object([
            "documents": num(p.load.documents), "catalogueBytes": num(p.load.catalogueBytes),
            "catalogue": .object(["readMs": num(p.load.readSeconds * 1000, 1), "parseMs": num(p.load.parseSeconds * 1000, 1),
                                  "indexMs": num(p.load.indexSeconds * 1000, 1), "totalMs": num(p.load.totalSeconds * 1000, 1),
                                  "rssAfterMB": num(p.load.rssAfterMB, 1), "rssGrowthMB": num(p.load.rssAfterMB - p.load.rssBeforeMB, 1),
                                  "peakMB": num(p.load.peakMB, 1)]),
            "parseOnly": tp(p.parse), "checkOneThread": tp(p.checkSingle), "checkParallel": tp(p.checkParallel),
            "tally": .object(["citations": num(p.checkSingle.tally.citations), "errors": num(p.checkSingle.tally.errors),
                              "warnings": num(p.checkSingle.tally.warnings)]),
        ])
        print(JSON.serializeString(json, pretty: true))
    }
}
