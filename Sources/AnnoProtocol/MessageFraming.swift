/// What the framing function found at the start of a buffer.
public enum FramingResult: Equatable, Sendable {
    /// The buffer holds no complete frame yet; call again when more bytes arrive.
    case needMoreBytes
    /// A complete frame: its body, and how many bytes (header + body) it took from the buffer.
    case message(body: [UInt8], consumed: Int)
    /// A frame that cannot be used. Drop `consumed` bytes and go on, so the stream resyncs.
    /// For a body over the size limit, `consumed` covers header and body and can exceed the
    /// bytes at hand: the caller must also drop the rest as it arrives (`MessageBuffer` does).
    case invalid(reason: String, consumed: Int)
}

/// LSP base-protocol framing (`Content-Length: N\r\n\r\n` + N bytes), as pure functions over
/// bytes so it can be tested as a table of raw inputs, without pipes.
public enum MessageFraming {
    public static let defaultMaxBodyBytes = 64 << 20
    /// A header block longer than this without its blank line is garbage, not a slow client.
    public static let maxHeaderBytes = 8 << 10

    /// Finds the first frame in `buffer`. Headers end at a blank line (`\r\n\r\n`, or bare
    /// `\n\n` from sloppy clients); `Content-Length` is matched case-insensitively, and every
    /// other header, `Content-Type` included, is ignored.
    public static func nextMessage(in buffer: ArraySlice<UInt8>, maxBodyBytes: Int = defaultMaxBodyBytes) -> FramingResult {
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
                return .invalid(reason: "header block exceeds \(maxHeaderBytes) bytes without a blank line", consumed: buffer.count)
            }
            return .needMoreBytes
        }
        let headerBytes = headerEnd - start

        var contentLength: Int?
        for line in lines {
            guard let colon = line.firstIndex(of: colon) else { continue }
            guard asciiLowercased(trimmed(line[line.startIndex..<colon])) == contentLengthName else { continue }
            let value = trimmed(line[(colon + 1)...])
            guard let length = parseLength(value) else {
                let shown = String(decoding: value.prefix(40), as: UTF8.self)
                return .invalid(reason: "invalid Content-Length '\(shown)'", consumed: headerBytes)
            }
            if let previous = contentLength, previous != length {
                return .invalid(reason: "conflicting Content-Length headers (\(previous) and \(length))", consumed: headerBytes)
            }
            contentLength = length
        }
        guard let contentLength else {
            return .invalid(reason: "missing Content-Length header", consumed: headerBytes)
        }
        guard contentLength <= maxBodyBytes else {
            // Not allocated: the body is dropped as it arrives.
            return .invalid(
                reason: "Content-Length \(contentLength) exceeds the limit of \(maxBodyBytes) bytes; message skipped",
                consumed: headerBytes + contentLength)
        }
        guard buffer.count - headerBytes >= contentLength else { return .needMoreBytes }
        return .message(body: Array(buffer[headerEnd..<headerEnd + contentLength]), consumed: headerBytes + contentLength)
    }

    public static func nextMessage(in buffer: [UInt8], maxBodyBytes: Int = defaultMaxBodyBytes) -> FramingResult {
        nextMessage(in: buffer[...], maxBodyBytes: maxBodyBytes)
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
