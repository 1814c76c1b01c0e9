#if canImport(Glibc)
import Glibc
#endif
import AnnoCatalogue
import AnnoCheck
import AnnoJSON
import AnnoSyntax
import Dispatch
import Foundation

// MARK: - The corpus under test

/// A project directory (anno.json, catalogues, notes) and what the generator says is in it.
struct Corpus {
    var dir: String
    var notes: [(path: String, size: Int)]
    var noteBytes: Int
    var catalogues: [String]
    var manifest: JSONValue?

    init(dir: String) throws {
        let root = absolutePath(dir)
        self.dir = root
        notes = findNotes(self.dir)
        noteBytes = notes.reduce(0) { $0 + $1.size }
        let config = try JSON.parse(try readFileBytes(self.dir + "/anno.json"))
        catalogues = (config["catalogues"]?.arrayValue ?? []).compactMap(\.stringValue).map { $0.hasPrefix("/") ? $0 : root + "/" + $0 }
        manifest = (try? readFileBytes(self.dir + "/bench-manifest.json")).flatMap { try? JSON.parse($0) }
    }

    var documents: Int? { manifest?["documents"]?.intValue }
    var expectedCitations: Int? { manifest?["citations"]?.intValue }
    var expectedErrors: Int? { manifest?["expectedErrors"]?.intValue }
    var expectedWarnings: Int? { manifest?["expectedWarnings"]?.intValue }
}

/// Generates the corpus for these parameters under the data root unless it is already there.
func ensureCorpus(docs: Int, notes: Int, lines: Int, seed: UInt64, root: String, noteOptions: NoteOptions = NoteOptions()) throws -> String {
    let dir = root + "/corpus-d\(docs)-n\(notes)-l\(lines)-s\(seed)"
    if fileExists(dir + "/bench-manifest.json") {
        log("using the corpus in \(dir)")
        return dir
    }
    _ = try generateProject(GenerateOptions(docs: docs, notes: notes, lines: lines, seed: seed, out: dir, noteOptions: noteOptions))
    return dir
}

// MARK: - In-process measurements

/// Counts of what a check found, summed over notes.
struct CheckTally: Sendable {
    var files = 0, citations = 0, errors = 0, warnings = 0, infos = 0, hints = 0
    mutating func add(_ r: CheckResult) {
        files += 1
        citations += r.note.citations.count
        for d in r.diagnostics {
            switch d.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .info: infos += 1
            case .hint: hints += 1
            }
        }
    }
    static func + (a: CheckTally, b: CheckTally) -> CheckTally {
        CheckTally(files: a.files + b.files, citations: a.citations + b.citations, errors: a.errors + b.errors,
                   warnings: a.warnings + b.warnings, infos: a.infos + b.infos, hints: a.hints + b.hints)
    }
}

final class Box<T>: @unchecked Sendable {
    var value: T
    let lock = NSLock()
    init(_ v: T) { value = v }
    func update(_ f: (inout T) -> Void) { lock.lock(); f(&value); lock.unlock() }
}

struct CatalogueLoadTiming {
    var readSeconds: Double
    var parseSeconds: Double
    var indexSeconds: Double
    var documents: Int
    var catalogueBytes: Int
    var rssBeforeMB: Double
    var rssAfterMB: Double
    var peakMB: Double
    var totalSeconds: Double { readSeconds + parseSeconds + indexSeconds }
}

