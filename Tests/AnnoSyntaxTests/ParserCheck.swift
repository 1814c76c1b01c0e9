import Testing
@testable import AnnoSyntax

/// The one helper the parser tests go through: parse `input` and compare a plain-text rendering
/// of what was found with `expected`, one citation per line:
///
///     «[[1960 | Memo [draft]]]» "1960" "Memo [draft]"
///     «[[1961 | Wrapped⏎title» unclosed "1961" "Wrapped title"=«Wrapped⏎title»
///
/// `«…»` is the source a range covers (line breaks shown as ⏎ for LF, ␍ for CR, → for tab);
/// each part is its text, followed by `=«raw»` when its range covers something other than its
/// text. Also checks the invariants every parse must hold (see `checkInvariants`).
func check(_ input: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
    check(Array(input.utf8), expected, sourceLocation: sourceLocation)
}

func check(_ input: [UInt8], _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let note = NoteParser.parse(input)
    checkInvariants(input, note, sourceLocation: sourceLocation)
    #expect(render(input, note) == expected, sourceLocation: sourceLocation)
}

func render(_ source: [UInt8], _ note: ParsedNote) -> String {
    note.citations.map { citation in
        var line = "«" + excerpt(source, citation.range) + "»"
        if !citation.isClosed { line += " unclosed" }
        for part in citation.parts {
            let shown = part.text.replacingControls()
            line += " \"" + shown + "\""
            let raw = excerpt(source, part.range)
            if raw != shown { line += "=«" + raw + "»" }
        }
        return line
    }.joined(separator: "\n")
}

func excerpt(_ source: [UInt8], _ range: Range<Int>) -> String {
    guard range.lowerBound >= 0, range.upperBound <= source.count else { return "<out of bounds \(range)>" }
    return String(decoding: source[range], as: UTF8.self).replacingControls()
}

extension String {
    func replacingControls() -> String {
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": out += "⏎"
            case "\r": out += "␍"
            case "\t": out += "→"
            case "\0": out += "␀"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// What holds for every parse, whatever the input:
/// citations are in order and do not overlap; each starts with `[[`; a closed one ends with `]]`;
/// an unclosed one does not end in whitespace; parts are in order inside the interior, their
/// ranges are trimmed, and an empty part has an empty range.
func checkInvariants(_ source: [UInt8], _ note: ParsedNote, sourceLocation: SourceLocation = #_sourceLocation) {
    // `anno check`'s path: the spans alone, then parts only for the citations it needs.
    let spans = NoteParser.citationSpans(source)
    #expect(spans == note.citations.map { CitationSpan(range: $0.range, isClosed: $0.isClosed) },
            "citationSpans finds the citations parse finds", sourceLocation: sourceLocation)
    for citation in note.citations {
        #expect(NoteParser.citation(openingAt: citation.range.lowerBound, in: source) == citation,
                "citation(openingAt:) rebuilds the citation parse gives", sourceLocation: sourceLocation)
    }
    var previousEnd = 0
    for citation in note.citations {
        let r = citation.range
        guard r.lowerBound >= previousEnd, r.upperBound <= source.count, r.count >= 2 else {
            Issue.record("citation range \(r) out of order or bounds (previous end \(previousEnd))", sourceLocation: sourceLocation)
            return
        }
        previousEnd = r.upperBound
        #expect(source[r.lowerBound] == 0x5B && source[r.lowerBound + 1] == 0x5B, "starts with [[", sourceLocation: sourceLocation)
        if citation.isClosed {
            #expect(r.count >= 4 && source[r.upperBound - 1] == 0x5D && source[r.upperBound - 2] == 0x5D,
                    "closed citation ends with ]]", sourceLocation: sourceLocation)
        } else {
            #expect(!isSpace(source[r.upperBound - 1]), "unclosed citation ends at a non-space", sourceLocation: sourceLocation)
        }
        #expect(!citation.parts.isEmpty, "a citation has at least one part", sourceLocation: sourceLocation)
        var partEnd = citation.interior.lowerBound
        for part in citation.parts {
            let p = part.range
            #expect(p.lowerBound >= partEnd && p.upperBound <= citation.interior.upperBound,
                    "part \(p) inside interior \(citation.interior), after \(partEnd)", sourceLocation: sourceLocation)
            partEnd = p.upperBound
            if p.isEmpty {
                #expect(part.text.isEmpty, "an empty range has empty text", sourceLocation: sourceLocation)
            } else if p.upperBound <= source.count {
                #expect(!isSpace(source[p.lowerBound]) && !isSpace(source[p.upperBound - 1]),
                        "part range is trimmed", sourceLocation: sourceLocation)
                #expect(!part.text.isEmpty, sourceLocation: sourceLocation)
            }
            #expect(!part.text.hasPrefix(" ") && !part.text.hasSuffix(" ") && !part.text.contains("  "),
                    "part text is trimmed and collapsed", sourceLocation: sourceLocation)
            #expect(!part.text.contains("\n") && !part.text.contains("\r") && !part.text.contains("\t"),
                    sourceLocation: sourceLocation)
        }
    }
}

func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
