import AnnoSyntax

/// Writes citation text that the parser reads back as intended (spec/format.md, escapes).
public enum CitationFormatter {
    /// Escapes a catalogue title (or locator) for use inside `[[ … ]]`: `|` always, a backslash
    /// before an escapable character, and brackets only when they would not read back as text
    /// (unbalanced, or doubled).
    public static func escape(_ text: String) -> String {
        // Most titles hold none of the bytes below: given back as they are (completion escapes 50 per keystroke).
        let plain = text.utf8.withContiguousStorageIfAvailable { utf8 in
            !utf8.contains { $0 == 0x7C || $0 == 0x5C || $0 == 0x5B || $0 == 0x5D || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        }
        if plain == true { return text }
        let bytes = Array(text.utf8)
        var balanced = true
        var depth = 0
        var previous: UInt8 = 0
        for c in bytes {
            if c == 0x5B { depth += 1; if previous == 0x5B { balanced = false } }
            if c == 0x5D { depth -= 1; if depth < 0 || previous == 0x5D { balanced = false } }
            previous = c
        }
        if depth != 0 { balanced = false }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 4)
        for (i, c) in bytes.enumerated() {
            switch c {
            case 0x7C:
                out.append(0x5C); out.append(c)
            case 0x5C:
                let next = i + 1 < bytes.count ? bytes[i + 1] : 0
                if next == 0x7C || next == 0x5B || next == 0x5D || next == 0x5C || i + 1 == bytes.count { out.append(0x5C) }
                out.append(c)
            case 0x5B, 0x5D:
                if !balanced { out.append(0x5C) }
                out.append(c)
            case 0x0A, 0x0D, 0x09:
                out.append(0x20)
            default:
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A complete citation: `[[DATE | TITLE]]` or `[[DATE | TITLE | LOCATOR]]`.
    public static func citation(date: String, title: String, locator: String? = nil) -> String {
        let escapedTitle = escape(title)
        let escapedLocator = locator.flatMap { $0.isEmpty ? nil : escape($0) }
        var s = "[["
        s.reserveCapacity(date.utf8.count + escapedTitle.utf8.count + (escapedLocator?.utf8.count ?? 0) + 12)
        s += date
        s += " | "
        s += escapedTitle
        if let escapedLocator {
            s += " | "
            s += escapedLocator
        }
        s += "]]"
        return s
    }
}
