#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that a reader never sees half of one: the new bytes go to a temporary file in
/// the same directory, which is then renamed over the old one (`anno check --fix`, the bundled
/// catalogue's copy for go to definition).
public enum AtomicFile {
    /// Replaces the file at `path` with `bytes`, but only if it still holds `expected` (what the
    /// caller read and fixed): a file edited in the meantime is left alone and
    /// `FileReadError` says so. A symbolic link is followed, so the link stays a link. The file
    /// keeps its permission bits.
    ///
    /// `beforeCommit` runs after the temporary file is written and before the file is checked
    /// and replaced: tests change the file there to see the write refused.
    public static func replace(_ path: String, with bytes: [UInt8], ifStill expected: [UInt8],
                               beforeCommit: (() -> Void)? = nil) throws(FileReadError) {
        let target = realPath(path) ?? path
        var info = stat()
        guard stat(target, &info) == 0 else { throw FileReadError(path: path, reason: FileReader.errnoText()) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw FileReadError(path: path, reason: "is not a regular file; not written") }
        let temporary = try writeTemporary(next: target, bytes: bytes, mode: info.st_mode & 0o7777, reportAs: path)
        beforeCommit?()
        let current: [UInt8]
        do {
            current = try FileReader.read(target)
        } catch {
            unlink(temporary)
            throw FileReadError(path: path, reason: "\(error.reason); not written")
        }
        guard current == expected else {
            unlink(temporary)
            throw FileReadError(path: path, reason: "changed since it was read; not written (run again to fix the new text)")
        }
        guard rename(temporary, target) == 0 else {
            let reason = FileReader.errnoText()
            unlink(temporary)
            throw FileReadError(path: path, reason: "cannot replace the file: \(reason)")
        }
    }

    /// Writes `bytes` to `path` (replacing any file there) through a temporary file, creating
    /// missing directories.
    public static func write(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws(FileReadError) {
        try makeDirectories(Paths.directory(of: path))
        let temporary = try writeTemporary(next: path, bytes: bytes, mode: mode, reportAs: path)
        guard rename(temporary, path) == 0 else {
            let reason = FileReader.errnoText()
            unlink(temporary)
            throw FileReadError(path: path, reason: reason)
        }
    }

    /// `mkdir -p`.
    public static func makeDirectories(_ directory: String) throws(FileReadError) {
        if Paths.kind(of: directory) == .directory { return }
        let parent = Paths.directory(of: directory)
        if parent != directory && !parent.isEmpty { try makeDirectories(parent) }
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw FileReadError(path: directory, reason: FileReader.errnoText())
        }
    }

    /// A new file beside `target` holding `bytes`, flushed to disk; returns its path.
    private static func writeTemporary(next target: String, bytes: [UInt8], mode: mode_t, reportAs path: String) throws(FileReadError) -> String {
        let directory = Paths.directory(of: target)
        let name = String(target.split(separator: "/").last ?? "file")
        var template = Array(Paths.join(directory, ".\(name).anno-tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { throw FileReadError(path: path, reason: "cannot create a temporary file in \(directory): \(FileReader.errnoText())") }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure: String?
        var written = 0
        while written < bytes.count && failure == nil {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.write(fd, base + written, raw.count - written)
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { failure = FileReader.errnoText() } else { written += n }
        }
        if failure == nil && fchmod(fd, mode) != 0 { failure = FileReader.errnoText() }
        if failure == nil && fsync(fd) != 0 { failure = FileReader.errnoText() }
        close(fd)
        if let failure {
            unlink(temporary)
            throw FileReadError(path: path, reason: "cannot write a temporary file in \(directory): \(failure)")
        }
        return temporary
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
