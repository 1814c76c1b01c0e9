import AnnoCheck
import AnnoJSON
import AnnoProtocol
import AnnoSyntax

/// Semantic tokens for citations, so that editors without an Anno grammar still colour them:
/// the date, the title, the locator and the punctuation (`[[`, `|`, `]]`), with parts that a
/// diagnostic (error or warning) covers marked `broken`.
///
/// The types are LSP's standard ones, so every theme colours them without configuration:
/// date `number`, title `string`, locator `property`, punctuation `operator` (spec/lsp.md).
/// Tokens never span lines: a wrapped title is one token per line.
struct CitationTokens {
    enum Kind: Int, CaseIterable {
        case date = 0, title, locator, punctuation
    }

    static let legend = SemanticTokensLegend(tokenTypes: ["number", "string", "property", "operator"], tokenModifiers: ["broken"])
    static let brokenBit = 1

    struct Token: Equatable {
        var range: Range<Int>
        var kind: Kind
        var broken: Bool
    }

    /// Tokens of the citations that touch `window` (the whole note when nil), in text order.
    static func tokens(note: ParsedNote, bytes: [UInt8], diagnostics: [Diagnostic], window: Range<Int>? = nil) -> [Token] {
        let broken = diagnostics.filter { $0.severity == .error || $0.severity == .warning }.map(\.range)
        func isBroken(_ r: Range<Int>) -> Bool { broken.contains { $0.overlaps(r) } }
        var out: [Token] = []
        for c in note.citations {
            if let window, c.range.upperBound < window.lowerBound || c.range.lowerBound > window.upperBound { continue }
            var tokens: [Token] = []
            let open = c.range.lowerBound..<min(c.range.lowerBound + 2, c.range.upperBound)
            tokens.append(Token(range: open, kind: .punctuation, broken: false))
            for (i, part) in c.parts.enumerated() where !part.range.isEmpty {
                tokens.append(Token(range: part.range, kind: kind(ofPart: i, in: c), broken: false))
            }
            // Separators: the only non-space bytes of the interior outside the parts.
            let partRanges = c.parts.map(\.range).filter { !$0.isEmpty }
            var p = 0
            var i = c.interior.lowerBound
            while i < c.interior.upperBound && i < bytes.count {
                while p < partRanges.count && partRanges[p].upperBound <= i { p += 1 }
                if p < partRanges.count && partRanges[p].contains(i) { i = partRanges[p].upperBound; continue }
                if bytes[i] == 0x7C { tokens.append(Token(range: i..<(i + 1), kind: .punctuation, broken: false)) }
                i += 1
            }
            if c.isClosed && c.range.count >= 4 {
                tokens.append(Token(range: (c.range.upperBound - 2)..<c.range.upperBound, kind: .punctuation, broken: false))
            }
            let wholeBroken = broken.contains { $0 == c.range }
            for var t in tokens.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
                t.broken = wholeBroken || (t.kind != .punctuation && isBroken(t.range))
                if let window, !t.range.overlaps(window) { continue }
                out.append(t)
            }
        }
        return out
    }

    /// Part 0 is the date, 1 the title, 2 on the locator; a lone part that is not a date
    /// (`[[TITLE]]`) is a title.
    static func kind(ofPart i: Int, in c: Citation) -> Kind {
        switch i {
        case 0:
            if c.parts.count == 1, let first = c.parts[0].text.utf8.first, !(first >= 0x30 && first <= 0x39) { return .title }
            return .date
        case 1: return .title
        default: return .locator
        }
    }

    /// LSP's relative encoding, one token per line a token covers, columns in `unit`.
    static func encode(_ tokens: [Token], lines: LineTable, unit: ColumnUnit) -> [Int] {
        var data: [Int] = []
        data.reserveCapacity(tokens.count * 5)
        var previousLine = 0, previousStart = 0
        for t in tokens {
            let first = lines.line(containingByte: t.range.lowerBound)
            let last = lines.line(containingByte: max(t.range.lowerBound, t.range.upperBound - 1))
            for line in first...max(first, last) {
                let content = lines.contentRange(ofLine: line)
                var start = max(t.range.lowerBound, content.lowerBound)
                var end = min(t.range.upperBound, content.upperBound)
                // A wrapped part's indentation and trailing spaces are not part of its text.
                while start < end && (lines.bytes[start] == 0x20 || lines.bytes[start] == 0x09) { start += 1 }
                while end > start && (lines.bytes[end - 1] == 0x20 || lines.bytes[end - 1] == 0x09) { end -= 1 }
                guard end > start else { continue }
                let column = lines.position(ofByte: start, in: unit).column
                let length = LineTable.count(lines.bytes, from: start, to: end, in: unit)
                let deltaLine = line - previousLine
                data += [deltaLine, deltaLine == 0 ? column - previousStart : column, length, t.kind.rawValue, t.broken ? brokenBit : 0]
                previousLine = line
                previousStart = column
            }
        }
        return data
    }
}

extension LanguageServer {
    func semanticTokensFull(_ params: SemanticTokensParams) throws -> JSONValue {
        let doc = try document(params.textDocument.uri)
        return semanticTokens(doc, window: nil)
    }

    func semanticTokensRange(_ params: SemanticTokensRangeParams) throws -> JSONValue {
        let doc = try document(params.textDocument.uri)
        let start = byteOffset(params.range.start, in: doc)
        let end = max(start, byteOffset(params.range.end, in: doc))
        return semanticTokens(doc, window: start..<end)
    }

    private func semanticTokens(_ doc: OpenDocument, window: Range<Int>?) -> JSONValue {
        let diagnostics = doc.diagnostics(checker: context(forURI: doc.uri).checker)
        let tokens = CitationTokens.tokens(note: doc.note, bytes: doc.bytes, diagnostics: diagnostics, window: window)
        return SemanticTokens(data: CitationTokens.encode(tokens, lines: doc.lines, unit: unit)).json
    }
}
