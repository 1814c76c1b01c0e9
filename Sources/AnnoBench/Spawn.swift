#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// What a finished child process cost.
struct ChildRun {
    var status: Int32          // exit status, or 128+signal
    var wallSeconds: Double
    var userSeconds: Double
    var systemSeconds: Double
    var maxRSSKB: Int          // ru_maxrss of this child (wait4), in kB
}

private func cStrings(_ strings: [String]) -> [UnsafeMutablePointer<CChar>?] {
    strings.map { strdup($0) } + [nil]
}

private func freeCStrings(_ p: [UnsafeMutablePointer<CChar>?]) { for s in p { free(s) } }

/// Spawns `argv` with stdin from /dev/null and stdout/stderr to the given files (or /dev/null),
/// waits with wait4 and returns wall time and the child's own rusage.
func runMeasured(_ argv: [String], stdoutPath: String? = nil, stderrPath: String? = nil,
                 environment: [String: String]? = nil) throws -> ChildRun {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdoutPath ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if stderrPath != "-" {   // "-": inherit ours
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    }
    let args = cStrings(argv)
    defer { freeCStrings(args) }
    let envStrings = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
    let env = cStrings(envStrings)
    defer { freeCStrings(env) }
    var pid: pid_t = 0
    let start = nowNanos()
    let rc = posix_spawn(&pid, argv[0], &actions, nil, args, env)
    if rc != 0 { throw BenchError("cannot run \(argv[0]): \(String(cString: strerror(rc)))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
        if errno != EINTR { throw BenchError("wait4: \(String(cString: strerror(errno)))") }
    }
    let wall = Double(nowNanos() - start) / 1e9
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    let exited = (status & 0x7f) == 0
    let code = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return ChildRun(status: code, wallSeconds: wall, userSeconds: seconds(usage.ru_utime),
                    systemSeconds: seconds(usage.ru_stime), maxRSSKB: Int(usage.ru_maxrss))
}

/// Runs a command and returns its stdout (small outputs only).
func runCapture(_ argv: [String]) throws -> String {
    let tmp = NSTemporaryDirectory() + "anno-bench-capture-\(getpid())-\(nowNanos())"
    defer { unlink(tmp) }
    let run = try runMeasured(argv, stdoutPath: tmp)
    if run.status != 0 { throw BenchError("\(argv.joined(separator: " ")) exited with \(run.status)") }
    return String(decoding: try readFileBytes(tmp), as: UTF8.self)
}

/// A child process connected by pipes: we write its stdin and read its stdout.
final class PipedChild: @unchecked Sendable {
    let pid: pid_t
    let stdinFD: Int32
    let stdoutFD: Int32

    init(_ argv: [String], stderrPath: String) throws {
        var toChild: [Int32] = [0, 0], fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else { throw BenchError("pipe: \(String(cString: strerror(errno)))") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        for fd in [toChild[0], toChild[1], fromChild[0], fromChild[1]] { posix_spawn_file_actions_addclose(&actions, fd) }
        let args = cStrings(argv)
        defer { freeCStrings(args) }
        let env = cStrings(ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" })
        defer { freeCStrings(env) }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, args, env)
        _ = close(toChild[0]); _ = close(fromChild[1])
        if rc != 0 {
            _ = close(toChild[1]); _ = close(fromChild[0])
            throw BenchError("cannot run \(argv[0]): \(String(cString: strerror(rc)))")
        }
        // Keep our ends out of later children.
        _ = fcntl(toChild[1], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fromChild[0], F_SETFD, FD_CLOEXEC)
        self.pid = pid
        self.stdinFD = toChild[1]
        self.stdoutFD = fromChild[0]
    }

    func writeAll(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { p in
            var done = 0
            while done < p.count {
                let n = write(stdinFD, p.baseAddress! + done, p.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw BenchError("write to server: \(String(cString: strerror(errno)))")
                }
                done += n
            }
        }
    }

    func closeStdin() { _ = close(stdinFD) }

    /// Waits up to `timeout` seconds for the child to exit; returns its exit status or nil.
    func wait(timeout: Double) -> Int32? {
        let deadline = nowNanos() + UInt64(timeout * 1e9)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            }
            if r < 0 && errno != EINTR { return nil }
            if nowNanos() > deadline { return nil }
            usleep(2_000)
        }
    }

    func kill() { _ = Glibc.kill(pid, SIGKILL); _ = wait(timeout: 2) }
}
