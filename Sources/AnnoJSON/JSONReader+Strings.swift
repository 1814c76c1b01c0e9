// String scanning: works on bytes; builds a String once, from a slice when there are no escapes.
extension JSONReader {
    /// Scans a string whose opening quote is at `index`.
    mutating func scanString() throws -> String {
        let quoteOffset = index
        index += 1
        var segmentStart = index
        var unescaped: [UInt8] = []  // only used once an escape is seen
        var sawEscape = false
        while true {
            guard index < bytes.count else { throw error("unterminated string", at: quoteOffset) }
            let b = bytes[index]
            if b == Byte.quote {
                let text: String
                if sawEscape {
                    unescaped.append(contentsOf: bytes[segmentStart..<index])
                    text = String(decoding: unescaped, as: UTF8.self)
                } else {
                    text = String(decoding: bytes[segmentStart..<index], as: UTF8.self)
                }
                index += 1
                return text
            } else if b == Byte.backslash {
                if !sawEscape {
                    sawEscape = true
                    unescaped.reserveCapacity(index - segmentStart + 16)
                }
                unescaped.append(contentsOf: bytes[segmentStart..<index])
                try scanEscape(quoteOffset: quoteOffset, into: &unescaped)
                segmentStart = index
            } else if b < 0x20 {
                throw controlCharacterError(b)
            } else if b < 0x80 {
                index += 1
                skipPlainASCII()
            } else {
                try skipUTF8Scalar()
            }
        }
    }

    /// Steps over the run of bytes that need no attention: printable ASCII other than '"' and '\'.
    @inline(__always)
    mutating func skipPlainASCII() {
        index = bytes.withUnsafeBufferPointer { buffer in
            var i = index
            while i < buffer.count {
                let b = buffer[i]
                if b < 0x20 || b >= 0x80 || b == Byte.quote || b == Byte.backslash { break }
                i += 1
            }
            return i
        }
    }

    /// Validates a string whose opening quote is at `index` without building it.
    mutating func skipString() throws {
        let quoteOffset = index
        index += 1
        var scratch: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error("unterminated string", at: quoteOffset) }
            let b = bytes[index]
            if b == Byte.quote {
                index += 1
                return
            } else if b == Byte.backslash {
                try scanEscape(quoteOffset: quoteOffset, into: &scratch)
                scratch.removeAll(keepingCapacity: true)
            } else if b < 0x20 {
                throw controlCharacterError(b)
            } else if b < 0x80 {
                index += 1
                skipPlainASCII()
            } else {
                try skipUTF8Scalar()
            }
        }
    }

    func controlCharacterError(_ b: UInt8) -> JSONSyntaxError {
        if b == Byte.newline || b == Byte.carriageReturn {
            return error("unescaped line break in string (missing closing '\"'?)", at: index)
        }
        return error("control character U+\(hex(UInt32(b), width: 4)) must be escaped in string", at: index)
    }

    /// Decodes the escape at `index` (a backslash) and appends its UTF-8 to `out`.
    mutating func scanEscape(quoteOffset: Int, into out: inout [UInt8]) throws {
        let escapeOffset = index
        guard index + 1 < bytes.count else { throw error("unterminated string", at: quoteOffset) }
        let e = bytes[index + 1]
        index += 2
        switch e {
        case Byte.quote, Byte.backslash, Byte.slash: out.append(e)
        case 0x62: out.append(0x08)  // \b
        case Byte.f: out.append(0x0C)
        case Byte.n: out.append(Byte.newline)
        case 0x72: out.append(Byte.carriageReturn)  // \r
        case Byte.t: out.append(Byte.tab)
        case 0x75:  // \u
            guard let unit = hex4(at: index) else {
                // Input ending inside otherwise valid hex digits is an unterminated string.
                let available = bytes[index..<min(index + 4, bytes.count)]
                if index + 4 > bytes.count && available.allSatisfy({ hex4Digit($0) != nil }) {
                    throw error("unterminated string", at: quoteOffset)
                }
                throw error("invalid \\u escape: expected 4 hex digits", at: escapeOffset)
            }
            index += 4
            var scalar: Unicode.Scalar = "\u{FFFD}"
            if (0xD800...0xDBFF).contains(unit) {
                // A high surrogate counts only when a low one follows; otherwise it is U+FFFD
                // and whatever follows is scanned on its own.
                if index + 6 <= bytes.count, bytes[index] == Byte.backslash, bytes[index + 1] == 0x75,
                   let low = hex4(at: index + 2), (0xDC00...0xDFFF).contains(low) {
                    index += 6
                    let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    scalar = Unicode.Scalar(value) ?? scalar
                }
            } else if !(0xDC00...0xDFFF).contains(unit) {
                scalar = Unicode.Scalar(UInt32(unit)) ?? scalar
            }
            appendUTF8(scalar, to: &out)
        default:
            let shown = (e >= 0x21 && e <= 0x7E) ? String(Character(Unicode.Scalar(e))) : "U+" + hex(UInt32(e), width: 4)
            throw error("invalid escape \\\(shown)", at: escapeOffset)
        }
    }

    func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        let v = scalar.value
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | v >> 6))
            out.append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | v >> 12))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        default:
            out.append(UInt8(0xF0 | v >> 18))
            out.append(UInt8(0x80 | v >> 12 & 0x3F))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        }
    }

    func hex4(at offset: Int) -> UInt16? {
        guard offset + 4 <= bytes.count else { return nil }
        var value: UInt16 = 0
        for i in offset..<offset + 4 {
            guard let digit = hex4Digit(bytes[i]) else { return nil }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    func hex4Digit(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// Validates one multi-byte UTF-8 scalar at `index` and steps over it.
    mutating func skipUTF8Scalar() throws {
        var probe = index
        guard decodeUTF8Scalar(at: &probe) != nil else {
            throw error("invalid UTF-8 in string", at: index)
        }
        index = probe
    }

    /// Decodes a well-formed UTF-8 scalar (Unicode Table 3-7: no overlongs, no surrogates,
    /// nothing past U+10FFFF) starting at `offset`, advancing `offset` past it.
    func decodeUTF8Scalar(at offset: inout Int) -> Unicode.Scalar? {
        let count = bytes.count
        let lead = bytes[offset]
        if lead < 0x80 {
            offset += 1
            return Unicode.Scalar(lead)
        }
        let length: Int
        var lowerBound: UInt8 = 0x80
        var upperBound: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lowerBound = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upperBound = 0x9F
        case 0xF0: length = 4; lowerBound = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upperBound = 0x8F
        default: return nil
        }
        guard offset + length <= count else { return nil }
        let second = bytes[offset + 1]
        guard second >= lowerBound && second <= upperBound else { return nil }
        var value = UInt32(lead) & (0xFF >> (length + 1))
        value = value << 6 | UInt32(second & 0x3F)
        var i = offset + 2
        while i < offset + length {
            let b = bytes[i]
            guard b & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(b & 0x3F)
            i += 1
        }
        offset += length
        return Unicode.Scalar(value)
    }
}
