#if canImport(Glibc)
import Glibc
#endif
import Foundation

// MARK: - Time

/// Monotonic nanoseconds.
@inline(__always)
func nowNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Seconds elapsed while running `body`, and its result.
/// CPU seconds used by this process so far (all threads).
func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// The 1-minute load average: other work on this 2-core machine skews wall-clock numbers.
func loadAverage() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
          let first = text.split(separator: " ").first, let x = Double(first) else { return .nan }
    return x
}

/// Waits (up to `limit` seconds) for the 1-minute load average to drop below `threshold`.
func waitForQuiet(threshold: Double, limit: Double) {
    let start = nowNanos()
    var announced = false
    while loadAverage() >= threshold && Double(nowNanos() - start) / 1e9 < limit {
        if !announced { log("waiting for the machine to go quiet (load \(fmt(loadAverage(), 2)) ≥ \(threshold), up to \(Int(limit)) s)"); announced = true }
        sleep(5)
    }
    if announced { log("load now \(fmt(loadAverage(), 2))") }
}

func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = nowNanos()
    let value = try body()
    return (value, Double(nowNanos() - start) / 1e9)
}

// MARK: - Output

/// Unbuffered-by-libc, explicitly buffered writer to a file descriptor: the generator streams
/// hundreds of megabytes through it without building large strings.
final class FileWriter {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let capacity: Int
    private(set) var bytesWritten = 0
    let path: String

    init(path: String, capacity: Int = 1 << 20) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw BenchError("cannot create \(path): \(String(cString: strerror(errno)))") }
        self.fd = fd
        self.path = path
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    @inline(__always)
    func write(_ s: String) {
        var s = s
        s.withUTF8 { write(bytes: $0) }
    }

    func write(bytes: UnsafeBufferPointer<UInt8>) {
        if buffer.count + bytes.count > capacity { flush() }
        if bytes.count >= capacity {
            writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
        bytesWritten += bytes.count
    }

    func write(bytes: [UInt8]) { bytes.withUnsafeBufferPointer { write(bytes: $0) } }

    func flush() {
        if buffer.isEmpty { return }
        buffer.withUnsafeBufferPointer { writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, base + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                // The generator cannot go on without its output (disk full, say): say so and stop.
                FileHandle.standardError.write(Data("anno-bench: write \(path): \(String(cString: strerror(errno)))\n".utf8))
                exit(1)
            }
            done += n
        }
    }

    func close() {
        flush()
        _ = Glibc.close(fd)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

func stderrPrint(_ s: String) {
    FileHandle.standardError.write((s + "\n").data(using: .utf8)!)
}

/// Progress and commentary go to stderr so stdout keeps only the tables.
func log(_ s: String) { stderrPrint(s) }

// MARK: - Files

func makeDirectories(_ path: String) throws {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
}

func fileExists(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0
}

func readFileBytes(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else { throw BenchError("cannot read \(path)") }
    return [UInt8](data)
}

func writeText(_ text: String, to path: String) throws {
    let w = try FileWriter(path: path)
    w.write(text)
    w.close()
}

/// Every `*.anno` file below `dir`, sorted, with sizes.
func findNotes(_ dir: String) -> [(path: String, size: Int)] {
    var out: [(String, Int)] = []
    guard let e = FileManager.default.enumerator(atPath: dir) else { return [] }
    while let rel = e.nextObject() as? String {
        if rel.hasSuffix(".anno") {
            let p = dir + "/" + rel
            var st = stat()
            if stat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG { out.append((p, Int(st.st_size))) }
        }
    }
    return out.sorted { $0.0 < $1.0 }
}

func absolutePath(_ p: String) -> String {
    if p.hasPrefix("/") { return p }
    return FileManager.default.currentDirectoryPath + "/" + p
}

func fileURI(_ absolute: String) -> String {
    // Percent-encode what a URI path may not hold; generated paths are plain ASCII.
    var out = "file://"
    for b in absolute.utf8 {
        let c = Character(Unicode.Scalar(b))
        if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "/-._~".contains(c) {
            out.append(c)
        } else {
            out += String(format: "%%%02X", b)
        }
    }
    return out
}

// MARK: - Memory

/// A field of /proc/PID/status in kB (VmRSS, VmHWM), or nil.
func procStatusKB(pid: Int32? = nil, field: String) -> Int? {
    let path = pid.map { "/proc/\($0)/status" } ?? "/proc/self/status"
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
        let digits = line.dropFirst(field.count + 1).filter { $0.isNumber }
        return Int(digits)
    }
    return nil
}

