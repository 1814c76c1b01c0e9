/// The kind of the next JSON value, decided from its first byte.
public enum JSONKind: Hashable, Sendable {
    case null, bool, number, string, array, object
}

/// A pull parser over UTF-8 bytes: the one scanner behind both `JSON.parse` (value trees for
/// JSON-RPC) and streaming loaders (catalogues), which need exact offsets of keys and values.
///
/// Strict RFC 8259. A leading UTF-8 byte order mark is skipped (RFC 8259 §8.1 allows it), so
/// files saved by Windows editors load. After a thrown error the reader's position is
/// unspecified: stop using it.
public struct JSONReader {
    /// Deepest nesting of arrays and objects accepted; deeper input is an error, not a stack overflow.
    public static let defaultMaxDepth = 512

    let bytes: [UInt8]
    var index: Int
    var depth = 0
    public let maxDepth: Int

    public init(bytes: [UInt8], maxDepth: Int = JSONReader.defaultMaxDepth) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.index = JSONReader.hasByteOrderMark(bytes) ? 3 : 0
    }

    /// Current byte offset into `bytes`; nothing is skipped to compute it.
    public var offset: Int { index }

    // MARK: - Positions

    /// 1-based line and column of a byte offset; the column counts Unicode scalars.
    /// Offsets out of range are clamped, so this never traps.
    public func location(ofByte offset: Int) -> (line: Int, column: Int) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var column = 1
        var i = JSONReader.hasByteOrderMark(bytes) && end >= 3 ? 3 : 0
        while i < end {
            let b = bytes[i]
            if b == Byte.newline {
                line += 1
                column = 1
            } else if b == Byte.carriageReturn {
                // "\r\n" is one line break: let the "\n" count it.
                if !(i + 1 < bytes.count && bytes[i + 1] == Byte.newline) {
                    line += 1
                    column = 1
                }
            } else if b & 0xC0 != 0x80 {
                // Count scalars: every byte except UTF-8 continuation bytes starts one.
                column += 1
            }
            i += 1
        }
        return (line, column)
    }

    func error(_ message: String, at offset: Int) -> JSONSyntaxError {
        let (line, column) = location(ofByte: offset)
        return JSONSyntaxError(message: message, offset: offset, line: line, column: column)
    }

    func unexpectedEnd() -> JSONSyntaxError {
        error("unexpected end of input", at: bytes.count)
    }

    static func hasByteOrderMark(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    // MARK: - Whitespace and peeking

    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case Byte.space, Byte.tab, Byte.newline, Byte.carriageReturn: index += 1
            default: return
            }
        }
    }

    /// Skips whitespace and returns the offset of the next value's first byte.
    public mutating func valueStartOffset() throws -> Int {
        skipWhitespace()
        guard index < bytes.count else { throw unexpectedEnd() }
        return index
    }

    /// Skips whitespace and tells what kind of value comes next, without consuming it.
    public mutating func peekKind() throws -> JSONKind {
        skipWhitespace()
        guard index < bytes.count else { throw unexpectedEnd() }
        switch bytes[index] {
        case Byte.quote: return .string
        case Byte.openBrace: return .object
        case Byte.openBracket: return .array
        case Byte.t, Byte.f: return .bool
        case Byte.n: return .null
        case Byte.minus, Byte.zero...Byte.nine: return .number
        default: throw unexpectedCharacter(expecting: "a JSON value")
        }
    }

    func unexpectedCharacter(expecting: String) -> JSONSyntaxError {
        guard index < bytes.count else { return unexpectedEnd() }
        if bytes[index] == Byte.slash {
            return error("comments are not allowed in JSON", at: index)
        }
        return error("expected \(expecting), found \(describeCharacter(at: index))", at: index)
    }

    /// A readable name for the character at `offset`: 'x' for printable ASCII, U+XXXX otherwise.
    func describeCharacter(at offset: Int) -> String {
        let b = bytes[offset]
        if b >= 0x21 && b <= 0x7E { return "'\(Character(Unicode.Scalar(b)))'" }
        if b < 0x80 { return "U+" + hex(UInt32(b), width: 4) }
        var probe = offset
        if let scalar = decodeUTF8Scalar(at: &probe) { return "U+" + hex(scalar.value, width: 4) }
        return "byte 0x" + hex(UInt32(b), width: 2)
    }

    // MARK: - Scalars

    /// Reads a string value.
    public mutating func readString() throws -> String {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == Byte.quote else {
            throw unexpectedCharacter(expecting: "a string")
        }
        return try scanString()
    }

    /// Reads a number value.
    public mutating func readNumber() throws -> Double {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == Byte.minus || Byte.isDigit(bytes[index]) else {
            throw unexpectedCharacter(expecting: "a number")
        }
        return try scanNumber()
    }

    /// Reads `true` or `false`.
    public mutating func readBool() throws -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw unexpectedEnd() }
        switch bytes[index] {
        case Byte.t: try scanLiteral(Byte.trueLiteral); return true
        case Byte.f: try scanLiteral(Byte.falseLiteral); return false
        default: throw unexpectedCharacter(expecting: "'true' or 'false'")
        }
    }

    /// Reads `null`.
    public mutating func readNull() throws {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == Byte.n else {
            throw unexpectedCharacter(expecting: "'null'")
        }
        try scanLiteral(Byte.nullLiteral)
    }

    mutating func scanLiteral(_ literal: [UInt8]) throws {
        let start = index
        for expected in literal {
            guard index < bytes.count else { throw unexpectedEnd() }
            guard bytes[index] == expected else {
                let word = String(decoding: literal, as: UTF8.self)
                throw error("invalid literal, expected '\(word)'", at: start)
            }
            index += 1
        }
    }

    // MARK: - Containers

    mutating func enterContainer() throws {
        guard depth < maxDepth else {
            throw error("nesting too deep (more than \(maxDepth) levels of arrays and objects)", at: index)
        }
        depth += 1
    }

    /// Reads an object, calling `body` once per member with its key and the byte offset of
    /// the key's opening quote. `body` should consume the member's value; if it leaves it
    /// untouched, the value is validated and skipped, so callers may ignore keys they don't know.
    public mutating func readObject(
        _ body: (_ key: String, _ keyOffset: Int, _ reader: inout JSONReader) throws -> Void
    ) throws {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == Byte.openBrace else {
            throw unexpectedCharacter(expecting: "an object")
        }
        try enterContainer()
        defer { depth -= 1 }
        index += 1
        skipWhitespace()
        if index < bytes.count && bytes[index] == Byte.closeBrace {
            index += 1
            return
        }
        while true {
            guard index < bytes.count else { throw unexpectedEnd() }
            guard bytes[index] == Byte.quote else {
                throw unexpectedCharacter(expecting: "a string key")
            }
            let keyOffset = index
            let key = try scanString()
            skipWhitespace()
            guard index < bytes.count else { throw unexpectedEnd() }
            guard bytes[index] == Byte.colon else {
                throw error("expected ':' after object key, found \(describeCharacter(at: index))", at: index)
            }
            index += 1
            skipWhitespace()
            guard index < bytes.count else { throw unexpectedEnd() }
            let valueStart = index
            try body(key, keyOffset, &self)
            if index == valueStart { try skipValue() }
            skipWhitespace()
            guard index < bytes.count else { throw unexpectedEnd() }
            switch bytes[index] {
            case Byte.comma:
                let commaOffset = index
                index += 1
                skipWhitespace()
                if index < bytes.count && bytes[index] == Byte.closeBrace {
                    throw error("trailing comma is not allowed", at: commaOffset)
                }
            case Byte.closeBrace:
                index += 1
                return
            default:
                throw error("expected ',' or '}' after object member, found \(describeCharacter(at: index))", at: index)
            }
        }
    }

    /// Reads an array, calling `body` once per element with its index. `body` should consume the
    /// element; if it leaves it untouched, the element is validated and skipped.
    public mutating func readArray(_ body: (_ index: Int, _ reader: inout JSONReader) throws -> Void) throws {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == Byte.openBracket else {
            throw unexpectedCharacter(expecting: "an array")
        }
        try enterContainer()
        defer { depth -= 1 }
        index += 1
        skipWhitespace()
        if index < bytes.count && bytes[index] == Byte.closeBracket {
            index += 1
            return
        }
        var elementIndex = 0
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw unexpectedEnd() }
            let valueStart = index
            try body(elementIndex, &self)
            if index == valueStart { try skipValue() }
            elementIndex += 1
            skipWhitespace()
            guard index < bytes.count else { throw unexpectedEnd() }
            switch bytes[index] {
            case Byte.comma:
                let commaOffset = index
                index += 1
                skipWhitespace()
                if index < bytes.count && bytes[index] == Byte.closeBracket {
                    throw error("trailing comma is not allowed", at: commaOffset)
                }
            case Byte.closeBracket:
                index += 1
                return
            default:
                throw error("expected ',' or ']' after array element, found \(describeCharacter(at: index))", at: index)
            }
        }
    }

    // MARK: - Whole values

    /// Reads the next value as a tree.
    public mutating func readValue() throws -> JSONValue {
        switch try peekKind() {
        case .string: return .string(try scanString())
        case .number: return .number(try scanNumber())
        case .bool: return .bool(try readBool())
        case .null: try readNull(); return .null
        case .array:
            var elements: [JSONValue] = []
            try readArray { _, reader in elements.append(try reader.readValue()) }
            return .array(elements)
        case .object:
            var members: [String: JSONValue] = [:]
            // Duplicate keys: the last one wins.
            try readObject { key, _, reader in members[key] = try reader.readValue() }
            return .object(members)
        }
    }

    /// Validates and skips the next value without building it.
    public mutating func skipValue() throws {
        switch try peekKind() {
        case .string: try skipString()
        case .number: _ = try scanNumber()
        case .bool: _ = try readBool()
        case .null: try readNull()
        case .array: try readArray { _, reader in try reader.skipValue() }
        case .object: try readObject { _, _, reader in try reader.skipValue() }
        }
    }

    /// Succeeds only when nothing but whitespace remains.
    public mutating func expectEnd() throws {
        skipWhitespace()
        if index < bytes.count {
            if bytes[index] == Byte.slash { throw error("comments are not allowed in JSON", at: index) }
            throw error("unexpected \(describeCharacter(at: index)) after the JSON value", at: index)
        }
    }
}

func hex(_ value: UInt32, width: Int) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
