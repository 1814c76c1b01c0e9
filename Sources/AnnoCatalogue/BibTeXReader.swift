/// Reads BibTeX and BibLaTeX as Zotero and Better BibTeX export them: `@type{key, field = {…}}`
/// entries (or `(…)`), values in braces, quotes, numbers or `@string` macros joined with `#`.
/// Text between entries is a comment, as in BibTeX. Values are decoded from LaTeX (`LaTeX`).
///
/// Anno uses `title`; `date` (BibLaTeX) or `year`, `month`, `day`; `abstract` (or
/// `annotation`, `annote`) as the summary; `url`; `archive`; `archive_location`. An entry that
/// does not parse is an error and skipped: reading goes on at the next line that starts with `@`.
enum BibTeXReader {
    static func load(bytes: [UInt8], path: String?, defaultName: String) -> Catalogue {
        let out = ImportedCatalogue(bytes: bytes, path: path, name: defaultName)
        var parser = BibTeXParser(bytes: bytes)
        while let item = parser.next() {
            switch item {
            case .entry(let entry):
                out.add(importedEntry(entry))
            case .problem(let severity, let message, let at):
                out.problem(severity, message, at: at)
            }
        }
        return out.catalogue
    }

    static func importedEntry(_ e: BibTeXEntry) -> ImportedEntry {
        var entry = ImportedEntry(fallbackLabel: "the @\(e.type) entry", start: e.start)
        if !e.key.isEmpty { entry.id = e.key; entry.idAt = e.keyAt }
        func field(_ names: String...) -> (String, Int)? {
            for n in names { if let f = e.fields[n] { return (LaTeX.decode(f.value), f.at) } }
            return nil
        }
        entry.title = field("title")?.0
        if let (date, at) = field("date"), !date.isEmpty {
            entry.date = .text(date)
            entry.dateAt = at
        } else if let (year, at) = field("year") {
            entry.date = .fields(year: year, month: field("month")?.0, day: field("day")?.0)
            entry.dateAt = at
        }
        entry.summary = field("abstract", "annotation", "annote")?.0
        entry.url = e.fields["url"].map { LaTeX.decodeVerbatim($0.value) }
        entry.archive = field("archive")?.0
        entry.archiveLocation = field("archive_location", "archivelocation")?.0
        return entry
    }
}

struct BibTeXEntry {
    var type: String
    var key: String
    var keyAt: Int
    var start: Int
    /// Lowercased field name → raw value (braces and LaTeX still in) and its offset.
    var fields: [String: (value: String, at: Int)] = [:]
}

/// A pull parser over the bytes of a .bib file: entries and problems, in file order. Never
/// traps: every index is checked, and an unclosed entry ends at the end of the file.
struct BibTeXParser {
    enum Item {
        case entry(BibTeXEntry)
        case problem(CatalogueProblem.Severity, String, Int)
    }

    struct SyntaxError: Error {
        var message: String
        var at: Int
    }

    let b: [UInt8]
    var i = 0
    var macros: [String: String] = [
        "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
        "jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November", "dec": "December",
    ]
    var pending: [Item] = []

    init(bytes: [UInt8]) { self.b = bytes }

    static let at = UInt8(ascii: "@"), openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
    static let openParen = UInt8(ascii: "("), closeParen = UInt8(ascii: ")"), quote = UInt8(ascii: "\"")
    static let comma = UInt8(ascii: ","), equals = UInt8(ascii: "="), hash = UInt8(ascii: "#")

    mutating func next() -> Item? {
        if !pending.isEmpty { return pending.removeFirst() }
        while i < b.count {
            guard b[i] == BibTeXParser.at else { i += 1; continue }
            let start = i
            i += 1
            skipSpace()
            let type = identifier().lowercased()
            skipSpace()
            guard !type.isEmpty, i < b.count, b[i] == BibTeXParser.openBrace || b[i] == BibTeXParser.openParen else {
                continue    // an '@' in a comment (an e-mail address)
            }
            let close = b[i] == BibTeXParser.openBrace ? BibTeXParser.closeBrace : BibTeXParser.closeParen
            i += 1
            do {
                switch type {
                case "comment", "preamble":
                    try skipBalanced(close: close, start: start)
                case "string":
                    try readStringMacro(close: close)
                default:
                    if let entry = try readEntry(type: type, start: start, close: close) { return .entry(entry) }
                }
            } catch let error as SyntaxError {
                recover()
                return .problem(.error, error.message, error.at)
            } catch {
                recover()
                return .problem(.error, "invalid BibTeX", start)
            }
        }
        return nil
    }