func currentRSSMB() -> Double { Double(procStatusKB(field: "VmRSS") ?? 0) / 1024 }
func peakRSSMB() -> Double { Double(procStatusKB(field: "VmHWM") ?? 0) / 1024 }

/// Resets this process's VmHWM to its current RSS (Linux ≥ 4.0), so peaks can be measured per phase.
func resetPeakRSS() {
    let fd = open("/proc/self/clear_refs", O_WRONLY)
    if fd >= 0 { _ = "5".withCString { Glibc.write(fd, $0, 1) }; _ = Glibc.close(fd) }
}

// MARK: - Machine

struct MachineInfo {
    var cpu: String
    var cores: Int
    var memoryGB: Double
    var kernel: String
    var commit: String
    var date: String

    static func current(repo: String = ".") -> MachineInfo {
        var cpu = "unknown CPU"
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("model name") {
                cpu = line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? cpu
                break
            }
        }
        var memGB = 0.0
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal") }) {
            memGB = Double(line.filter { $0.isNumber }).map { $0 / 1024 / 1024 } ?? 0
        }
        var uts = utsname()
        uname(&uts)
        let release = withUnsafeBytes(of: &uts.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        // ANNO_BENCH_COMMIT names the commit when measuring a snapshot (git archive) of it.
        let commit = ProcessInfo.processInfo.environment["ANNO_BENCH_COMMIT"]
            ?? (try? runCapture(["/usr/bin/git", "-C", repo, "rev-parse", "--short", "HEAD"]))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return MachineInfo(cpu: cpu, cores: sysconf(Int32(_SC_NPROCESSORS_ONLN)), memoryGB: memGB,
                           kernel: "Linux \(release)", commit: commit, date: formatter.string(from: Date()) + " UTC")
    }

    var load: Double = loadAverage()

    var oneLine: String {
        "\(date), \(cpu), \(cores) cores, \(String(format: "%.0f", memoryGB)) GB, \(kernel), anno @ \(commit), load average at start \(fmt(load, 2))"
    }
}

// MARK: - Statistics

struct Distribution {
    var samples: [Double]   // milliseconds
    init(_ samples: [Double]) { self.samples = samples.sorted() }

    func percentile(_ p: Double) -> Double {
        guard !samples.isEmpty else { return .nan }
        // Nearest-rank: the smallest sample with at least p% of samples at or below it.
        let rank = Int((p / 100 * Double(samples.count)).rounded(.up))
        return samples[Swift.min(samples.count - 1, Swift.max(0, rank - 1))]
    }
    var p50: Double { percentile(50) }
    var p95: Double { percentile(95) }
    var p99: Double { percentile(99) }
    var max: Double { samples.last ?? .nan }
    var min: Double { samples.first ?? .nan }
    var mean: Double { samples.isEmpty ? .nan : samples.reduce(0, +) / Double(samples.count) }
    var count: Int { samples.count }
}

func median(_ xs: [Double]) -> Double { Distribution(xs).p50 }

func fmt(_ x: Double, _ digits: Int = 2) -> String {
    if x.isNaN { return "—" }
    return String(format: "%.\(digits)f", x)
}

/// A Markdown table (also readable as plain text).
func markdownTable(_ header: [String], _ rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = Swift.max(widths[i], c.count) } }
    func line(_ cells: [String]) -> String {
        "| " + cells.enumerated().map { i, c in c + String(repeating: " ", count: widths[i] - c.count) }.joined(separator: " | ") + " |"
    }
    var out = line(header) + "\n"
    out += "| " + widths.map { String(repeating: "-", count: Swift.max(3, $0)) }.joined(separator: " | ") + " |\n"
    for r in rows { out += line(r) + "\n" }
    return out
}