/// Loads the corpus's catalogues as `anno check` does (bundled + listed), timing each step.
func loadIndex(_ corpus: Corpus) throws -> (CatalogueIndex, CatalogueLoadTiming) {
    _ = CatalogueLoader.bundled   // parse the bundled catalogue outside the timings
    let rssBefore = currentRSSMB()
    resetPeakRSS()
    var bytesList: [[UInt8]] = []
    let (_, readSeconds) = try timed { for path in corpus.catalogues { bytesList.append(try readFileBytes(path)) } }
    let catalogueBytes = bytesList.reduce(0) { $0 + $1.count }
    var catalogues: [Catalogue] = [CatalogueLoader.bundled]
    let (_, parseSeconds) = timed {
        for (path, bytes) in zip(corpus.catalogues, bytesList) {
            catalogues.append(CatalogueLoader.load(json: bytes, path: path, defaultName: (path as NSString).lastPathComponent))
        }
    }
    bytesList = []
    for c in catalogues where !c.problems.isEmpty {
        log("catalogue \(c.name): \(c.problems.count) problems, first: \(c.problems[0])")
    }
    let (index, indexSeconds) = timed { CatalogueIndex(catalogues: catalogues) }
    catalogues = []
    let timing = CatalogueLoadTiming(readSeconds: readSeconds, parseSeconds: parseSeconds, indexSeconds: indexSeconds,
                                     documents: index.count, catalogueBytes: catalogueBytes,
                                     rssBeforeMB: rssBefore, rssAfterMB: currentRSSMB(), peakMB: peakRSSMB())
    return (index, timing)
}

struct ThroughputRun {
    var seconds: [Double]
    /// Process CPU seconds per run: for one thread, robust to other work on the machine.
    var cpuSeconds: [Double] = []
    var bytes: Int
    var tally: CheckTally
    var best: Double { seconds.min() ?? .nan }
    var median: Double { AnnoBench.median(seconds) }
    var mbPerSecond: Double { Double(bytes) / 1e6 / median }
    var bestMBPerSecond: Double { Double(bytes) / 1e6 / best }
    var citationsPerSecond: Double { Double(tally.citations) / median }
    var cpuMBPerSecond: Double { Double(bytes) / 1e6 / AnnoBench.median(cpuSeconds) }
}

/// Runs `work` over every note on `threads` threads (files handed out dynamically), `runs` times.
func measureNotes(_ notes: [[UInt8]], threads: Int, runs: Int, _ work: @escaping @Sendable ([UInt8], inout CheckTally) -> Void) -> ThroughputRun {
    let bytes = notes.reduce(0) { $0 + $1.count }
    var seconds: [Double] = []
    var cpu: [Double] = []
    var tally = CheckTally()
    for _ in 0..<runs {
        let next = Box(0)
        let total = Box(CheckTally())
        let cpuStart = processCPUSeconds()
        let start = nowNanos()
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            var local = CheckTally()
            while true {
                var i = 0
                next.update { i = $0; $0 += 1 }
                if i >= notes.count { break }
                work(notes[i], &local)
            }
            let l = local
            total.update { $0 = $0 + l }
        }
        seconds.append(Double(nowNanos() - start) / 1e9)
        cpu.append(processCPUSeconds() - cpuStart)
        tally = total.value
    }
    return ThroughputRun(seconds: seconds, cpuSeconds: cpu, bytes: bytes, tally: tally)
}

enum AnnoBench {
    static func median(_ xs: [Double]) -> Double { Distribution(xs).p50 }
}

struct InProcessCheck {
    var load: CatalogueLoadTiming
    var parse: ThroughputRun
    var lineTable: ThroughputRun
    var checkSingle: ThroughputRun
    var checkParallel: ThroughputRun
    var threads: Int
}

func measureInProcess(_ corpus: Corpus, runs: Int, threads: Int) throws -> InProcessCheck {
    let (index, load) = try loadIndex(corpus)
    let checker = Checker(index: index)
    let notes = try corpus.notes.map { try readFileBytes($0.path) }
    // Warm up (first-touch allocations, lazy statics).
    for n in notes.prefix(50) { _ = checker.check(n) }
    let parse = measureNotes(notes, threads: 1, runs: runs) { bytes, t in
        let note = NoteParser.parse(bytes)
        t.files += 1
        t.citations += note.citations.count
    }
    let lineTable = measureNotes(notes, threads: 1, runs: runs) { bytes, t in
        let table = LineTable(bytes)
        t.files += 1
        t.citations += table.lineCount
    }
    let single = measureNotes(notes, threads: 1, runs: runs) { bytes, t in t.add(checker.check(bytes)) }
    let parallel = measureNotes(notes, threads: threads, runs: runs) { bytes, t in t.add(checker.check(bytes)) }
    withExtendedLifetime(index) {}
    return InProcessCheck(load: load, parse: parse, lineTable: lineTable, checkSingle: single, checkParallel: parallel, threads: threads)
}