    /// After a syntax error: the next line that starts with '@'.
    mutating func recover() {
        while i < b.count {
            if b[i] == 0x0A {
                var j = i + 1
                while j < b.count && (b[j] == 0x20 || b[j] == 0x09) { j += 1 }
                if j < b.count && b[j] == BibTeXParser.at { i = j; return }
            }
            i += 1
        }
    }

    mutating func skipSpace() {
        while i < b.count && (b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D) { i += 1 }
    }

    static func isIdentifierByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)
            || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: ":") || c == UInt8(ascii: ".")
            || c == UInt8(ascii: "+") || c == UInt8(ascii: "/") || c >= 0x80
    }

    mutating func identifier() -> String {
        let s = i
        while i < b.count && BibTeXParser.isIdentifierByte(b[i]) { i += 1 }
        return String(decoding: b[s..<i], as: UTF8.self)
    }

    func describe(_ offset: Int) -> String {
        guard offset < b.count else { return "the end of the file" }
        let c = b[offset]
        if c == 0x0A || c == 0x0D { return "a line break" }
        if c < 0x80 { return "'\(String(UnicodeScalar(c)))'" }
        return "a non-ASCII character"
    }

    mutating func skipBalanced(close: UInt8, start: Int) throws {
        var depth = 0
        while i < b.count {
            let c = b[i]
            i += 1
            if c == BibTeXParser.openBrace || (close == BibTeXParser.closeParen && c == BibTeXParser.openParen) { depth += 1 }
            else if c == close && depth == 0 { return }
            else if c == BibTeXParser.closeBrace || (close == BibTeXParser.closeParen && c == BibTeXParser.closeParen) { depth -= 1 }
        }
        throw SyntaxError(message: "unclosed @ block: it needs a closing '\(String(UnicodeScalar(close)))'", at: start)
    }

    mutating func readStringMacro(close: UInt8) throws {
        skipSpace()
        let nameAt = i
        let name = identifier().lowercased()
        guard !name.isEmpty else { throw SyntaxError(message: "expected a macro name in @string, found \(describe(i))", at: nameAt) }
        skipSpace()
        guard i < b.count, b[i] == BibTeXParser.equals else { throw SyntaxError(message: "expected '=' after the macro name \"\(name)\", found \(describe(i))", at: i) }
        i += 1
        let value = try readValue()
        skipSpace()
        guard i < b.count, b[i] == close else { throw SyntaxError(message: "expected '\(String(UnicodeScalar(close)))' to end the @string, found \(describe(i))", at: i) }
        i += 1
        macros[name] = value
    }

    mutating func readEntry(type: String, start: Int, close: UInt8) throws -> BibTeXEntry? {
        skipSpace()
        let keyAt = i
        while i < b.count, b[i] != BibTeXParser.comma, b[i] != close, b[i] != 0x20, b[i] != 0x09, b[i] != 0x0A, b[i] != 0x0D {
            if b[i] == BibTeXParser.openBrace || b[i] == BibTeXParser.quote || b[i] == BibTeXParser.equals {
                throw SyntaxError(message: "expected the entry's key after '@\(type)\(close == BibTeXParser.closeBrace ? "{" : "(")', found \(describe(i))", at: i)
            }
            i += 1
        }
        var entry = BibTeXEntry(type: type, key: String(decoding: b[keyAt..<i], as: UTF8.self), keyAt: keyAt, start: start)
        skipSpace()
        guard i < b.count else { throw unclosed(entry) }
        if b[i] == close { i += 1; return entry }
        guard b[i] == BibTeXParser.comma else { throw SyntaxError(message: "expected ',' after the key \"\(entry.key)\", found \(describe(i))", at: i) }
        i += 1
        while true {
            skipSpace()
            guard i < b.count else { throw unclosed(entry) }
            if b[i] == close { i += 1; return entry }
            if b[i] == BibTeXParser.comma { i += 1; continue }
            let nameAt = i
            let name = identifier().lowercased()
            guard !name.isEmpty else {
                throw SyntaxError(message: "expected a field name in \(label(entry)), found \(describe(i))", at: i)
            }
            skipSpace()
            guard i < b.count else { throw unclosed(entry) }
            guard b[i] == BibTeXParser.equals else {
                throw SyntaxError(message: "expected '=' after the field name \"\(name)\" in \(label(entry)), found \(describe(i))", at: i)
            }
            i += 1
            skipSpace()
            let valueAt = i
            let value = try readValue(in: entry)
            if entry.fields[name] != nil {
                pending.append(.problem(.warning, "\(label(entry)) has \"\(name)\" twice; the first is used", nameAt))
            } else {
                entry.fields[name] = (value, valueAt)
            }
            skipSpace()
            guard i < b.count else { throw unclosed(entry) }
            if b[i] == BibTeXParser.comma { i += 1; continue }
            if b[i] == close { i += 1; return entry }
            throw SyntaxError(message: "expected ',' or '\(String(UnicodeScalar(close)))' after the field \"\(name)\" in \(label(entry)), found \(describe(i))", at: i)
        }
    }

    func label(_ entry: BibTeXEntry) -> String {
        entry.key.isEmpty ? "the @\(entry.type) entry" : "entry \"\(entry.key)\""
    }

    func unclosed(_ entry: BibTeXEntry) -> SyntaxError {
        SyntaxError(message: "\(label(entry)) is not closed before the end of the file", at: entry.start)
    }

    /// A value: pieces joined with '#'.
    mutating func readValue(in entry: BibTeXEntry? = nil) throws -> String {
        var value = ""
        while true {
            skipSpace()
            guard i < b.count else { throw SyntaxError(message: "expected a value, found the end of the file", at: i) }
            let pieceAt = i
            switch b[i] {
            case BibTeXParser.openBrace:
                i += 1
                value += try braced(from: pieceAt)
            case BibTeXParser.quote:
                i += 1
                value += try quoted(from: pieceAt)
            case 0x30...0x39:
                let s = i
                while i < b.count && b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
                value += String(decoding: b[s..<i], as: UTF8.self)
            default:
                let name = identifier()
                guard !name.isEmpty else {
                    throw SyntaxError(message: "expected a value (in braces, quotes, a number or a macro), found \(describe(i))", at: i)
                }
                if let expansion = macros[name.lowercased()] { value += expansion }
                else { pending.append(.problem(.warning, "unknown @string macro \"\(name)\"; it reads as empty", pieceAt)) }
            }
            skipSpace()
            if i < b.count && b[i] == BibTeXParser.hash { i += 1; continue }
            return value
        }
    }

    /// The text up to the brace that closes the one just read (nested braces kept for LaTeX).
    mutating func braced(from start: Int) throws -> String {
        var depth = 0
        let s = i
        while i < b.count {
            let c = b[i]
            if c == 0x5C { i += 2; continue }           // \{ and \} do not nest
            if c == BibTeXParser.openBrace { depth += 1 }
            else if c == BibTeXParser.closeBrace {
                if depth == 0 {
                    let text = String(decoding: b[s..<i], as: UTF8.self)
                    i += 1
                    return text
                }
                depth -= 1
            }
            i += 1
        }
        i = b.count
        throw SyntaxError(message: "unclosed '{' in a value: it needs a matching '}'", at: start)
    }

    /// The text up to the next '"' outside braces.
    mutating func quoted(from start: Int) throws -> String {
        var depth = 0
        let s = i
        while i < b.count {
            let c = b[i]
            if c == 0x5C { i += 2; continue }
            if c == BibTeXParser.openBrace { depth += 1 }
            else if c == BibTeXParser.closeBrace { depth = max(0, depth - 1) }
            else if c == BibTeXParser.quote && depth == 0 {
                let text = String(decoding: b[s..<i], as: UTF8.self)
                i += 1
                return text
            }
            i += 1
        }
        i = b.count
        throw SyntaxError(message: "unclosed '\"' in a value: it needs a closing '\"'", at: start)
    }
}
