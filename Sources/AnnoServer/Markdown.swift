/// Escapes catalogue text (titles, summaries: untrusted) for markdown shown in an editor, so a
/// catalogue cannot inject links, images, HTML or `command:` URIs. Only http(s) URLs become links.
///
/// Escapes only what markdown would act on, so that editors showing markdown source (Neovim's
/// hover window) stay readable.
public enum Markdown {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        var atStart = true
        let scalars = Array(text.unicodeScalars)
        var scheme = ""   // the URI-scheme-like word just before the current scalar, lowercased
        for (i, scalar) in scalars.enumerated() {
            defer { scheme = Markdown.extend(scheme, with: scalar) }
            if atStart, scalar == " " { continue }
            // Block markers only act at the start of a line (a list, heading or quote).
            if atStart && (scalar == "#" || scalar == ">" || scalar == "-" || scalar == "+" || scalar == "=") {
                out.unicodeScalars.append("\\")
                out.unicodeScalars.append(scalar)
                atStart = false
                continue
            }
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "!", "~", "|":
                out.unicodeScalars.append("\\")
                out.unicodeScalars.append(scalar)
            // Autolinkers link bare e-mail addresses and URIs of many schemes (marked: ftp;
            // markdown-mode: file, mailto, tel, …); only http(s) may stay linkable.
            case "@":
                out += "\\@"
            // (At the end of the text too: the caller may append to it, as `**TITLE**` does.)
            case ":" where !scheme.isEmpty && scheme != "http" && scheme != "https"
                && (i + 1 == scalars.count || !scalars[i + 1].properties.isWhitespace):
                out += "\\:"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r", "\t": out += " "
            default: out.unicodeScalars.append(scalar)
            }
            atStart = false
        }
        return out
    }

    /// The scheme-like word (`[A-Za-z][A-Za-z0-9+.-]*`) that ends at `scalar`, given the one before it.
    private static func extend(_ scheme: String, with scalar: Unicode.Scalar) -> String {
        let letter = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
        let inner = (scalar >= "0" && scalar <= "9") || scalar == "+" || scalar == "." || scalar == "-"
        if letter || (inner && !scheme.isEmpty) { return scheme + String(scalar).lowercased() }
        return ""
    }

    /// An autolink when the URL is plain http(s) without characters that could break out of it.
    public static func link(_ url: String) -> String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return nil }
        guard !url.unicodeScalars.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "\"" || $0 == "`" || $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        return "<\(url)>"
    }
}
