import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a report's bytes go: straight to a file descriptor through a buffer (the real
/// command), or gathered and handed to a `TextOutputStream` at the end (tests, callers
/// that pass their own stream). Used by one thread at a time.
final class ByteSink: @unchecked Sendable {   // one writer at a time (`ReportStream` ensures it)
    private let fd: Int32?
    private var buffer: [UInt8] = []
    /// Bytes are written once this many are buffered: large enough that a 30 MB report is a
    /// few hundred system calls, small enough to stay in cache.
    private static let flushAt = 1 << 17

    /// Writing to `fd` as bytes arrive, or (nil) keeping them all for `drain`.
    init(fd: Int32?) {
        self.fd = fd
        buffer.reserveCapacity(fd == nil ? 1 << 16 : ByteSink.flushAt + (1 << 14))
    }

    func append(_ bytes: [UInt8]) {
        if fd != nil, bytes.count >= ByteSink.flushAt {
            flush()
            bytes.withUnsafeBytes { write($0) }
            return
        }
        buffer.append(contentsOf: bytes)
        if fd != nil, buffer.count >= ByteSink.flushAt { flush() }
    }

    func append(_ s: StaticString) {
        s.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    func append(_ byte: UInt8) { buffer.append(byte) }

    /// Writes what is buffered (a no-op when gathering).
    func flush() {
        guard fd != nil, !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { write($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Everything gathered, as text (only without a file descriptor).
    func drain() -> String {
        defer { buffer = [] }
        return String(decoding: buffer, as: UTF8.self)
    }

    private func write(_ bytes: UnsafeRawBufferPointer) {
        guard let fd, let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, base + offset, bytes.count - offset)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }   // a closed pipe or a full disk: the rest is lost, as with any writer
            offset += n
        }
    }
}

/// The "files" array of `--format json`, written while notes are still being checked: each
/// worker hands over its note's rendered entry by the note's index, and whichever worker
/// completes the run of entries next in order writes them, outside the lock. So the output is in
/// the order the notes were named, the report is never held whole, and writing overlaps checking
/// instead of following it.
final class ReportStream: @unchecked Sendable {   // state guarded by `lock`; `sink` used by the one writer
    private let lock = NSLock()
    private var pending: [Int: [UInt8]] = [:]
    private var next = 0
    private var writing = false
    private var entries = 0
    let sink: ByteSink

    init(sink: ByteSink) {
        self.sink = sink
        sink.append("{\n  \"files\": ")
    }

    /// Note `index`'s entry; nil when the note has none (it could not be read). Every index from
    /// 0 must be delivered once.
    func deliver(_ index: Int, _ entry: [UInt8]?) {
        lock.lock()
        pending[index] = entry ?? []
        if writing { lock.unlock(); return }
        writing = true
        var batch: [[UInt8]] = []
        while true {
            while let e = pending.removeValue(forKey: next) {
                batch.append(e)
                next += 1
            }
            if batch.isEmpty {
                writing = false
                lock.unlock()
                return
            }
            lock.unlock()
            for e in batch where !e.isEmpty { write(e) }
            batch.removeAll(keepingCapacity: true)
            lock.lock()
        }
    }

    /// An entry after those delivered (standard input's); only once every worker is done.
    func append(_ entry: [UInt8]) { write(entry) }

    private func write(_ entry: [UInt8]) {
        sink.append(entries == 0 ? UInt8(ascii: "[") : UInt8(ascii: ","))
        sink.append("\n    ")
        sink.append(entry)
        entries += 1
    }

    /// Closes the array; `rest` is the root object's other members as `JSONFormatter` writes them.
    func finish(rest: [UInt8]) {
        sink.append(entries == 0 ? "[]" : "\n  ]")
        sink.append(rest)
        sink.flush()
    }
}
