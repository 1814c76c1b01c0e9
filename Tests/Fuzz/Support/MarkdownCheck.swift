/// What markdown built from untrusted catalogue text may hold (spec/lsp.md, Hover): nothing an
/// editor would turn into a link, an image, HTML or a code span, except `<http(s)://…>`
/// autolinks of the document's URL. Checked on whole hovers and completion documentation.
///
/// Every `[`, `]`, `` ` `` is backslash-escaped; `<` only opens an http(s) autolink without
/// spaces; `&` only starts the entities the escaper writes; `@` (e-mail autolinks) is escaped;
/// and no `:` after a URI scheme other than http(s) is left bare.
func requireInertMarkdown(_ markdown: String, _ context: @autoclosure () -> String) {
    let s = Array(markdown.unicodeScalars)
    var i = 0
    while i < s.count {
        let c = s[i]
        switch c {
        case "\\":
            require(i + 1 < s.count, "markdown ends in a lone backslash (\(context())): \(markdown)")
            i += 2
            continue
        case "[", "]", "`", "@":
            require(false, "unescaped \(c) at \(i) (\(context())): \(markdown)")
        case "<":
            let rest = String(String.UnicodeScalarView(s[i...]))
            let lower = rest.lowercased()
            require(lower.hasPrefix("<http://") || lower.hasPrefix("<https://"), "< opens something other than an http(s) autolink (\(context())): \(markdown)")
            guard let close = s[i...].firstIndex(of: ">") else {
                require(false, "unclosed autolink (\(context())): \(markdown)")
                return
            }
            require(!s[i..<close].contains { $0 == " " || $0.value < 0x20 }, "autolink with a space or control (\(context())): \(markdown)")
            i = close + 1
            continue
        case "&":
            let rest = String(String.UnicodeScalarView(s[i...]))
            require(rest.hasPrefix("&lt;") || rest.hasPrefix("&gt;") || rest.hasPrefix("&amp;"), "& starts an entity the escaper did not write (\(context())): \(markdown)")
        case ":":
            // A URI scheme other than http(s) right before, and no space after: an autolinker
            // (marked: ftp, e-mail; markdown-mode: file, mailto, tel, …) would link it.
            var k = i
            while k > 0, s[k - 1].isASCII, s[k - 1].properties.isAlphabetic || ("0"..."9").contains(s[k - 1]) || s[k - 1] == "+" || s[k - 1] == "." || s[k - 1] == "-" { k -= 1 }
            while k < i && !(s[k].isASCII && s[k].properties.isAlphabetic) { k += 1 }
            let scheme = String(String.UnicodeScalarView(s[k..<i])).lowercased()
            let spaceAfter = i + 1 >= s.count || s[i + 1].properties.isWhitespace
            require(scheme.isEmpty || scheme == "http" || scheme == "https" || spaceAfter,
                    "a bare \(scheme): URI an autolinker would link (\(context())): \(markdown)")
        default:
            break
        }
        i += 1
    }
}
