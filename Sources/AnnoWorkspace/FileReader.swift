#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read, in words for the person who named it.
public struct FileReadError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// Reads whole files safely: only regular files (a FIFO or a device would hang or never end),
/// never more than a cap, with errno turned into words.
public enum FileReader {
    public static let defaultMaxBytes = 512 << 20

    public static func read(_ path: String, maxBytes: Int = defaultMaxBytes) throws(FileReadError) -> [UInt8] {
        var bytes: [UInt8] = []
        try read(path, into: &bytes, maxBytes: maxBytes)
        return bytes
    }

    /// `read(path)` into `bytes`, reusing its storage when it is large enough and not shared
    /// (a worker reading thousands of notes allocates once, not per note). After an error the
    /// contents of `bytes` are unspecified.
    public static func read(_ path: String, into bytes: inout [UInt8], maxBytes: Int = defaultMaxBytes) throws(FileReadError) {
        let (fd, size) = try openRegularFile(path, maxBytes: maxBytes)
        defer { close(fd) }
        // Only the difference from the last size is filled: every byte is read over below.
        if bytes.count > size { bytes.removeLast(bytes.count - size) }
        else if bytes.count < size { bytes.append(contentsOf: repeatElement(0, count: size - bytes.count)) }
        var total = 0
        while total < size {
            let n = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.read(fd, base + total, size - total)
            }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw FileReadError(path: path, reason: errnoText())
            }
            if n == 0 { break }   // the file shrank while we read it
            total += n
        }
        if total < size { bytes.removeLast(size - total) }
    }

    /// Reads a file as `read` does, but in pieces of at most `pieceBytes`, handing each to `body`
    /// in order: a file of any size costs one piece of memory here.
    public static func read(_ path: String, maxBytes: Int = defaultMaxBytes, pieceBytes: Int,
                            _ body: (UnsafeRawBufferPointer) -> Void) throws(FileReadError) {
        let (fd, size) = try openRegularFile(path, maxBytes: maxBytes)
        defer { close(fd) }
        let capacity = max(1, pieceBytes)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var total = 0
        while total < size {
            let n = Glibc.read(fd, buffer, min(capacity, size - total))
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw FileReadError(path: path, reason: errnoText())
            }
            if n == 0 { break }   // the file shrank while we read it
            total += n
            body(UnsafeRawBufferPointer(start: buffer, count: n))
        }
    }

    /// Opens a file for reading after checking that it is a regular file within the cap: its
    /// descriptor (the caller closes it) and its size.
    static func openRegularFile(_ path: String, maxBytes: Int) throws(FileReadError) -> (Int32, Int) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 { throw FileReadError(path: path, reason: errnoText()) }
        var info = stat()
        var problem: String?
        if fstat(fd, &info) != 0 {
            problem = errnoText()
        } else if info.st_mode & S_IFMT == S_IFDIR {
            problem = "is a directory, not a file"
        } else if info.st_mode & S_IFMT != S_IFREG {
            problem = "is not a regular file (a device, FIFO or socket); refusing to read it"
        } else if Int(info.st_size) > maxBytes {
            problem = "is \(info.st_size) bytes, over the limit of \(maxBytes) bytes"
        }
        if let problem {
            close(fd)
            throw FileReadError(path: path, reason: problem)
        }
        return (fd, Int(info.st_size))
    }

    /// Reads standard input to its end, up to the cap.
    public static func readStandardInput(maxBytes: Int = defaultMaxBytes) throws(FileReadError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.read(0, base, buffer.count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileReadError(path: "<stdin>", reason: errnoText())
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > maxBytes { throw FileReadError(path: "<stdin>", reason: "more than \(maxBytes) bytes") }
        }
    }

    static func errnoText() -> String {
        switch errno {
        case ENOENT: return "no such file or directory"
        case EACCES: return "permission denied"
        case ELOOP: return "too many levels of symbolic links"
        case EISDIR: return "is a directory, not a file"
        default: return String(cString: strerror(errno))
        }
    }
}
