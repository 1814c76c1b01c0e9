import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A pipe whose ends are closed on exec, so a process another test spawns never inherits them
/// (an inherited write end would keep a reader from ever seeing end of file).
public func makePipe() -> (read: Int32, write: Int32) {
    var fds: [Int32] = [0, 0]
    precondition(pipe(&fds) == 0, "pipe() failed: errno \(errno)")
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return (fds[0], fds[1])
}

/// Bytes written to a descriptor and not yet read (FIONREAD): lets a test know that a reader
/// has taken everything it was sent.
public func unreadByteCount(_ fd: Int32) -> Int {
    var count: Int32 = 0
    guard ioctl(fd, UInt(FIONREAD), &count) == 0 else { return -1 }
    return Int(count)
}

/// Waits until `condition` holds, polling; false when `timeout` ran out first.
public func eventually(timeout: TimeInterval = LSPTestClient.defaultTimeout, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(2_000)
    }
    return condition()
}

/// Exit status and output of a finished command.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}
