import AnnoJSON
import AnnoProtocol

/// How `Position.character` counts, as negotiated at initialize.
public enum PositionEncoding: String, Sendable, CaseIterable, CustomStringConvertible {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case utf32 = "utf-32"

    public var description: String { rawValue }

    /// Code units one scalar takes.
    func width(_ scalar: Unicode.Scalar) -> Int {
        switch self {
        case .utf8: return UTF8.width(scalar)
        case .utf16: return UTF16.width(scalar)
        case .utf32: return 1
        }
    }
}

/// A note as the editor shows it, with markers: `$0` (or `$1`…`$9`) where a cursor is, `«…»`
/// around an expected range. `text` is the note without markers; positions are LSP positions
/// (0-based line, character in the chosen encoding); lines end at LF, CRLF or CR.
///
///     let f = Fixture("См. «[[1960-05-02 | Jour$0nal]]»")
///     f.text        // "См. [[1960-05-02 | Journal]]"
///     f.cursor      // line 0, character 24 in UTF-16
///     f.range       // the citation
public struct Fixture: Sendable {
    public let text: String
    public let encoding: PositionEncoding
    public let cursors: [Int: Position]
    /// Ranges in the order their `«` appears.
    public let ranges: [LSPRange]

    public init(_ marked: String, encoding: PositionEncoding = .utf16) {
        self.encoding = encoding
        var text = String.UnicodeScalarView()
        var cursors: [Int: Position] = [:]
        var opened: [(index: Int, start: Position)] = []
        var ranges: [(index: Int, range: LSPRange)] = []
        var line = 0, character = 0
        let scalars = Array(marked.unicodeScalars)
        var i = 0
        var rangeCount = 0
        while i < scalars.count {
            let s = scalars[i]
            if s == "$", i + 1 < scalars.count, let digit = Int(String(scalars[i + 1])), scalars[i + 1].isASCII {
                precondition(cursors[digit] == nil, "fixture has two $\(digit) markers")
                cursors[digit] = Position(line: line, character: character)
                i += 2
                continue
            }
            if s == "«" {
                opened.append((rangeCount, Position(line: line, character: character)))
                rangeCount += 1
                i += 1
                continue
            }
            if s == "»" {
                guard let open = opened.popLast() else { preconditionFailure("fixture has » without «") }
                ranges.append((open.index, LSPRange(start: open.start, end: Position(line: line, character: character))))
                i += 1
                continue
            }
            text.append(s)
            if s == "\n" || (s == "\r" && (i + 1 == scalars.count || scalars[i + 1] != "\n")) {
                line += 1
                character = 0
            } else if s != "\r" {
                character += encoding.width(s)
            }
            i += 1
        }
        precondition(opened.isEmpty, "fixture has « without »")
        self.text = String(text)
        self.cursors = cursors
        self.ranges = ranges.sorted { $0.index < $1.index }.map(\.range)
    }

    /// The `$0` cursor.
    public var cursor: Position {
        guard let c = cursors[0] else { preconditionFailure("fixture has no $0 marker") }
        return c
    }

    public func cursor(_ n: Int) -> Position {
        guard let c = cursors[n] else { preconditionFailure("fixture has no $\(n) marker") }
        return c
    }

    /// The first `«…»` range.
    public var range: LSPRange {
        guard let r = ranges.first else { preconditionFailure("fixture has no «…» range") }
        return r
    }

    /// The position at the end of the text.
    public var end: Position { Fixture(text + "$0", encoding: encoding).cursor }
}

extension Position {
    /// `{"line": …, "character": …}` for request params.
    public var lspJSON: JSONValue { ["line": .number(Double(line)), "character": .number(Double(character))] }

    public init?(lsp json: JSONValue?) {
        guard let line = json?["line"]?.intValue, let character = json?["character"]?.intValue else { return nil }
        self.init(line: line, character: character)
    }
}

extension LSPRange {
    public var lspJSON: JSONValue { ["start": start.lspJSON, "end": end.lspJSON] }

    public init?(lsp json: JSONValue?) {
        guard let start = Position(lsp: json?["start"]), let end = Position(lsp: json?["end"]) else { return nil }
        self.init(start: start, end: end)
    }
}

extension PositionEncoding {
    /// The text between two LSP positions of `text`, counted in this encoding (what an editor
    /// takes as "typed" between a completion edit's start and the cursor).
    public func text(of text: String, in range: LSPRange) -> String {
        let start = offset(of: range.start, in: text), end = offset(of: range.end, in: text)
        let scalars = Array(text.unicodeScalars)
        guard start <= end else { return "" }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[start..<end])
        return String(out)
    }

    /// The scalar index of an LSP position (clamped to its line, as LSP asks).
    func offset(of position: Position, in text: String) -> Int {
        let scalars = Array(text.unicodeScalars)
        var line = 0, i = 0
        while line < position.line && i < scalars.count {
            if scalars[i] == "\n" { line += 1 }
            else if scalars[i] == "\r" { if i + 1 < scalars.count && scalars[i + 1] == "\n" { i += 1 }; line += 1 }
            i += 1
        }
        var units = 0
        while i < scalars.count && scalars[i] != "\n" && scalars[i] != "\r" {
            let w = width(scalars[i])
            if units + w > position.character { break }
            units += w
            i += 1
        }
        return i
    }
}
