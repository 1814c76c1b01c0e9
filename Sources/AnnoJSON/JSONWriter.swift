/// Serializes value trees to UTF-8. Keys are sorted by code point so output is stable
/// (diffable catalogues, reproducible tests).
struct JSONWriter {
    var out: [UInt8] = []
    let pretty: Bool

    init(pretty: Bool) { self.pretty = pretty }

    mutating func write(_ value: JSONValue, indent: Int = 0) {
        switch value {
        case .null: out.append(contentsOf: Byte.nullLiteral)
        case .bool(let b): out.append(contentsOf: b ? Byte.trueLiteral : Byte.falseLiteral)
        case .number(let d): writeNumber(d)
        case .string(let s): writeString(s)
        case .array(let elements):
            if elements.isEmpty {
                out.append(contentsOf: [Byte.openBracket, Byte.closeBracket])
                return
            }
            out.append(Byte.openBracket)
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(Byte.comma) }
                newline(indent + 1)
                write(element, indent: indent + 1)
            }
            newline(indent)
            out.append(Byte.closeBracket)
        case .object(let members):
            if members.isEmpty {
                out.append(contentsOf: [Byte.openBrace, Byte.closeBrace])
                return
            }
            out.append(Byte.openBrace)
            // The members themselves sorted (not the keys, then each looked up again by hashing).
            let sorted = members.sorted { JSONWriter.utf8Precedes($0.key, $1.key) }
            for (i, member) in sorted.enumerated() {
                if i > 0 { out.append(Byte.comma) }
                newline(indent + 1)
                writeString(member.key)
                out.append(Byte.colon)
                if pretty { out.append(Byte.space) }
                write(member.value, indent: indent + 1)
            }
            newline(indent)
            out.append(Byte.closeBrace)
        }
    }

    /// `a.utf8.lexicographicallyPrecedes(b.utf8)`, on contiguous bytes when both have them.
    @inline(__always)
    static func utf8Precedes(_ a: String, _ b: String) -> Bool {
        let fast: Bool?? = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> Bool in
                let n = Swift.min(x.count, y.count)
                var i = 0
                while i < n {
                    if x[i] != y[i] { return x[i] < y[i] }
                    i += 1
                }
                return x.count < y.count
            }
        }
        if let fast, let result = fast { return result }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    mutating func newline(_ indent: Int) {
        guard pretty else { return }
        out.append(Byte.newline)
        out.append(contentsOf: repeatElement(Byte.space, count: indent * 2))
    }

    /// Integral values print without ".0"; JSON has no NaN or infinity, so those print as null.
    mutating func writeNumber(_ d: Double) {
        guard d.isFinite else {
            out.append(contentsOf: Byte.nullLiteral)
            return
        }
        if abs(d) <= 9_007_199_254_740_992, let integer = Int(exactly: d) {
            writeInteger(integer)
        } else {
            // Swift's description is the shortest text that round-trips, and is valid JSON
            // for finite values ("1e-07", "1.5e+300").
            out.append(contentsOf: d.description.utf8)
        }
    }

    mutating func writeInteger(_ value: Int) {
        if value < 0 { out.append(Byte.minus) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = Byte.zero + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
        }
    }

    /// Escapes '"', '\' and control characters; non-ASCII stays as UTF-8.
    mutating func writeString(_ s: String) {
        out.append(Byte.quote)
        var s = s
        s.makeContiguousUTF8()  // no-op for native strings; lets the fast path copy in bulk
        let copied: Bool? = s.utf8.withContiguousStorageIfAvailable { utf8 in
            // Most strings need no escaping: copy them in one go.
            if !utf8.contains(where: JSONWriter.needsEscape) {
                out.append(contentsOf: utf8)
                return true
            }
            return false
        }
        if copied != true {
            // Copy the runs between escapes in bulk (markdown documentation has a newline every
            // paragraph, not every byte).
            let done: Bool? = s.utf8.withContiguousStorageIfAvailable { utf8 in
                var start = 0
                for i in 0..<utf8.count where JSONWriter.needsEscape(utf8[i]) {
                    if i > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i])) }
                    writeEscaped(utf8[i])
                    start = i + 1
                }
                if start < utf8.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count])) }
                return true
            }
            if done != true {
                for b in s.utf8 { writeEscaped(b) }
            }
        }
        out.append(Byte.quote)
    }

    @inline(__always)
    static func needsEscape(_ b: UInt8) -> Bool { b < 0x20 || b == Byte.quote || b == Byte.backslash }

    @inline(__always)
    mutating func writeEscaped(_ b: UInt8) {
        guard JSONWriter.needsEscape(b) else {
            out.append(b)
            return
        }
        out.append(Byte.backslash)
        switch b {
        case Byte.quote, Byte.backslash: out.append(b)
        case Byte.newline: out.append(Byte.n)
        case Byte.carriageReturn: out.append(0x72)  // r
        case Byte.tab: out.append(Byte.t)
        case 0x08: out.append(0x62)  // b
        case 0x0C: out.append(Byte.f)
        default:
            out.append(0x75)  // u00XX
            out.append(Byte.zero)
            out.append(Byte.zero)
            out.append(contentsOf: hex(UInt32(b), width: 2).utf8)
        }
    }
}