// MARK: - End to end: the real `anno check`

struct EndToEnd {
    var runs: [ChildRun]
    var exitStatus: Int32
    var summary: JSONValue?
    var noteBytes: Int
    var wall: Distribution { Distribution(runs.map(\.wallSeconds)) }
    var medianWall: Double { wall.p50 }
    var mbPerSecond: Double { Double(noteBytes) / 1e6 / medianWall }
    var citations: Int { summary?["citations"]?.intValue ?? 0 }
    var citationsPerSecond: Double { Double(citations) / medianWall }
    var peakRSSMB: Double { Double(runs.map(\.maxRSSKB).max() ?? 0) / 1024 }
    var cpuSeconds: Double { median(runs.map { $0.userSeconds + $0.systemSeconds }) }
}

func runAnnoCheck(anno: String, corpus: Corpus, runs: Int, warmup: Bool = true) throws -> EndToEnd {
    let out = NSTemporaryDirectory() + "anno-bench-check-\(getpid()).json"
    let err = NSTemporaryDirectory() + "anno-bench-check-\(getpid()).err"
    defer { unlink(out); unlink(err) }
    let argv = [anno, "check", "--format", "json", corpus.dir]
    if warmup { _ = try runMeasured(argv, stdoutPath: out, stderrPath: err) }
    var results: [ChildRun] = []
    for _ in 0..<runs {
        let r = try runMeasured(argv, stdoutPath: out, stderrPath: err)
        if r.status >= 2 {
            let message = String(decoding: (try? readFileBytes(err)) ?? [], as: UTF8.self)
            throw BenchError("\(argv.joined(separator: " ")) exited with \(r.status): \(message.prefix(2000))")
        }
        results.append(r)
    }
    let output = try readFileBytes(out)
    let summary = (try? JSON.parse(output))?["summary"]
    return EndToEnd(runs: results, exitStatus: results.last?.status ?? -1, summary: summary, noteBytes: corpus.noteBytes)
}

// MARK: - The command

enum CheckCommand {
    static let usage = """
    usage: AnnoBench check (--dir DIR | --docs N [--notes M] [--lines L] [--seed S])
                           [--anno PATH] [--runs R] [--threads T] [--no-in-process] [--results DIR]
    Runs `anno check --format json DIR` R times (after one warm-up run) and measures the same
    work in-process: catalogue load + index, then checking with the index already built.
    Without --dir, a corpus is generated (and cached) under $ANNO_BENCH_DATA or /tmp/anno-bench.
    """

