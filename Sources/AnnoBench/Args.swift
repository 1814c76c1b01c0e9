/// Minimal flag parsing: `--name value`, `--name=value` and bare `--flag`.
struct Args {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []
    private(set) var positional: [String] = []
    private var used: Set<String> = []

    init(_ argv: [String], booleanFlags: Set<String> = []) throws {
        var i = 0
        while i < argv.count {
            let a = argv[i]
            if a.hasPrefix("--") {
                let body = a.dropFirst(2)
                if let eq = body.firstIndex(of: "=") {
                    values[String(body[..<eq])] = String(body[body.index(after: eq)...])
                } else if booleanFlags.contains(String(body)) {
                    flags.insert(String(body))
                } else {
                    guard i + 1 < argv.count else { throw BenchError("--\(body) needs a value") }
                    values[String(body)] = argv[i + 1]
                    i += 1
                }
            } else {
                positional.append(a)
            }
            i += 1
        }
    }

    func string(_ name: String) -> String? { values[name] }
    func string(_ name: String, default d: String) -> String { values[name] ?? d }
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// Integers accept `_` and the suffixes k and M (10k, 1M).
    func int(_ name: String) throws -> Int? {
        guard var s = values[name]?.replacingOccurrences(of: "_", with: "") else { return nil }
        var scale = 1
        if s.hasSuffix("k") || s.hasSuffix("K") { scale = 1_000; s.removeLast() }
        else if s.hasSuffix("M") || s.hasSuffix("m") { scale = 1_000_000; s.removeLast() }
        guard let n = Int(s) else { throw BenchError("--\(name) takes a number, not '\(values[name] ?? s)'") }
        return n * scale
    }
    func int(_ name: String, default d: Int) throws -> Int { try int(name) ?? d }

    func double(_ name: String, default d: Double) throws -> Double {
        guard let s = values[name] else { return d }
        guard let x = Double(s) else { throw BenchError("--\(name) takes a number, not '\(values[name] ?? s)'") }
        return x
    }

    /// Names given that are not in `known` (typos should not pass silently).
    func unknown(_ known: Set<String>) -> [String] {
        (Array(values.keys) + Array(flags)).filter { !known.contains($0) }.sorted()
    }
}
