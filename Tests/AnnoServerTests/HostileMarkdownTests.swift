import Testing
@testable import AnnoServer

/// Untrusted catalogue text in hovers and completion documentation (spec/lsp.md, Hover): the
/// escaper leaves nothing an editor's markdown would turn into a link, an image, HTML or a code
/// span. Editors also autolink bare text: VS Code (marked) links `ftp://…` and e-mail
/// addresses, Emacs' markdown-mode links `file:`, `mailto:`, `tel:` and many more schemes; so
/// `@` and the colon after any scheme but http(s) are escaped too, and only http(s) stays
/// linkable. The fuzz targets (Tests/Fuzz) check the same on every hover they produce.
@Suite struct HostileMarkdownTests {
    @Test(arguments: [
        ("[click](command:workbench.action.quit)", #"\[click\](command\:workbench.action.quit)"#),
        ("![img](https://evil.example/x.png)", #"\!\[img\](https://evil.example/x.png)"#),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("<https://evil.example>", "&lt;https://evil.example&gt;"),
        ("[ref]: command:x", #"\[ref\]: command\:x"#),
        ("write to archivist@example.org", #"write to archivist\@example.org"#),
        ("mailto:a@b.example", #"mailto\:a\@b.example"#),
        ("ftp://files.example/x", #"ftp\://files.example/x"#),
        ("file:///etc/passwd", #"file\:///etc/passwd"#),
        ("javascript:alert(1)", #"javascript\:alert(1)"#),
        ("tel:+1-555", #"tel\:+1-555"#),
        ("see https://ok.example and http://ok.example", "see https://ok.example and http://ok.example"),
        ("Note: a colon before a space stays", "Note: a colon before a space stays"),
        ("a title ending in Seong-cheo:", #"a title ending in Seong-cheo\:"#),   // the caller may append `**`
        ("10:30, p.3", "10:30, p.3"),
        ("&#x5B;x&#x5D;(command:y) &amp;", #"&amp;#x5B;x&amp;#x5D;(command\:y) &amp;amp;"#),
        ("`code` *em* _u_ ~~s~~ | pipe \\", #"\`code\` \*em\* \_u\_ \~\~s\~\~ \| pipe \\"#),
        ("# Heading", ##"\# Heading"##),
        ("    indented code", "indented code"),
        ("line\nbreak\r\n\ttab", "line break   tab"),
    ] as [(String, String)])
    func escapes(_ text: String, _ expected: String) {
        #expect(Markdown.escape(text) == expected)
        #expect(inertMarkdownProblems(Markdown.escape(text)) == [])
    }

    @Test func onlyPlainHTTPURLsBecomeLinks() {
        #expect(Markdown.link("https://ok.example/a?b=1") == "<https://ok.example/a?b=1>")
        #expect(Markdown.link("HTTP://OK.EXAMPLE") == "<HTTP://OK.EXAMPLE>")
        for url in ["command:workbench.action.quit", "javascript:alert(1)", "file:///etc/passwd", "ftp://x.example",
                    "https://ok.example/a b", "https://ok.example/<x>", "https://ok.example/\"", "https://ok.example/`x`",
                    "https://ok.example/\n", "data:text/html,<b>", " https://ok.example"] {
            #expect(Markdown.link(url) == nil, "\(url)")
        }
    }

    /// Random text from markdown's active characters: the escaped form is always inert.
    @Test func randomTextIsAlwaysInert() {
        let pieces = ["[", "]", "(", ")", "!", "<", ">", "&", "#", ";", "`", "*", "_", "~", "|", "\\", "@", ":", "//", " ",
                      "\n", "\t", "a", "http", "https", "command", "mailto", "ftp", "x.y", "é", "😀", "-", "+", "=", "1."]
        var state: UInt64 = 7
        for _ in 0..<5_000 {
            var text = ""
            for _ in 0..<(1 + Int(next(&state) % 24)) { text += pieces[Int(next(&state) % UInt64(pieces.count))] }
            let escaped = Markdown.escape(text)
            #expect(inertMarkdownProblems(escaped) == [], "\(text.debugDescription) → \(escaped.debugDescription)")
        }
    }

    private func next(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What makes escaped text unsafe: a bracket, backtick or `@` not escaped, a `<` (the escaper
/// writes none; links come from `Markdown.link`), an `&` that does not start one of the escaper's
/// entities, a line break, a bare `:` after a URI scheme other than http(s) and before a
/// non-space, or a lone trailing backslash.
func inertMarkdownProblems(_ md: String) -> [String] {
    var problems: [String] = []
    let s = Array(md.unicodeScalars)
    var i = 0
    while i < s.count {
        let c = s[i]
        switch c {
        case "\\":
            if i + 1 >= s.count { problems.append("trailing backslash") }
            i += 2
            continue
        case "[", "]", "`", "@", "<", "\n", "\r":
            problems.append("unescaped \(c.escaped(asASCII: true)) at \(i)")
        case "&":
            let rest = String(String.UnicodeScalarView(s[i...]))
            if !(rest.hasPrefix("&lt;") || rest.hasPrefix("&gt;") || rest.hasPrefix("&amp;")) { problems.append("raw & at \(i)") }
        case ":":
            var k = i
            while k > 0, s[k - 1].isASCII, s[k - 1].properties.isAlphabetic || ("0"..."9").contains(s[k - 1]) || s[k - 1] == "+" || s[k - 1] == "." || s[k - 1] == "-" { k -= 1 }
            while k < i && !(s[k].isASCII && s[k].properties.isAlphabetic) { k += 1 }
            let scheme = String(String.UnicodeScalarView(s[k..<i])).lowercased()
            let spaceAfter = i + 1 >= s.count || s[i + 1].properties.isWhitespace
            if !scheme.isEmpty && scheme != "http" && scheme != "https" && !spaceAfter { problems.append("bare \(scheme): at \(i)") }
        default:
            break
        }
        i += 1
    }
    return problems
}
