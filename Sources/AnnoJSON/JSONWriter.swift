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
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (i, key) in keys.enumerated() {
                if i > 0 { out.append(Byte.comma) }
                newline(indent + 1)
                writeString(key)
                out.append(Byte.colon)
                if pretty { out.append(Byte.space) }
                write(members[key] ?? .null, indent: indent + 1)
            }
            newline(indent)
            out.append(Byte.closeBrace)
        }
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
        if d == d.rounded(), abs(d) < 9_007_199_254_740_992, let integer = Int(exactly: d) {
            out.append(contentsOf: String(integer).utf8)
        } else {
            // Swift's description is the shortest text that round-trips, and is valid JSON
            // for finite values ("1e-07", "1.5e+300").
            out.append(contentsOf: d.description.utf8)
        }
    }

    /// Escapes '"', '\' and control characters; non-ASCII stays as UTF-8.
    mutating func writeString(_ s: String) {
        out.append(Byte.quote)
        for b in s.utf8 {
            switch b {
            case Byte.quote: out.append(contentsOf: [Byte.backslash, Byte.quote])
            case Byte.backslash: out.append(contentsOf: [Byte.backslash, Byte.backslash])
            case Byte.newline: out.append(contentsOf: [Byte.backslash, Byte.n])
            case Byte.carriageReturn: out.append(contentsOf: [Byte.backslash, 0x72])
            case Byte.tab: out.append(contentsOf: [Byte.backslash, Byte.t])
            case 0x08: out.append(contentsOf: [Byte.backslash, 0x62])
            case 0x0C: out.append(contentsOf: [Byte.backslash, Byte.f])
            case 0x00..<0x20:
                out.append(contentsOf: [Byte.backslash, 0x75, Byte.zero, Byte.zero])
                out.append(contentsOf: hex(UInt32(b), width: 2).utf8)
            default: out.append(b)
            }
        }
        out.append(Byte.quote)
    }
}
