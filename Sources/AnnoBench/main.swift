#if canImport(Glibc)
import Glibc
#endif

/// anno-bench: generates archive-note corpora and measures `anno check` and `anno lsp`.
/// See Sources/AnnoBench/README.md for what each command measures and how to reproduce the tables.
enum BenchMain {
    static let usage = """
    usage: AnnoBench <command> [options]

      generate --docs N --notes M --lines L --out DIR [--seed S] [--broken-rate 0.02]
          Writes a deterministic project: catalogue.json (N documents), M notes of ~L lines, anno.json,
          bench-manifest.json (what was planted: citations, broken ones by kind).
      check (--dir DIR | --docs N [--notes M] [--lines L]) [--anno PATH] [--runs R] [--threads T]
          `anno check --format json` end to end (wall, MB/s, citations/s, peak RSS), then the same
          work in-process: catalogue load + index, and checking with the index already built.
      lsp [--docs N] [--anno PATH] [--hovers 500] [--completions 500] [--lines 2000]
          [--big-lines 20000] [--edits 20] [--opens 10] [--sweep-lines 100,1k,10k,100k] [--verbose]
          Drives `anno lsp` over pipes: initialize → ready, didOpen → diagnostics, hover and
          completion round trips, didChange → diagnostics, server peak RSS.
      scale [--max-docs 1000000] [--sizes 1k,10k,100k,1M] [--notes M] [--lines L] [--no-lsp]
          Catalogue load/index time and memory, check throughput and the LSP figures per size.
      references (--dir DIR | --docs N [--notes M] [--lines L]) [--anno PATH] [--requests 100]
          `anno lsp` on the corpus as its workspace: initialize → workspace index built ($/progress
          end), then textDocument/references round trips (p50/p99) and the server's peak RSS.
      profile-check --dir DIR [--phase check|parse|index] [--repeat N]
          One phase in a loop, to run under perf or valgrind (see Sources/AnnoBench/README.md).

    Common: --results DIR (default bench/results), --data DIR (corpus cache, default
    $ANNO_BENCH_DATA or /tmp/anno-bench), --wait-idle SECONDS (wait for load average < 1).
    Tables go to stdout as Markdown, progress to stderr, JSON to Sources/AnnoBench/results/.
    """

    static func main(_ argv: [String]) -> Int32 {
        guard let command = argv.first else { print(usage); return 2 }
        let rest = Array(argv.dropFirst())
        do {
            switch command {
            case "generate":
                try GenerateCommand.run(try Args(rest))
            case "check":
                try CheckCommand.run(try Args(rest, booleanFlags: ["no-in-process"]))
            case "lsp":
                try LSPCommand.run(try Args(rest, booleanFlags: ["verbose", "after-indexing"]))
            case "scale":
                try ScaleCommand.run(try Args(rest, booleanFlags: ["no-lsp", "keep"]))
            case "references":
                try ReferencesCommand.run(try Args(rest, booleanFlags: ["verbose"]))
            case "profile-check":
                try ProfileCommand.run(try Args(rest))
            case "scale-one":
                try ScaleCommand.runOne(try Args(rest))
            case "-h", "--help", "help":
                print(usage)
            default:
                stderrPrint("unknown command '\(command)'\n\n\(usage)")
                return 2
            }
        } catch {
            stderrPrint("anno-bench: \(error)")
            return 1
        }
        return 0
    }
}

enum GenerateCommand {
    static func run(_ args: Args) throws {
        let unknown = args.unknown(["docs", "notes", "lines", "out", "seed", "broken-rate", "per-directory"])
        if !unknown.isEmpty { throw BenchError("unknown option(s) \(unknown.map { "--" + $0 }.joined(separator: ", "))") }
        guard let out = args.string("out") else { throw BenchError("generate needs --out DIR") }
        var o = GenerateOptions()
        o.docs = try args.int("docs", default: 10_000)
        o.notes = try args.int("notes", default: 100)
        o.lines = try args.int("lines", default: 100)
        o.seed = UInt64(try args.int("seed", default: 1))
        o.out = absolutePath(out)
        o.perDirectory = try args.int("per-directory", default: 100)
        o.noteOptions.brokenRate = try args.double("broken-rate", default: 0.02)
        guard o.docs >= 2 else { throw BenchError("--docs must be at least 2") }
        let p = try generateProject(o)
        print("generated \(p.dir): \(o.docs) documents (\(fmt(Double(p.catalogueBytes) / 1e6, 1)) MB), \(p.notes) notes (\(fmt(Double(p.counts.bytes) / 1e6, 1)) MB, \(p.counts.total) citations, \(p.counts.expectedErrors) broken, \(p.counts.expectedWarnings) variants)")
    }
}

exit(BenchMain.main(Array(CommandLine.arguments.dropFirst())))