    static func run(_ args: Args) throws {
        let unknown = args.unknown(["dir", "docs", "notes", "lines", "seed", "anno", "runs", "threads", "no-in-process", "results", "data", "wait-idle"])
        if !unknown.isEmpty { throw BenchError("unknown option(s) \(unknown.map { "--" + $0 }.joined(separator: ", "))\n\(usage)") }
        let dir: String
        if let d = args.string("dir") {
            dir = d
        } else {
            dir = try ensureCorpus(docs: try args.int("docs", default: 10_000), notes: try args.int("notes", default: 10_000),
                                   lines: try args.int("lines", default: 100), seed: UInt64(try args.int("seed", default: 1)),
                                   root: Locations.corpusRoot(args.string("data")))
        }
        let corpus = try Corpus(dir: dir)
        guard !corpus.notes.isEmpty else { throw BenchError("no .anno notes under \(corpus.dir)") }
        let anno = try Locations.anno(args.string("anno"))
        let runs = try args.int("runs", default: 5)
        let threads = try args.int("threads", default: ProcessInfo.processInfo.activeProcessorCount)
        if let wait = try args.int("wait-idle") { waitForQuiet(threshold: 1.0, limit: Double(wait)) }
        let machine = MachineInfo.current(repo: Locations.repo)
        log("anno: \(anno)")
        log("corpus: \(corpus.dir): \(corpus.notes.count) notes, \(fmt(Double(corpus.noteBytes) / 1e6, 1)) MB, catalogue \(corpus.documents.map(String.init) ?? "?") documents")

        // In-process first, so its memory figures are not skewed by the end-to-end run's output.
        var inProcess: InProcessCheck?
        if !args.flag("no-in-process") { inProcess = try measureInProcess(corpus, runs: max(1, min(runs, 3)), threads: threads) }
        let e2e = try runAnnoCheck(anno: anno, corpus: corpus, runs: runs)

        // Verification: the checker found what the generator planted.
        var verification: [String] = []
        if let s = e2e.summary {
            let errors = s["errors"]?.intValue ?? -1, warnings = s["warnings"]?.intValue ?? -1
            if let expected = corpus.expectedCitations { verification.append("citations \(e2e.citations)/\(expected) expected") }
            if let expected = corpus.expectedErrors { verification.append("errors \(errors)/\(expected) expected") }
            if let expected = corpus.expectedWarnings { verification.append("warnings \(warnings)/\(expected) expected") }
        } else {
            verification.append("could not read the JSON summary of anno check")
        }

        var out = "## anno check — \(corpus.notes.count) notes, \(fmt(Double(corpus.noteBytes) / 1e6, 1)) MB, \(corpus.documents.map(String.init) ?? "?")-document catalogue\n\n"
        out += "Machine: \(machine.oneLine)\n\n"
        out += "End to end (`anno check --format json DIR`, \(runs) runs after a warm-up; median wall):\n\n"
        out += markdownTable(["wall (s)", "min wall (s)", "notes MB/s", "citations/s", "CPU s (user+sys)", "MB per CPU-second", "peak RSS (MB)", "exit"], [[
            fmt(e2e.medianWall, 3), fmt(e2e.wall.min, 3), fmt(e2e.mbPerSecond, 1), fmt(e2e.citationsPerSecond, 0),
            fmt(e2e.cpuSeconds, 2), fmt(Double(e2e.noteBytes) / 1e6 / e2e.cpuSeconds, 1), fmt(e2e.peakRSSMB, 0), String(e2e.exitStatus),
        ]])
        out += "\nVerified: \(verification.joined(separator: ", "))\n"
        if let p = inProcess {
            out += "\nIn-process (linked modules; catalogue load separated from checking):\n\n"
            out += markdownTable(["catalogue step", "time (ms)"], [
                ["read \(fmt(Double(p.load.catalogueBytes) / 1e6, 1)) MB", fmt(p.load.readSeconds * 1000, 1)],
                ["parse (CatalogueLoader.load)", fmt(p.load.parseSeconds * 1000, 1)],
                ["index (CatalogueIndex, \(p.load.documents) docs)", fmt(p.load.indexSeconds * 1000, 1)],
                ["total load + index", fmt(p.load.totalSeconds * 1000, 1)],
                ["RSS after load (MB)", fmt(p.load.rssAfterMB, 0) + " (+\(fmt(p.load.rssAfterMB - p.load.rssBeforeMB, 0)))"],
            ])
            out += "\n"
            func row(_ name: String, _ r: ThroughputRun, citations: Bool = true) -> [String] {
                [name, fmt(r.median * 1000, 1), fmt(r.mbPerSecond, 1), fmt(r.bestMBPerSecond, 1), fmt(r.cpuMBPerSecond, 1), citations ? fmt(r.citationsPerSecond, 0) : "—"]
            }
            out += markdownTable(["notes, index built", "wall ms (median)", "MB/s", "best MB/s", "MB per CPU-second", "citations/s"], [
                row("parse only (NoteParser), 1 thread", p.parse),
                row("LineTable only, 1 thread", p.lineTable, citations: false),
                row("check (Checker.check), 1 thread", p.checkSingle),
                row("check, \(p.threads) threads", p.checkParallel),
            ])
            let t = p.checkSingle.tally
            out += "\nIn-process tally: \(t.files) files, \(t.citations) citations, \(t.errors) errors, \(t.warnings) warnings, \(t.hints) hints\n"
        }
        print(out)

        var json: [String: JSONValue] = [
            "command": "check", "machine": machine.json, "anno": .string(anno), "corpus": .string(corpus.dir),
            "notes": num(corpus.notes.count), "noteBytes": num(corpus.noteBytes), "documents": corpus.documents.map(num) ?? .null,
            "endToEnd": .object([
                "runs": num(runs), "wallSeconds": e2e.wall.json, "mbPerSecond": num(e2e.mbPerSecond), "citationsPerSecond": num(e2e.citationsPerSecond, 0),
                "cpuSeconds": num(e2e.cpuSeconds), "mbPerCPUSecond": num(Double(e2e.noteBytes) / 1e6 / e2e.cpuSeconds, 1), "peakRSSMB": num(e2e.peakRSSMB, 1), "exitStatus": num(Int(e2e.exitStatus)),
                "summary": e2e.summary ?? .null,
            ]),
            "verification": .array(verification.map { .string($0) }),
            "table": .string(out),
        ]
        if let p = inProcess {
            func tp(_ r: ThroughputRun) -> JSONValue {
                .object(["medianSeconds": num(r.median, 4), "bestSeconds": num(r.best, 4), "mbPerSecond": num(r.mbPerSecond, 1),
                         "mbPerCPUSecond": num(r.cpuMBPerSecond, 1), "citationsPerSecond": num(r.citationsPerSecond, 0)])
            }
            json["inProcess"] = .object([
                "catalogue": .object(["readMs": num(p.load.readSeconds * 1000, 1), "parseMs": num(p.load.parseSeconds * 1000, 1),
                                      "indexMs": num(p.load.indexSeconds * 1000, 1), "totalMs": num(p.load.totalSeconds * 1000, 1),
                                      "documents": num(p.load.documents), "rssAfterMB": num(p.load.rssAfterMB, 1),
                                      "rssGrowthMB": num(p.load.rssAfterMB - p.load.rssBeforeMB, 1), "peakMB": num(p.load.peakMB, 1)]),
                "parseOnly": tp(p.parse), "lineTable": tp(p.lineTable), "checkOneThread": tp(p.checkSingle),
                "checkThreads": num(p.threads), "checkParallel": tp(p.checkParallel),
            ])
        }
        let path = try writeResults(.object(json), name: "check-d\(corpus.documents ?? 0)", dir: try Locations.results(args.string("results")))
        log("results: \(path)")
    }
}

