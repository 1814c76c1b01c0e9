#if canImport(Glibc)
import Glibc
#endif
import AnnoJSON
import Foundation

/// Where things are: the repository, the `anno` binary under test, the results directory.
enum Locations {
    /// The package root: the nearest directory above the working directory holding Package.swift.
    static var repo: String {
        var dir = FileManager.default.currentDirectoryPath
        while true {
            if fileExists(dir + "/Package.swift") { return dir }
            if dir == "/" || dir.isEmpty { return FileManager.default.currentDirectoryPath }
            dir = (dir as NSString).deletingLastPathComponent
        }
    }

    /// This executable's directory (the build products directory).
    static var ownDirectory: String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        guard n > 0 else { return "." }
        let path = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (path as NSString).deletingLastPathComponent
    }

    static var ownExecutable: String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        return String(decoding: buf[0..<max(0, n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `--anno` if given; else the `anno` built beside this benchmark (same configuration and
    /// scratch path); else `.build/release/anno`.
    static func anno(_ given: String?) throws -> String {
        if let given {
            let p = absolutePath(given)
            guard fileExists(p) else { throw BenchError("no anno binary at \(p); build it with: swift build -c release --scratch-path .build-bench") }
            return p
        }
        for candidate in [ownDirectory + "/anno", repo + "/.build/release/anno", repo + "/.build-bench/release/anno"] where fileExists(candidate) {
            return candidate
        }
        throw BenchError("cannot find the anno binary; build it (swift build -c release --scratch-path .build-bench) or pass --anno PATH")
    }

    static func results(_ given: String?) throws -> String {
        let dir = given.map(absolutePath) ?? repo + "/Sources/AnnoBench/results"
        try makeDirectories(dir)
        return dir
    }

    /// Where generated corpora are cached between runs.
    static func corpusRoot(_ given: String?) -> String {
        given.map(absolutePath) ?? (ProcessInfo.processInfo.environment["ANNO_BENCH_DATA"] ?? "/tmp/anno-bench")
    }
}

/// Writes `value` as pretty JSON to `dir/name-<timestamp>.json` and `dir/name-latest.json`.
func writeResults(_ value: JSONValue, name: String, dir: String) throws -> String {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyyMMdd-HHmmss"
    formatter.timeZone = TimeZone(identifier: "UTC")
    let bytes = JSON.serialize(value, pretty: true) + [0x0A]
    let path = dir + "/\(name)-\(formatter.string(from: Date())).json"
    for p in [path, dir + "/\(name)-latest.json"] {
        let w = try FileWriter(path: p)
        w.write(bytes: bytes)
        w.close()
    }
    return path
}

extension MachineInfo {
    var json: JSONValue {
        .object(["date": .string(date), "cpu": .string(cpu), "cores": .number(Double(cores)),
                 "memoryGB": .number((memoryGB * 10).rounded() / 10), "kernel": .string(kernel), "commit": .string(commit),
                 "loadAverageAtStart": num(load, 2), "loadAverageAtEnd": num(loadAverage(), 2)])
    }
}

func num(_ x: Double, _ digits: Int = 3) -> JSONValue {
    guard x.isFinite else { return .null }
    let scale = pow(10.0, Double(digits))
    return .number((x * scale).rounded() / scale)
}

func num(_ x: Int) -> JSONValue { .number(Double(x)) }

extension Distribution {
    var json: JSONValue {
        .object(["count": num(count), "p50": num(p50), "p95": num(p95), "p99": num(p99), "max": num(max),
                 "min": num(min), "mean": num(mean)])
    }
}
