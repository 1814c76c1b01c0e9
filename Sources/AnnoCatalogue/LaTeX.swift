import Foundation

/// Plain text from the LaTeX in BibTeX values: grouping braces dropped, accents (`\'e`,
/// `{\"o}`, `\v{s}`, `\c c`) and special letters (`\ss`, `\o`, `\l`, `\i`) as Unicode, escaped
/// specials (`\&`, `\%`, `\$`, `\#`, `\_`, `\{`, `\}`) as themselves, `~` as a space, `--` and
/// `---` as dashes, ``` `` ``` and `''` as curly quotes, formatting commands (`\emph{…}`,
/// `\textit{…}`) as their text, and runs of whitespace as one space. Output is NFC.
public enum LaTeX {
    public static func decode(_ raw: String) -> String {
        if !raw.unicodeScalars.contains(where: { special.contains($0) }) { return collapse(raw) }
        var d = Decoder(Array(raw.unicodeScalars))
        let out = d.run()
        return collapse(out.precomposedStringWithCanonicalMapping)
    }

    /// A value read verbatim (`url`): grouping braces dropped and `\%`, `\&`, `\_`, `\#`, `\~`,
    /// `\{`, `\}` unescaped; nothing else changes (a URL's `~` and `--` stay).
    public static func decodeVerbatim(_ raw: String) -> String {
        var out = String.UnicodeScalarView()
        var it = raw.unicodeScalars.makeIterator()
        while let c = it.next() {
            switch c {
            case "{", "}": continue
            case "\\":
                guard let d = it.next() else { break }
                if !"%&_#~{}$".unicodeScalars.contains(d) { out.append(c) }
                out.append(d)
            default:
                if !c.properties.isWhitespace { out.append(c) }
            }
        }
        return String(out)
    }

    static let special: Set<Unicode.Scalar> = ["{", "}", "\\", "~", "-", "`", "'", "$"]

    static func collapse(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for c in s.unicodeScalars {
            if c.properties.isWhitespace { pendingSpace = !out.isEmpty; continue }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(c)
        }
        return String(out)
    }

    /// Accent commands → combining mark.
    static let accents: [String: Unicode.Scalar] = [
        "'": "\u{0301}", "`": "\u{0300}", "^": "\u{0302}", "\"": "\u{0308}", "~": "\u{0303}", "=": "\u{0304}",
        ".": "\u{0307}", "u": "\u{0306}", "v": "\u{030C}", "H": "\u{030B}", "c": "\u{0327}", "k": "\u{0328}",
        "r": "\u{030A}", "d": "\u{0323}", "b": "\u{0331}", "t": "\u{0361}",
    ]

    /// Commands that stand for text.
    static let symbols: [String: String] = [
        "ss": "ß", "SS": "SS", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
        "aa": "å", "AA": "Å", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ",
        "dj": "đ", "DJ": "Đ", "textendash": "–", "textemdash": "—", "textquoteleft": "‘", "textquoteright": "’",
        "textquotedblleft": "“", "textquotedblright": "”", "textquotesingle": "'", "textquotedbl": "\"",
        "textellipsis": "…", "ldots": "…", "dots": "…", "S": "§", "P": "¶", "textsection": "§", "textparagraph": "¶",
        "copyright": "©", "textcopyright": "©", "textregistered": "®", "texttrademark": "™", "pounds": "£",
        "textsterling": "£", "euro": "€", "texteuro": "€", "textbackslash": "\\", "textasciitilde": "~",
        "textasciicircum": "^", "textasciigrave": "`", "textunderscore": "_", "textbar": "|", "textless": "<", "textgreater": ">",
        "textdegree": "°", "LaTeX": "LaTeX", "TeX": "TeX", "guillemotleft": "«", "guillemotright": "»",
        "guillemetleft": "«", "guillemetright": "»", "quad": " ", "qquad": " ", "nobreakspace": " ", "space": " ",
        "slash": "/", "textperiodcentered": "·", "textbullet": "•", "textnumero": "№", "dag": "†", "ddag": "‡",
    ]

    struct Decoder {
        let s: [Unicode.Scalar]
        var i = 0
        var out = String.UnicodeScalarView()

        init(_ s: [Unicode.Scalar]) { self.s = s }

        func at(_ k: Int) -> Unicode.Scalar? { k < s.count ? s[k] : nil }

        static func isLetter(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }

        mutating func run() -> String {
            while i < s.count {
                let c = s[i]
                switch c {
                case "{", "}", "$":
                    i += 1
                case "\\":
                    i += 1
                    command()
                case "~":
                    out.append(" "); i += 1
                case "-":
                    if at(i + 1) == "-" && at(i + 2) == "-" { out.append("—"); i += 3 }
                    else if at(i + 1) == "-" { out.append("–"); i += 2 }
                    else { out.append("-"); i += 1 }
                case "`":
                    if at(i + 1) == "`" { out.append("“"); i += 2 } else { out.append("‘"); i += 1 }
                case "'":
                    if at(i + 1) == "'" { out.append("”"); i += 2 } else { out.append("'"); i += 1 }
                default:
                    out.append(c); i += 1
                }
            }
            return String(out)
        }

        /// After a backslash.
        mutating func command() {
            guard let d = at(i) else { return }
            if Decoder.isLetter(d) {
                let start = i
                while let c = at(i), Decoder.isLetter(c) { i += 1 }
                let name = String(String.UnicodeScalarView(s[start..<i]))
                while let c = at(i), c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1 }
                if let mark = LaTeX.accents[name] { accent(mark); return }
                if let text = LaTeX.symbols[name] { out.append(contentsOf: text.unicodeScalars) }
                // Any other command (\emph, \textit, \url, …): its braced argument reads as text.
                return
            }
            let name = String(d)
            if let mark = LaTeX.accents[name] { i += 1; accent(mark); return }
            i += 1
            switch d {
            case "\\", " ", "\n", "\t", ",", ";", ":", "!": out.append(" ")
            case "-", "/", "@": break
            default: out.append(d)                  // \& \% \$ \# \_ \{ \}
            }
        }

        /// The accent's argument: `{x}`, `x`, `{\i}`, `\i`; the mark goes after its first letter.
        mutating func accent(_ mark: Unicode.Scalar) {
            while let c = at(i), c == " " { i += 1 }
            var base: [Unicode.Scalar] = []
            if at(i) == "{" {
                i += 1
                var depth = 0
                while let c = at(i) {
                    i += 1
                    if c == "{" { depth += 1; continue }
                    if c == "}" { if depth == 0 { break }; depth -= 1; continue }
                    if c == "\\" {
                        var inner = Decoder(Array(s[i...]))
                        inner.command()
                        base.append(contentsOf: inner.out)
                        i += inner.i
                        continue
                    }
                    base.append(c)
                }
            } else if at(i) == "\\" {
                i += 1
                var inner = Decoder(Array(s[i...]))
                inner.command()
                base.append(contentsOf: inner.out)
                i += inner.i
            } else if let c = at(i) {
                base.append(c)
                i += 1
            }
            guard let first = base.first else { out.append(mark); return }
            // A dotless i or j takes the accent as i or j.
            out.append(first == "ı" ? "i" : (first == "ȷ" ? "j" : first))
            out.append(mark)
            out.append(contentsOf: base.dropFirst())
        }
    }
}
