// Number scanning: RFC 8259 grammar checked on bytes; short integers converted without
// building a String, everything else through the stdlib's correctly rounding parser.
extension JSONReader {
    /// Scans a number whose first byte ('-' or a digit) is at `index`.
    mutating func scanNumber() throws -> Double {
        let start = index
        var i = index
        let negative = bytes[i] == Byte.minus
        if negative { i += 1 }
        let integerStart = i
        guard i < bytes.count else { throw unexpectedEnd() }
        if bytes[i] == Byte.zero {
            i += 1
            if i < bytes.count && Byte.isDigit(bytes[i]) {
                throw error("leading zeros are not allowed in numbers", at: start)
            }
        } else if Byte.isDigit(bytes[i]) {
            while i < bytes.count && Byte.isDigit(bytes[i]) { i += 1 }
        } else {
            throw digitExpected(at: i, after: "'-'")
        }
        let integerEnd = i
        if i < bytes.count && bytes[i] == Byte.dot {
            i += 1
            guard i < bytes.count, Byte.isDigit(bytes[i]) else { throw digitExpected(at: i, after: "'.'") }
            while i < bytes.count && Byte.isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count && (bytes[i] == Byte.lowerE || bytes[i] == Byte.upperE) {
            i += 1
            if i < bytes.count && (bytes[i] == Byte.plus || bytes[i] == Byte.minus) { i += 1 }
            guard i < bytes.count, Byte.isDigit(bytes[i]) else { throw digitExpected(at: i, after: "exponent") }
            while i < bytes.count && Byte.isDigit(bytes[i]) { i += 1 }
        }
        index = i

        // Up to 15 digits fit a Double exactly.
        if integerEnd == i && integerEnd - integerStart <= 15 {
            var value = 0
            for j in integerStart..<integerEnd { value = value &* 10 &+ Int(bytes[j] &- Byte.zero) }
            return negative ? -Double(value) : Double(value)
        }
        // The stdlib's parser is locale-independent, unlike strtod.
        guard let value = Double(String(decoding: bytes[start..<i], as: UTF8.self)), value.isFinite else {
            throw error("number out of range", at: start)
        }
        return value
    }

    func digitExpected(at offset: Int, after what: String) -> JSONSyntaxError {
        guard offset < bytes.count else { return unexpectedEnd() }
        return error("expected a digit after \(what), found \(describeCharacter(at: offset))", at: offset)
    }
}