// MARK: - Profiling target

/// `profile-check --dir DIR [--repeat N] [--phase check|index|parse]`: one phase in a loop, for
/// `perf record` / `valgrind --tool=callgrind` (Sources/AnnoBench/README.md shows the commands).
enum ProfileCommand {
    static func run(_ args: Args) throws {
        guard let dir = args.string("dir") else { throw BenchError("profile-check needs --dir") }
        let repeats = try args.int("repeat", default: 3)
        let phase = args.string("phase", default: "check")
        let corpus = try Corpus(dir: dir)
        if phase == "index" {
            for _ in 0..<repeats {
                let (_, t) = try loadIndex(corpus)
                log("load \(fmt(t.parseSeconds * 1000, 1)) ms, index \(fmt(t.indexSeconds * 1000, 1)) ms")
            }
            return
        }
        let (index, _) = try loadIndex(corpus)
        let checker = Checker(index: index)
        let notes = try corpus.notes.map { try readFileBytes($0.path) }
        let bytes = notes.reduce(0) { $0 + $1.count }
        log("loaded; pid \(getpid()); checking")   // attach a profiler now: perf record -g -p PID
        for _ in 0..<repeats {
            var tally = CheckTally()
            let (_, s) = timed {
                for n in notes {
                    if phase == "parse" { tally.citations += NoteParser.parse(n).citations.count } else { tally.add(checker.check(n)) }
                }
            }
            log("\(phase): \(fmt(s * 1000, 1)) ms, \(fmt(Double(bytes) / 1e6 / s, 1)) MB/s, \(tally.citations) citations, \(tally.errors) errors")
        }
    }
}
