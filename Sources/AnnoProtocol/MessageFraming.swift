/// What the framing function found at the start of a buffer.
public enum FramingResult: Equatable, Sendable {
    /// The buffer holds no complete frame yet; call again when more bytes arrive.
    case needMoreBytes
    /// A complete frame: its body, and how many bytes (header + body) it took from the buffer.
    case message(body: [UInt8], consumed: Int)
    /// Bytes that cannot be used. Drop `consumed` bytes and go on: the stream resyncs at the next
    /// header line. For a body over the size limit, `consumed` covers header and body and can
    /// exceed the bytes at hand: the caller must also drop the rest as it arrives, up to a header
    /// line that shows the body ended early (`MessageBuffer` does).
    case invalid(reason: String, consumed: Int)
}

/// What the header block at the start of a buffer says.
public enum FrameHeader: Equatable, Sendable {
    /// No blank line yet, and not so many bytes that it cannot come.
    case needMoreBytes
    /// A usable header: the body starts at `bodyStart` (an index of the buffer) and declares `length` bytes.
    case header(bodyStart: Int, length: Int)
    /// A header block that cannot be used.
    case invalid(reason: String)
}

/// Where the next frame can begin, from `MessageFraming.headerLine(in:from:before:)`.
public enum HeaderLineSearch: Equatable, Sendable {
    /// A `Content-Length` header line starts at this index.
    case found(Int)
    /// The bytes from this index on may still become one when more arrive.
    case undecided(Int)
    case none
}

/// LSP base-protocol framing (`Content-Length: N\r\n\r\n` + N bytes), as pure functions over
/// bytes so it can be tested as a table of raw inputs, without pipes.
///
/// Resynchronisation: a frame's length is the only thing that delimits it, so one wrong length
/// (a client that counts characters instead of bytes, a body cut short, a garbage header) would
/// make every later header part of some body. But a `Content-Length: N` line can never occur
/// inside a JSON body (JSON has no bare letters outside strings, and no raw line breaks inside
/// them), so it marks where a frame begins: after a bad header the stream resumes at the next
/// such line, and a body that contains one ended early and is dropped up to it (spec/lsp.md).
public enum MessageFraming {
    public static let defaultMaxBodyBytes = 64 << 20
    /// A header block longer than this without its blank line is garbage, not a slow client.
    public static let maxHeaderBytes = 8 << 10
    /// The longest `Content-Length` line `headerLine` recognises: any the header block may hold.
    public static let maxHeaderLineBytes = maxHeaderBytes

    /// Finds the first frame in `buffer`. Headers end at a blank line (`\r\n\r\n`, or bare
    /// `\n\n` from sloppy clients); `Content-Length` is matched case-insensitively, and every
    /// other header, `Content-Type` included, is ignored.
    ///
    /// This scans the whole body at hand for header lines on every call; `MessageBuffer` does the
    /// same incrementally, for streams.
    public static func nextMessage(in buffer: ArraySlice<UInt8>, maxBodyBytes: Int = defaultMaxBodyBytes) -> FramingResult {
        let start = buffer.startIndex
        switch header(in: buffer) {
        case .needMoreBytes:
            return .needMoreBytes
        case .invalid(let reason):
            return .invalid(reason: reason, consumed: resyncPoint(in: buffer, after: start) - start)
        case .header(let bodyStart, let length):
            let bodyEnd = bodyStart + length
            switch headerLine(in: buffer, from: bodyStart, before: min(bodyEnd, buffer.endIndex)) {
            case .found(let next):
                let reason = length > maxBodyBytes
                    ? oversizedReason(length, maxBodyBytes) + "; a new header follows after \(next - bodyStart) bytes"
                    : bodyEndedEarlyReason(next - bodyStart, length)
                return .invalid(reason: reason, consumed: next - start)
            case .undecided where length <= maxBodyBytes, .none where length <= maxBodyBytes && bodyEnd > buffer.endIndex:
                return .needMoreBytes
            case .undecided, .none:
                if length > maxBodyBytes {
                    // Not allocated: the body is dropped as it arrives.
                    return .invalid(reason: oversizedReason(length, maxBodyBytes), consumed: bodyEnd - start)
                }
                return .message(body: Array(buffer[bodyStart..<bodyEnd]), consumed: bodyEnd - start)
            }
        }
    }

    public static func nextMessage(in buffer: [UInt8], maxBodyBytes: Int = defaultMaxBodyBytes) -> FramingResult {
        nextMessage(in: buffer[...], maxBodyBytes: maxBodyBytes)
    }

    /// Reads the header block at the start of `buffer`.
    public static func header(in buffer: ArraySlice<UInt8>) -> FrameHeader {
        let start = buffer.startIndex
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = start
        var headerEnd: Int?  // index just past the blank line
        var i = start
        let scanLimit = min(buffer.endIndex, start + maxHeaderBytes)
        while i < scanLimit {
            if buffer[i] == newline {
                var lineEnd = i
                if lineEnd > lineStart && buffer[lineEnd - 1] == carriageReturn { lineEnd -= 1 }
                if lineEnd == lineStart {
                    headerEnd = i + 1
                    break
                }
                lines.append(buffer[lineStart..<lineEnd])
                lineStart = i + 1
            }
            i += 1
        }
        guard let headerEnd else {
            if buffer.count >= maxHeaderBytes {
                return .invalid(reason: "header block exceeds \(maxHeaderBytes) bytes without a blank line")
            }
            return .needMoreBytes
        }

        var contentLength: Int?
        for line in lines {
            guard let colon = line.firstIndex(of: colon) else { continue }
            guard asciiLowercased(trimmed(line[line.startIndex..<colon])) == contentLengthName else { continue }
            let value = trimmed(line[(colon + 1)...])
            guard let length = parseLength(value) else {
                let shown = String(decoding: value.prefix(40), as: UTF8.self)
                return .invalid(reason: "invalid Content-Length '\(shown)'")
            }
            if let previous = contentLength, previous != length {
                return .invalid(reason: "conflicting Content-Length headers (\(previous) and \(length))")
            }
            contentLength = length
        }
        guard let contentLength else { return .invalid(reason: "missing Content-Length header") }
        return .header(bodyStart: headerEnd, length: contentLength)
    }

    /// The first `Content-Length: N` line (any case, spaces or tabs around the colon and after
    /// the digits, then LF or CRLF) that starts at an index in `from..<limit`; the bytes after
    /// `limit` may complete it. Such a line cannot occur inside a JSON body.
    public static func headerLine(in buffer: ArraySlice<UInt8>, from: Int, before limit: Int) -> HeaderLineSearch {
        let end = buffer.endIndex
        var i = max(from, buffer.startIndex)
        let stop = min(limit, end)
        while i < stop {
            let c = buffer[i]
            if c == 0x43 || c == 0x63 {   // C, c
                switch matchHeaderLine(buffer, at: i) {
                case .some(true): return .found(i)
                case .none: return .undecided(i)
                case .some(false): break
                }
            }
            i += 1
        }
        return .none
    }

    /// Where the stream resumes after an unusable header that starts at `start`: the next header
    /// line, or where one may still begin, or the end of what is buffered.
    static func resyncPoint(in buffer: ArraySlice<UInt8>, after start: Int) -> Int {
        switch headerLine(in: buffer, from: start + 1, before: buffer.endIndex) {
        case .found(let i), .undecided(let i): return i
        case .none: return buffer.endIndex
        }
    }

    static func oversizedReason(_ length: Int, _ limit: Int) -> String {
        "Content-Length \(length) exceeds the limit of \(limit) bytes; message skipped"
    }

    static func bodyEndedEarlyReason(_ received: Int, _ length: Int) -> String {
        "a body declared as \(length) bytes ended after \(received): a new header begins there; message skipped"
    }

    /// true: a header line starts at `i`; false: none does; nil: the buffer ends before it can tell.
    private static func matchHeaderLine(_ b: ArraySlice<UInt8>, at i: Int) -> Bool? {
        let end = b.endIndex
        var j = i
        for expected in contentLengthName {
            guard j < end else { return nil }
            let c = b[j]
            guard (c >= 0x41 && c <= 0x5A ? c + 0x20 : c) == expected else { return false }
            j += 1
        }
        var digits = 0
        var sawColon = false
        var afterDigits = false
        while true {
            guard j - i < maxHeaderLineBytes else { return false }
            guard j < end else { return nil }
            let c = b[j]
            switch c {
            case 0x20, 0x09:
                if digits > 0 { afterDigits = true }   // after the digits only spaces and the line end
            case colon:
                if sawColon { return false }
                sawColon = true
            case 0x30...0x39:
                guard sawColon, !afterDigits, digits < 18 else { return false }
                digits += 1
            case carriageReturn:
                guard sawColon, digits > 0 else { return false }
                guard j + 1 < end else { return nil }
                return b[j + 1] == newline
            case newline:
                return sawColon && digits > 0
            default:
                return false
            }
            j += 1
        }
    }

    /// Frames a body for sending: `Content-Length: N\r\n\r\n` + body.
    public static func frame(_ body: [UInt8]) -> [UInt8] {
        var out = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
        out.append(contentsOf: body)
        return out
    }

    // MARK: - Header helpers

    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let colon = UInt8(ascii: ":")
    private static let contentLengthName = Array("content-length".utf8)

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice.removeFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice.removeLast() }
        return slice
    }

    private static func asciiLowercased(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
    }

    /// Decimal digits only (no sign), at most 18 of them so the value cannot overflow.
    private static func parseLength(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for b in bytes {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            value = value * 10 + Int(b - 0x30)
        }
        return value
    }
}
